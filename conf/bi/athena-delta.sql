-- swoop's output tables in Amazon Athena (engine version 3, AWS Glue catalog) when swoop writes
-- Delta Lake (output.format = delta). Athena reads the schema and the partitions from the Delta
-- log: no columns to declare, no projection, no MSCK REPAIR; a new date is visible once its commit
-- is. Replace ${OUTPUT} by swoop's --output folder as Athena names it (s3://bucket/swoop, not
-- s3a://) before running each statement in the Athena console or with
-- aws athena start-query-execution:
--
--   sed 's#${OUTPUT}#s3://bucket/swoop#g' conf/bi/athena-delta.sql
--
-- Column meanings: CONTRACT.md section 3.

CREATE DATABASE IF NOT EXISTS swoop;

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.rejected_rows
LOCATION '${OUTPUT}/rejected_rows/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.rep_tenure
LOCATION '${OUTPUT}/rep_tenure/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.deal_takeovers
LOCATION '${OUTPUT}/deal_takeovers/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.win_rates
LOCATION '${OUTPUT}/win_rates/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.win_rate_trends
LOCATION '${OUTPUT}/win_rate_trends/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.coaching
LOCATION '${OUTPUT}/coaching/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.takeover_effect
LOCATION '${OUTPUT}/takeover_effect/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.takeover_effect_balance
LOCATION '${OUTPUT}/takeover_effect_balance/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.rep_survival
LOCATION '${OUTPUT}/rep_survival/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS swoop.manager_scorecard
LOCATION '${OUTPUT}/manager_scorecard/'
TBLPROPERTIES ('table_type' = 'DELTA');
