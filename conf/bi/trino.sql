-- swoop's output tables in Trino through the Hive connector (catalog "hive" below: rename it to
-- yours). Replace ${OUTPUT} by swoop's --output folder as Trino names it (s3://bucket/swoop,
-- hdfs://..., or file:///... for a local file system), then run the statements with the Trino CLI:
--
--   sed 's#${OUTPUT}#s3://bucket/swoop#g' conf/bi/trino.sql > /tmp/swoop-trino.sql
--   trino --server https://trino:8443 --file /tmp/swoop-trino.sql
--
-- The catalog must allow external tables (hive.non-managed-table-creates-enabled, on by default).
-- sync_partition_metadata makes new snapshot dates visible: call it after each nightly run (a
-- scheduler task after the manifest check), or set hive.partition-projection-enabled and use
-- partition projection as in athena.sql. Timestamps: timestamp(3) matches the connector's default
-- hive.timestamp-precision=MILLISECONDS; with MICROSECONDS declare timestamp(6) to keep swoop's
-- microseconds. Run Trino in UTC (swoop writes UTC instants). Partition columns come last, as the
-- connector requires. Column meanings: CONTRACT.md section 3.

CREATE SCHEMA IF NOT EXISTS hive.swoop;

-- One row per late-stage takeover (a manager took a deal from a rep in their chain).
CREATE TABLE IF NOT EXISTS hive.swoop.deal_takeovers (
  opportunity_id varchar,
  changed_at     timestamp(3),
  from_owner_id  varchar,
  to_owner_id    varchar,
  levels_up      integer,
  stage_name     varchar,
  probability    double,
  amount         decimal(18,2),
  outcome        varchar,
  returned_at    timestamp(3),
  snapshot_date  date
)
WITH (
  external_location = '${OUTPUT}/deal_takeovers',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'deal_takeovers', 'FULL');

-- One row per user who ever owned an opportunity or manages someone.
CREATE TABLE IF NOT EXISTS hive.swoop.rep_tenure (
  user_id       varchar,
  user_name     varchar,
  manager_id    varchar,
  start_date    date,
  end_date      date,
  is_active     boolean,
  tenure_days   integer,
  snapshot_date date
)
WITH (
  external_location = '${OUTPUT}/rep_tenure',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'rep_tenure', 'FULL');

-- One row per entity (rep, manager, org) and calendar quarter, with a 95 % Wilson interval.
CREATE TABLE IF NOT EXISTS hive.swoop.win_rates (
  level         varchar,
  entity_id     varchar,
  period_start  date,
  won           bigint,
  lost          bigint,
  win_rate      double,
  win_rate_low  double,
  win_rate_high double,
  bookings      decimal(18,2),
  snapshot_date date
)
WITH (
  external_location = '${OUTPUT}/win_rates',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'win_rates', 'FULL');

-- One row per entity: the weighted trend of its win rate over the last quarters.
CREATE TABLE IF NOT EXISTS hive.swoop.win_rate_trends (
  level         varchar,
  entity_id     varchar,
  periods       integer,
  first_period  date,
  last_period   date,
  slope         double,
  p_value       double,
  direction     varchar,
  snapshot_date date
)
WITH (
  external_location = '${OUTPUT}/win_rate_trends',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'win_rate_trends', 'FULL');

-- One row per manager: takeovers, shares, attrition, team win rate and the micromanagement index.
CREATE TABLE IF NOT EXISTS hive.swoop.manager_scorecard (
  manager_id                  varchar,
  manager_name                varchar,
  team_size                   bigint,
  late_stage_deals            bigint,
  takeovers                   bigint,
  takeover_rate               double,
  takeover_win_rate           double,
  other_win_rate              double,
  activity_share              double,
  edit_share                  double,
  median_tenure_days          double,
  attrition_rate              double,
  team_win_rate               double,
  team_trend_slope            double,
  micromanagement_index       double,
  coaching_hours_per_rep_week double,
  takeover_effect             double,
  median_tenure_km_days       integer,
  attrition_logrank_p         double,
  snapshot_date               date
)
WITH (
  external_location = '${OUTPUT}/manager_scorecard',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'manager_scorecard', 'FULL');

-- One row per manager and active direct report: one-to-one meetings and hours per week.
CREATE TABLE IF NOT EXISTS hive.swoop.coaching (
  manager_id      varchar,
  rep_id          varchar,
  one_to_ones     bigint,
  minutes         bigint,
  weeks           double,
  hours_per_week  double,
  last_one_to_one date,
  snapshot_date   date
)
WITH (
  external_location = '${OUTPUT}/coaching',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'coaching', 'FULL');

-- One row per manager (and the org) and spell duration: Kaplan-Meier survival of reps' spells under
-- the manager, with the Greenwood log(-log) 95 % interval.
CREATE TABLE IF NOT EXISTS hive.swoop.rep_survival (
  level         varchar,
  entity_id     varchar,
  day           integer,
  at_risk       bigint,
  departures    bigint,
  censored      bigint,
  survival      double,
  survival_low  double,
  survival_high double,
  snapshot_date date
)
WITH (
  external_location = '${OUTPUT}/rep_survival',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'rep_survival', 'FULL');

-- One row per manager (and the org): taken-over deals against comparable deals, with a 95 % interval.
CREATE TABLE IF NOT EXISTS hive.swoop.takeover_effect (
  level               varchar,
  entity_id           varchar,
  matched_takeovers   bigint,
  unmatched_takeovers bigint,
  taken_over_won      bigint,
  taken_over_lost     bigint,
  taken_over_win_rate double,
  matched_win_rate    double,
  effect              double,
  effect_low          double,
  effect_high         double,
  p_value             double,
  e_value             double,
  e_value_bound       double,
  snapshot_date       date
)
WITH (
  external_location = '${OUTPUT}/takeover_effect',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'takeover_effect', 'FULL');

-- One row per takeover_effect row with a matched deal and per covariate: how comparable the controls were.
CREATE TABLE IF NOT EXISTS hive.swoop.takeover_effect_balance (
  level         varchar,
  entity_id     varchar,
  covariate     varchar,
  treated_mean  double,
  control_mean  double,
  smd           double,
  snapshot_date date
)
WITH (
  external_location = '${OUTPUT}/takeover_effect_balance',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'takeover_effect_balance', 'FULL');

-- Input rows that could not be read, with their object, line and reason.
CREATE TABLE IF NOT EXISTS hive.swoop.rejected_rows (
  object        varchar,
  line          bigint,
  record_id     varchar,
  reason        varchar,
  raw           varchar,
  snapshot_date date
)
WITH (
  external_location = '${OUTPUT}/rejected_rows',
  format = 'PARQUET',
  partitioned_by = ARRAY['snapshot_date']
);
CALL hive.system.sync_partition_metadata('swoop', 'rejected_rows', 'FULL');
