-- swoop's output tables for Spark SQL when swoop writes Delta Lake (output.format = delta): each
-- table is a Delta table partitioned by snapshot_date, which carries its own schema and partitions,
-- so there is nothing to repair after a run; a new date is visible as soon as its commit is.
--
--   spark-sql --packages io.delta:delta-spark_4.2_2.13:4.4.0 \
--     --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
--     --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
--     -d OUTPUT=/data/swoop -f conf/bi/spark-delta.sql
--
-- ${OUTPUT} is swoop's --output folder. A date's rows as one run published them across tables:
-- the versions in OUTPUT/_runs/snapshot_date=D.json ("delta_versions"), read with
-- SELECT ... FROM swoop.<table> VERSION AS OF <version>. Column meanings: CONTRACT.md section 3.

CREATE DATABASE IF NOT EXISTS swoop;

CREATE TABLE IF NOT EXISTS swoop.rejected_rows
USING DELTA
LOCATION '${OUTPUT}/rejected_rows';

CREATE TABLE IF NOT EXISTS swoop.rep_tenure
USING DELTA
LOCATION '${OUTPUT}/rep_tenure';

CREATE TABLE IF NOT EXISTS swoop.deal_takeovers
USING DELTA
LOCATION '${OUTPUT}/deal_takeovers';

CREATE TABLE IF NOT EXISTS swoop.win_rates
USING DELTA
LOCATION '${OUTPUT}/win_rates';

CREATE TABLE IF NOT EXISTS swoop.win_rate_trends
USING DELTA
LOCATION '${OUTPUT}/win_rate_trends';

CREATE TABLE IF NOT EXISTS swoop.coaching
USING DELTA
LOCATION '${OUTPUT}/coaching';

CREATE TABLE IF NOT EXISTS swoop.takeover_effect
USING DELTA
LOCATION '${OUTPUT}/takeover_effect';

CREATE TABLE IF NOT EXISTS swoop.takeover_effect_balance
USING DELTA
LOCATION '${OUTPUT}/takeover_effect_balance';

CREATE TABLE IF NOT EXISTS swoop.rep_survival
USING DELTA
LOCATION '${OUTPUT}/rep_survival';

CREATE TABLE IF NOT EXISTS swoop.manager_scorecard
USING DELTA
LOCATION '${OUTPUT}/manager_scorecard';
