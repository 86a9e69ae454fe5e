-- swoop's output tables as DuckDB views over the Parquet files: what the notebooks use, and the
-- quickest way to look at a run. Replace ${OUTPUT} by swoop's --output folder (a local path, or
-- s3://bucket/swoop once the httpfs extension is loaded and a secret for the bucket created):
--
--   sed 's#${OUTPUT}#/data/swoop#g' conf/bi/duckdb.sql | duckdb swoop.duckdb
--
-- Each view covers every snapshot date (the snapshot_date column, typed DATE, comes from the
-- folder names). Filter on the date you want, e.g. the latest:
--   WHERE snapshot_date = (SELECT max(snapshot_date) FROM manager_scorecard)
-- A view reads the files when queried, so a nightly run needs no refresh. DuckDB shows
-- timestamps as TIMESTAMP WITH TIME ZONE (swoop writes UTC instants), money as DECIMAL(18,2),
-- rates as DOUBLE, counts as BIGINT. A table must have at least one run before its view can be
-- created. Column meanings: CONTRACT.md section 3.

-- Show timestamps in UTC, as swoop computes dates (a setting of this session only).
SET TimeZone = 'UTC';

-- One row per late-stage takeover (a manager took a deal from a rep in their chain).
CREATE OR REPLACE VIEW deal_takeovers AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/deal_takeovers/*/*.parquet', hive_partitioning = true);

-- One row per user who ever owned an opportunity or manages someone.
CREATE OR REPLACE VIEW rep_tenure AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/rep_tenure/*/*.parquet', hive_partitioning = true);

-- One row per entity (rep, manager, org) and calendar quarter, with a 95 % Wilson interval.
CREATE OR REPLACE VIEW win_rates AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/win_rates/*/*.parquet', hive_partitioning = true);

-- One row per entity: the weighted trend of its win rate over the last quarters.
CREATE OR REPLACE VIEW win_rate_trends AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/win_rate_trends/*/*.parquet', hive_partitioning = true);

-- One row per manager: takeovers, shares, attrition, team win rate and the micromanagement index.
CREATE OR REPLACE VIEW manager_scorecard AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/manager_scorecard/*/*.parquet', hive_partitioning = true);

-- One row per manager and active direct report: one-to-one meetings and hours per week.
CREATE OR REPLACE VIEW coaching AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/coaching/*/*.parquet', hive_partitioning = true);

-- One row per manager (and the org) and spell duration: Kaplan-Meier survival of reps' spells under
-- the manager, with the Greenwood log(-log) 95 % interval.
CREATE OR REPLACE VIEW rep_survival AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/rep_survival/*/*.parquet', hive_partitioning = true);

-- One row per manager (and the org): taken-over deals against comparable deals, with a 95 % interval.
CREATE OR REPLACE VIEW takeover_effect AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/takeover_effect/*/*.parquet', hive_partitioning = true);

-- One row per takeover_effect row with a matched deal and per covariate: how comparable the controls were.
CREATE OR REPLACE VIEW takeover_effect_balance AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/takeover_effect_balance/*/*.parquet', hive_partitioning = true);

-- Input rows that could not be read, with their object, line and reason.
CREATE OR REPLACE VIEW rejected_rows AS
SELECT * REPLACE (CAST(snapshot_date AS DATE) AS snapshot_date)
FROM read_parquet('${OUTPUT}/rejected_rows/*/*.parquet', hive_partitioning = true);
