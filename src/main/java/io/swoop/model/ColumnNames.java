package io.swoop.model;

/**
 * Every column name swoop reads or writes, in one place: the canonical input columns ({@link
 * SfObject} names each field's column from here), the intermediate tables the signals pass between
 * them, and the output columns ({@link OutputTables} builds its schemas from these).
 */
public final class ColumnNames {
  // Canonical input columns.
  public static final String USER_ID = "user_id";
  public static final String NAME = "name";
  public static final String MANAGER_ID = "manager_id";
  public static final String IS_ACTIVE = "is_active";
  public static final String CREATED_DATE = "created_date";
  public static final String LAST_MODIFIED_DATE = "last_modified_date";
  public static final String HIRE_DATE = Canonical.HIRE_DATE;
  public static final String TERMINATION_DATE = Canonical.TERMINATION_DATE;
  public static final String OPPORTUNITY_ID = "opportunity_id";
  public static final String OWNER_ID = "owner_id";
  public static final String STAGE_NAME = "stage_name";
  public static final String AMOUNT = "amount";
  public static final String PROBABILITY = "probability";
  public static final String CLOSE_DATE = "close_date";
  public static final String IS_CLOSED = "is_closed";
  public static final String IS_WON = "is_won";
  public static final String HISTORY_ID = "history_id";
  public static final String CREATED_BY_ID = "created_by_id";
  public static final String SYSTEM_MODSTAMP = "system_modstamp";
  public static final String FIELD = "field";
  public static final String OLD_VALUE = "old_value";
  public static final String NEW_VALUE = "new_value";
  public static final String DATA_TYPE = "data_type";
  public static final String WHAT_ID = "what_id";
  public static final String ACTIVITY_DATE = "activity_date";
  public static final String ACTIVITY_ID = "activity_id";
  public static final String DURATION_IN_MINUTES = "duration_in_minutes";
  public static final String WHO_ID = "who_id";
  public static final String IS_CHILD = "is_child";
  public static final String IS_ALL_DAY_EVENT = "is_all_day_event";
  public static final String START_DATE_TIME = "start_date_time";
  public static final String END_DATE_TIME = "end_date_time";
  public static final String EVENT_ID = "event_id";
  public static final String RELATION_ID = "relation_id";
  public static final String IS_INVITEE = Canonical.IS_INVITEE;
  public static final String STATUS = "status";
  public static final String ACCOUNT_ID = "account_id";
  public static final String CURRENCY_ISO_CODE = "currency_iso_code";
  public static final String EVENT_RELATION_ID = "event_relation_id";
  public static final String FORECAST_CATEGORY = "forecast_category";
  public static final String IS_WHAT = "is_what";
  public static final String SUBJECT = "subject";
  public static final String SUBTYPE = "subtype";
  public static final String TITLE = "title";
  public static final String TYPE = "type";
  public static final String USER_ROLE_ID = "user_role_id";
  public static final String IS_DELETED = Canonical.IS_DELETED;

  // Intermediate tables.
  /** The signals' owner changes: when ownership moved. */
  public static final String CHANGED_AT = "changed_at";

  public static final String FROM_OWNER_ID = "from_owner_id";
  public static final String TO_OWNER_ID = "to_owner_id";

  /** The management chain: a manager above {@link #USER_ID}. */
  public static final String ANCESTOR_ID = "ancestor_id";

  public static final String LEVELS_UP = "levels_up";

  /** Stage intervals: when a stage came into force and when the next one replaced it. */
  public static final String VALID_FROM = "valid_from";

  public static final String VALID_TO = "valid_to";

  /** Manager changes (UserHistory, CONTRACT §2.1): the manager before and after; null = none. */
  public static final String OLD_MANAGER_ID = "old_manager_id";

  public static final String NEW_MANAGER_ID = "new_manager_id";

  /** Deactivations (UserHistory): the date of a user's latest IsActive change to false. */
  public static final String DEACTIVATED_ON = "deactivated_on";

  /** Credited reps: the rep a deal's result is credited to. */
  public static final String CREDITED_REP_ID = "credited_rep_id";

