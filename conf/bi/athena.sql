-- swoop's output tables in Amazon Athena (AWS Glue catalog), with partition projection: every
-- snapshot_date from 2024-01-01 to today is known without MSCK REPAIR or crawlers, so a new
-- nightly date is visible at once. Replace ${OUTPUT} by swoop's --output folder as Athena names it
-- (s3://bucket/swoop, not s3a://) before running each statement in the Athena console or with
-- aws athena start-query-execution:
--
--   sed 's#${OUTPUT}#s3://bucket/swoop#g' conf/bi/athena.sql
--
-- Dates without a run simply have no files. Athena reads the timestamps at millisecond precision.
-- Column meanings: CONTRACT.md section 3.

CREATE DATABASE IF NOT EXISTS swoop;

-- One row per late-stage takeover (a manager took a deal from a rep in their chain).
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.deal_takeovers (
  `opportunity_id` STRING,
  `changed_at`     TIMESTAMP,
  `from_owner_id`  STRING,
  `to_owner_id`    STRING,
  `levels_up`      INT,
  `stage_name`     STRING,
  `probability`    DOUBLE,
  `amount`         DECIMAL(18,2),
  `outcome`        STRING,
  `returned_at`    TIMESTAMP
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/deal_takeovers/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/deal_takeovers/snapshot_date=${snapshot_date}/'
);

-- One row per user who ever owned an opportunity or manages someone.
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.rep_tenure (
  `user_id`     STRING,
  `user_name`   STRING,
  `manager_id`  STRING,
  `start_date`  DATE,
  `end_date`    DATE,
  `is_active`   BOOLEAN,
  `tenure_days` INT
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/rep_tenure/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/rep_tenure/snapshot_date=${snapshot_date}/'
);

-- One row per entity (rep, manager, org) and calendar quarter, with a 95 % Wilson interval.
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.win_rates (
  `level`         STRING,
  `entity_id`     STRING,
  `period_start`  DATE,
  `won`           BIGINT,
  `lost`          BIGINT,
  `win_rate`      DOUBLE,
  `win_rate_low`  DOUBLE,
  `win_rate_high` DOUBLE,
  `bookings`      DECIMAL(18,2)
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/win_rates/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/win_rates/snapshot_date=${snapshot_date}/'
);

-- One row per entity: the weighted trend of its win rate over the last quarters.
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.win_rate_trends (
  `level`        STRING,
  `entity_id`    STRING,
  `periods`      INT,
  `first_period` DATE,
  `last_period`  DATE,
  `slope`        DOUBLE,
  `p_value`      DOUBLE,
  `direction`    STRING
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/win_rate_trends/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/win_rate_trends/snapshot_date=${snapshot_date}/'
);

-- One row per manager: takeovers, shares, attrition, team win rate and the micromanagement index.
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.manager_scorecard (
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
  `attrition_logrank_p`         DOUBLE
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/manager_scorecard/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/manager_scorecard/snapshot_date=${snapshot_date}/'
);

-- One row per manager and active direct report: one-to-one meetings and hours per week.
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.coaching (
  `manager_id`      STRING,
  `rep_id`          STRING,
  `one_to_ones`     BIGINT,
  `minutes`         BIGINT,
  `weeks`           DOUBLE,
  `hours_per_week`  DOUBLE,
  `last_one_to_one` DATE
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/coaching/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/coaching/snapshot_date=${snapshot_date}/'
);

-- One row per manager (and the org) and spell duration: Kaplan-Meier survival of reps' spells under
-- the manager, with the Greenwood log(-log) 95 % interval.
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.rep_survival (
  `level`         STRING,
  `entity_id`     STRING,
  `day`           INT,
  `at_risk`       BIGINT,
  `departures`    BIGINT,
  `censored`      BIGINT,
  `survival`      DOUBLE,
  `survival_low`  DOUBLE,
  `survival_high` DOUBLE
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/rep_survival/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/rep_survival/snapshot_date=${snapshot_date}/'
);

-- One row per manager (and the org): taken-over deals against comparable deals, with a 95 % interval.
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.takeover_effect (
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
  `e_value_bound`       DOUBLE
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/takeover_effect/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/takeover_effect/snapshot_date=${snapshot_date}/'
);

-- One row per takeover_effect row with a matched deal and per covariate: how comparable the controls were.
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.takeover_effect_balance (
  `level`        STRING,
  `entity_id`    STRING,
  `covariate`    STRING,
  `treated_mean` DOUBLE,
  `control_mean` DOUBLE,
  `smd`          DOUBLE
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/takeover_effect_balance/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/takeover_effect_balance/snapshot_date=${snapshot_date}/'
);

-- Input rows that could not be read, with their object, line and reason.
CREATE EXTERNAL TABLE IF NOT EXISTS swoop.rejected_rows (
  `object`    STRING,
  `line`      BIGINT,
  `record_id` STRING,
  `reason`    STRING,
  `raw`       STRING
)
PARTITIONED BY (`snapshot_date` DATE)
STORED AS PARQUET
LOCATION '${OUTPUT}/rejected_rows/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.snapshot_date.type' = 'date',
  'projection.snapshot_date.format' = 'yyyy-MM-dd',
  'projection.snapshot_date.range' = '2024-01-01,NOW',
  'projection.snapshot_date.interval' = '1',
  'projection.snapshot_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT}/rejected_rows/snapshot_date=${snapshot_date}/'
);
