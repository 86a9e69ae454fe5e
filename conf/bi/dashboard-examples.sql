-- One typical dashboard query per swoop table, on the views of duckdb.sql (DuckDB SQL; the same
-- queries run on Trino/Athena/Spark with small changes: date_trunc and max() are common to all).
-- Each reads the latest snapshot unless it shows a history. A test runs every query against the
-- sample output, so they keep working when a table changes.

-- table: manager_scorecard
-- The scorecard: managers ranked by the micromanagement index, with what it rests on.
SELECT manager_id, manager_name, team_size, late_stage_deals, takeovers,
       round(takeover_rate, 3) AS takeover_rate, round(activity_share, 3) AS activity_share,
       round(attrition_rate, 3) AS attrition_rate, round(team_win_rate, 3) AS team_win_rate,
       round(micromanagement_index, 1) AS micromanagement_index
FROM manager_scorecard
WHERE snapshot_date = (SELECT max(snapshot_date) FROM manager_scorecard)
ORDER BY micromanagement_index DESC NULLS LAST, manager_id
LIMIT 20;

-- table: deal_takeovers
-- Takeovers per month, by how far up the chain the new owner sits, and how they ended.
SELECT date_trunc('month', changed_at) AS month, levels_up,
       count(*) AS takeovers,
       count(*) FILTER (WHERE outcome = 'won') AS won,
       count(*) FILTER (WHERE outcome = 'lost') AS lost,
       sum(amount) AS amount
FROM deal_takeovers
WHERE snapshot_date = (SELECT max(snapshot_date) FROM deal_takeovers)
GROUP BY ALL
ORDER BY month, levels_up;

-- table: rep_tenure
-- Headcount by tenure band, active and departed.
SELECT CASE WHEN tenure_days < 180 THEN '0-6 months'
            WHEN tenure_days < 365 THEN '6-12 months'
            WHEN tenure_days < 730 THEN '1-2 years'
            ELSE '2+ years' END AS tenure_band,
       count(*) FILTER (WHERE is_active) AS active,
       count(*) FILTER (WHERE NOT is_active) AS departed,
       round(median(tenure_days), 0) AS median_days
FROM rep_tenure
WHERE snapshot_date = (SELECT max(snapshot_date) FROM rep_tenure)
GROUP BY ALL
ORDER BY min(tenure_days);

-- table: win_rates
-- The org's win rate per quarter with its 95 % interval and bookings.
SELECT period_start, won, lost, round(win_rate, 3) AS win_rate,
       round(win_rate_low, 3) AS low, round(win_rate_high, 3) AS high, bookings
FROM win_rates
WHERE level = 'org' AND snapshot_date = (SELECT max(snapshot_date) FROM win_rates)
ORDER BY period_start;

-- table: win_rate_trends
-- How many reps and managers are improving, declining or flat.
SELECT level, direction, count(*) AS entities, round(avg(slope), 4) AS mean_slope
FROM win_rate_trends
WHERE snapshot_date = (SELECT max(snapshot_date) FROM win_rate_trends) AND level <> 'org'
GROUP BY ALL
ORDER BY level, direction;

-- table: coaching
-- One-to-one time per manager: hours per rep-week against the 3 hours a week coaching benchmark,
-- and how many reps had no one-to-one at all in the window.
SELECT manager_id,
       count(*) AS reps,
       round(avg(hours_per_week), 2) AS hours_per_rep_week,
       count(*) FILTER (WHERE one_to_ones = 0) AS reps_without_one_to_one,
       max(last_one_to_one) AS last_one_to_one
FROM coaching
WHERE snapshot_date = (SELECT max(snapshot_date) FROM coaching)
GROUP BY manager_id
ORDER BY hours_per_rep_week NULLS FIRST, manager_id;

-- table: rep_survival
-- How long reps stay: each manager's median spell (Kaplan-Meier) against the org's, and whether
-- their reps leave significantly sooner (log-rank p from the scorecard).
WITH latest AS (
  SELECT * FROM rep_survival
  WHERE snapshot_date = (SELECT max(snapshot_date) FROM rep_survival)
),
medians AS (
  SELECT level, entity_id, min(day) FILTER (WHERE survival <= 0.5) AS median_days,
         sum(departures) AS departures, max(at_risk) AS spells
  FROM latest
  GROUP BY level, entity_id
)
SELECT m.entity_id AS manager_id, m.spells, m.departures, m.median_days,
       o.median_days AS org_median_days,
       round(s.attrition_logrank_p, 4) AS attrition_logrank_p
FROM medians m
CROSS JOIN (SELECT median_days FROM medians WHERE level = 'org') o
LEFT JOIN manager_scorecard s
  ON s.manager_id = m.entity_id
 AND s.snapshot_date = (SELECT max(snapshot_date) FROM manager_scorecard)
WHERE m.level = 'manager'
ORDER BY s.attrition_logrank_p NULLS LAST, m.entity_id;

-- table: takeover_effect
-- Did takeovers help? Taken-over deals against similar deals their team kept, with the interval,
-- how many found no comparable deal, and how strong a hidden difference would have to be (E-value).
SELECT level, entity_id, matched_takeovers, unmatched_takeovers,
       round(taken_over_win_rate, 3) AS taken_over_win_rate,
       round(matched_win_rate, 3) AS matched_win_rate,
       round(effect, 3) AS effect, round(effect_low, 3) AS effect_low,
       round(effect_high, 3) AS effect_high, round(p_value, 3) AS p_value,
       round(e_value, 2) AS e_value, round(e_value_bound, 2) AS e_value_bound
FROM takeover_effect
WHERE snapshot_date = (SELECT max(snapshot_date) FROM takeover_effect)
ORDER BY level DESC, matched_takeovers DESC, entity_id;

-- table: takeover_effect_balance
-- Were the controls comparable? Each covariate's standardized mean difference; above 0.1 is a
-- poor match.
SELECT level, entity_id, covariate, round(treated_mean, 3) AS treated_mean,
       round(control_mean, 3) AS control_mean, round(smd, 3) AS smd,
       abs(smd) > 0.1 AS poorly_matched
FROM takeover_effect_balance
WHERE snapshot_date = (SELECT max(snapshot_date) FROM takeover_effect_balance)
ORDER BY level DESC, entity_id, covariate;

-- table: rejected_rows
-- Data quality over time: rejected input rows per run and object.
SELECT snapshot_date, object, count(*) AS rejected, min(reason) AS example_reason
FROM rejected_rows
GROUP BY ALL
ORDER BY snapshot_date DESC, object;