  // Output columns.
  public static final String USER_NAME = "user_name";
  public static final String START_DATE = "start_date";
  public static final String END_DATE = "end_date";
  public static final String TENURE_DAYS = "tenure_days";
  public static final String OUTCOME = "outcome";
  public static final String RETURNED_AT = "returned_at";
  public static final String LEVEL = "level";
  public static final String ENTITY_ID = "entity_id";
  public static final String PERIOD_START = "period_start";
  public static final String WON = "won";
  public static final String LOST = "lost";
  public static final String WIN_RATE = "win_rate";
  public static final String WIN_RATE_LOW = "win_rate_low";
  public static final String WIN_RATE_HIGH = "win_rate_high";
  public static final String BOOKINGS = "bookings";
  public static final String PERIODS = "periods";
  public static final String FIRST_PERIOD = "first_period";
  public static final String LAST_PERIOD = "last_period";
  public static final String SLOPE = "slope";
  public static final String P_VALUE = "p_value";
  public static final String DIRECTION = "direction";
  public static final String MANAGER_NAME = "manager_name";
  public static final String TEAM_SIZE = "team_size";
  public static final String LATE_STAGE_DEALS = "late_stage_deals";
  public static final String TAKEOVERS = "takeovers";
  public static final String TAKEOVER_RATE = "takeover_rate";
  public static final String TAKEOVER_WIN_RATE = "takeover_win_rate";
  public static final String OTHER_WIN_RATE = "other_win_rate";
  public static final String ACTIVITY_SHARE = "activity_share";
  public static final String EDIT_SHARE = "edit_share";
  public static final String MEDIAN_TENURE_DAYS = "median_tenure_days";
  public static final String ATTRITION_RATE = "attrition_rate";
  public static final String TEAM_WIN_RATE = "team_win_rate";
  public static final String TEAM_TREND_SLOPE = "team_trend_slope";
  public static final String MICROMANAGEMENT_INDEX = "micromanagement_index";
  public static final String COACHING_HOURS_PER_REP_WEEK = "coaching_hours_per_rep_week";
  public static final String TAKEOVER_EFFECT = "takeover_effect";
  public static final String REP_ID = "rep_id";
  public static final String ONE_TO_ONES = "one_to_ones";
  public static final String MINUTES = "minutes";
  public static final String WEEKS = "weeks";
  public static final String HOURS_PER_WEEK = "hours_per_week";
  public static final String LAST_ONE_TO_ONE = "last_one_to_one";
  public static final String MATCHED_TAKEOVERS = "matched_takeovers";
  public static final String TAKEN_OVER_WON = "taken_over_won";
  public static final String TAKEN_OVER_LOST = "taken_over_lost";
  public static final String TAKEN_OVER_WIN_RATE = "taken_over_win_rate";
  public static final String MATCHED_WIN_RATE = "matched_win_rate";
  public static final String EFFECT = "effect";
  public static final String EFFECT_LOW = "effect_low";
  public static final String EFFECT_HIGH = "effect_high";
  public static final String UNMATCHED_TAKEOVERS = "unmatched_takeovers";
  public static final String E_VALUE = "e_value";
  public static final String E_VALUE_BOUND = "e_value_bound";

  // takeover_effect_balance.
  public static final String COVARIATE = "covariate";
  public static final String TREATED_MEAN = "treated_mean";
  public static final String CONTROL_MEAN = "control_mean";
  public static final String SMD = "smd";

  /**
   * The report's balance before matching (no table holds it): the mean of a covariate over the
   * pools the controls were drawn from, and the number of (treated deal, candidate) pairs in them.
   */
  public static final String POOL_MEAN = "pool_mean";

  public static final String POOL_SIZE = "pool_size";

  // rep_survival (CONTRACT §3), and its two scorecard columns.
  public static final String DAY = "day";
  public static final String AT_RISK = "at_risk";
  public static final String DEPARTURES = "departures";
  public static final String CENSORED = "censored";
  public static final String SURVIVAL = "survival";
  public static final String SURVIVAL_LOW = "survival_low";
  public static final String SURVIVAL_HIGH = "survival_high";
  public static final String MEDIAN_TENURE_KM_DAYS = "median_tenure_km_days";
  public static final String ATTRITION_LOGRANK_P = "attrition_logrank_p";

  // rejected_rows.
  public static final String OBJECT = "object";
  public static final String LINE = "line";
  public static final String RECORD_ID = "record_id";
  public static final String REASON = "reason";
  public static final String RAW = "raw";

  private ColumnNames() {}
}
