-- swoop's output tables for Spark SQL without Hive (the session catalog, Unity Catalog or any
-- Spark 3.x/4.x): Parquet data source tables over swoop's folders.
--
--   spark-sql -d OUTPUT=/data/swoop -f conf/bi/spark.sql
--
-- ${OUTPUT} is swoop's --output folder. snapshot_date is the partition column (the folders
-- snapshot_date=YYYY-MM-DD); run MSCK REPAIR TABLE after each nightly run to see a new date.
-- Spark reads the timestamps as TIMESTAMP (UTC instants); set spark.sql.session.timeZone=UTC
-- to see them as swoop wrote them. Column meanings: CONTRACT.md section 3.

CREATE DATABASE IF NOT EXISTS swoop;

-- One row per late-stage takeover (a manager took a deal from a rep in their chain).
CREATE TABLE IF NOT EXISTS swoop.deal_takeovers (
  `opportunity_id` STRING,
  `changed_at`     TIMESTAMP,
  `from_owner_id`  STRING,
  `to_owner_id`    STRING,
  `levels_up`      INT,
  `stage_name`     STRING,
  `probability`    DOUBLE,
  `amount`         DECIMAL(18,2),
  `outcome`        STRING,
  `returned_at`    TIMESTAMP,
  `snapshot_date`  DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/deal_takeovers';
MSCK REPAIR TABLE swoop.deal_takeovers;

-- One row per user who ever owned an opportunity or manages someone.
CREATE TABLE IF NOT EXISTS swoop.rep_tenure (
  `user_id`       STRING,
  `user_name`     STRING,
  `manager_id`    STRING,
  `start_date`    DATE,
  `end_date`      DATE,
  `is_active`     BOOLEAN,
  `tenure_days`   INT,
  `snapshot_date` DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/rep_tenure';
MSCK REPAIR TABLE swoop.rep_tenure;

-- One row per entity (rep, manager, org) and calendar quarter, with a 95 % Wilson interval.
CREATE TABLE IF NOT EXISTS swoop.win_rates (
  `level`         STRING,
  `entity_id`     STRING,
  `period_start`  DATE,
  `won`           BIGINT,
  `lost`          BIGINT,
  `win_rate`      DOUBLE,
  `win_rate_low`  DOUBLE,
  `win_rate_high` DOUBLE,
  `bookings`      DECIMAL(18,2),
  `snapshot_date` DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/win_rates';
MSCK REPAIR TABLE swoop.win_rates;

-- One row per entity: the weighted trend of its win rate over the last quarters.
CREATE TABLE IF NOT EXISTS swoop.win_rate_trends (
  `level`         STRING,
  `entity_id`     STRING,
  `periods`       INT,
  `first_period`  DATE,
  `last_period`   DATE,
  `slope`         DOUBLE,
  `p_value`       DOUBLE,
  `direction`     STRING,
  `snapshot_date` DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/win_rate_trends';
MSCK REPAIR TABLE swoop.win_rate_trends;

-- One row per manager: takeovers, shares, attrition, team win rate and the micromanagement index.
CREATE TABLE IF NOT EXISTS swoop.manager_scorecard (
  `manager_id`                  STRING,
  `manager_name`                STRING,
  `team_size`                   BIGINT,
  `late_stage_deals`            BIGINT,
  `takeovers`                   BIGINT,
  `takeover_rate`               DOUBLE,
  `takeover_win_rate`           DOUBLE,
  `other_win_rate`              DOUBLE,
  `activity_share`              DOUBLE,
  `edit_share`                  DOUBLE,
  `median_tenure_days`          DOUBLE,
  `attrition_rate`              DOUBLE,
  `team_win_rate`               DOUBLE,
  `team_trend_slope`            DOUBLE,
  `micromanagement_index`       DOUBLE,
  `coaching_hours_per_rep_week` DOUBLE,
  `takeover_effect`             DOUBLE,
  `median_tenure_km_days`       INT,
  `attrition_logrank_p`         DOUBLE,
  `snapshot_date`               DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/manager_scorecard';
MSCK REPAIR TABLE swoop.manager_scorecard;

-- One row per manager and active direct report: one-to-one meetings and hours per week.
CREATE TABLE IF NOT EXISTS swoop.coaching (
  `manager_id`      STRING,
  `rep_id`          STRING,
  `one_to_ones`     BIGINT,
  `minutes`         BIGINT,
  `weeks`           DOUBLE,
  `hours_per_week`  DOUBLE,
  `last_one_to_one` DATE,
  `snapshot_date`   DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/coaching';
MSCK REPAIR TABLE swoop.coaching;

-- One row per manager (and the org) and spell duration: Kaplan-Meier survival of reps' spells under
-- the manager, with the Greenwood log(-log) 95 % interval.
CREATE TABLE IF NOT EXISTS swoop.rep_survival (
  `level`         STRING,
  `entity_id`     STRING,
  `day`           INT,
  `at_risk`       BIGINT,
  `departures`    BIGINT,
  `censored`      BIGINT,
  `survival`      DOUBLE,
  `survival_low`  DOUBLE,
  `survival_high` DOUBLE,
  `snapshot_date` DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/rep_survival';
MSCK REPAIR TABLE swoop.rep_survival;

-- One row per manager (and the org): taken-over deals against comparable deals, with a 95 % interval.
CREATE TABLE IF NOT EXISTS swoop.takeover_effect (
  `level`               STRING,
  `entity_id`           STRING,
  `matched_takeovers`   BIGINT,
  `unmatched_takeovers` BIGINT,
  `taken_over_won`      BIGINT,
  `taken_over_lost`     BIGINT,
  `taken_over_win_rate` DOUBLE,
  `matched_win_rate`    DOUBLE,
  `effect`              DOUBLE,
  `effect_low`          DOUBLE,
  `effect_high`         DOUBLE,
  `p_value`             DOUBLE,
  `e_value`             DOUBLE,
  `e_value_bound`       DOUBLE,
  `snapshot_date`       DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/takeover_effect';
MSCK REPAIR TABLE swoop.takeover_effect;

-- One row per takeover_effect row with a matched deal and per covariate: how comparable the controls were.
CREATE TABLE IF NOT EXISTS swoop.takeover_effect_balance (
  `level`         STRING,
  `entity_id`     STRING,
  `covariate`     STRING,
  `treated_mean`  DOUBLE,
  `control_mean`  DOUBLE,
  `smd`           DOUBLE,
  `snapshot_date` DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/takeover_effect_balance';
MSCK REPAIR TABLE swoop.takeover_effect_balance;

-- Input rows that could not be read, with their object, line and reason.
CREATE TABLE IF NOT EXISTS swoop.rejected_rows (
  `object`        STRING,
  `line`          BIGINT,
  `record_id`     STRING,
  `reason`        STRING,
  `raw`           STRING,
  `snapshot_date` DATE
)
USING PARQUET
PARTITIONED BY (`snapshot_date`)
LOCATION '${OUTPUT}/rejected_rows';
MSCK REPAIR TABLE swoop.rejected_rows;
