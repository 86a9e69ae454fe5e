package io.swoop.model;

import static io.swoop.model.ColumnNames.ACTIVITY_SHARE;
import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.ATTRITION_LOGRANK_P;
import static io.swoop.model.ColumnNames.ATTRITION_RATE;
import static io.swoop.model.ColumnNames.AT_RISK;
import static io.swoop.model.ColumnNames.BOOKINGS;
import static io.swoop.model.ColumnNames.CENSORED;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.COACHING_HOURS_PER_REP_WEEK;
import static io.swoop.model.ColumnNames.CONTROL_MEAN;
import static io.swoop.model.ColumnNames.COVARIATE;
import static io.swoop.model.ColumnNames.DAY;
import static io.swoop.model.ColumnNames.DEPARTURES;
import static io.swoop.model.ColumnNames.DIRECTION;
import static io.swoop.model.ColumnNames.EDIT_SHARE;
import static io.swoop.model.ColumnNames.EFFECT;
import static io.swoop.model.ColumnNames.EFFECT_HIGH;
import static io.swoop.model.ColumnNames.EFFECT_LOW;
import static io.swoop.model.ColumnNames.END_DATE;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.E_VALUE;
import static io.swoop.model.ColumnNames.E_VALUE_BOUND;
import static io.swoop.model.ColumnNames.FIRST_PERIOD;
import static io.swoop.model.ColumnNames.FROM_OWNER_ID;
import static io.swoop.model.ColumnNames.HOURS_PER_WEEK;
import static io.swoop.model.ColumnNames.IS_ACTIVE;
import static io.swoop.model.ColumnNames.LAST_ONE_TO_ONE;
import static io.swoop.model.ColumnNames.LAST_PERIOD;
import static io.swoop.model.ColumnNames.LATE_STAGE_DEALS;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.LEVELS_UP;
import static io.swoop.model.ColumnNames.LINE;
import static io.swoop.model.ColumnNames.LOST;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.MANAGER_NAME;
import static io.swoop.model.ColumnNames.MATCHED_TAKEOVERS;
import static io.swoop.model.ColumnNames.MATCHED_WIN_RATE;
import static io.swoop.model.ColumnNames.MEDIAN_TENURE_DAYS;
import static io.swoop.model.ColumnNames.MEDIAN_TENURE_KM_DAYS;
import static io.swoop.model.ColumnNames.MICROMANAGEMENT_INDEX;
import static io.swoop.model.ColumnNames.MINUTES;
import static io.swoop.model.ColumnNames.OBJECT;
import static io.swoop.model.ColumnNames.ONE_TO_ONES;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.OTHER_WIN_RATE;
import static io.swoop.model.ColumnNames.OUTCOME;
import static io.swoop.model.ColumnNames.PERIODS;
import static io.swoop.model.ColumnNames.PERIOD_START;
import static io.swoop.model.ColumnNames.PROBABILITY;
import static io.swoop.model.ColumnNames.P_VALUE;
import static io.swoop.model.ColumnNames.RAW;
import static io.swoop.model.ColumnNames.REASON;
import static io.swoop.model.ColumnNames.RECORD_ID;
import static io.swoop.model.ColumnNames.REP_ID;
import static io.swoop.model.ColumnNames.RETURNED_AT;
import static io.swoop.model.ColumnNames.SLOPE;
import static io.swoop.model.ColumnNames.SMD;
import static io.swoop.model.ColumnNames.STAGE_NAME;
import static io.swoop.model.ColumnNames.START_DATE;
import static io.swoop.model.ColumnNames.SURVIVAL;
import static io.swoop.model.ColumnNames.SURVIVAL_HIGH;
import static io.swoop.model.ColumnNames.SURVIVAL_LOW;
import static io.swoop.model.ColumnNames.TAKEN_OVER_LOST;
import static io.swoop.model.ColumnNames.TAKEN_OVER_WIN_RATE;
import static io.swoop.model.ColumnNames.TAKEN_OVER_WON;
import static io.swoop.model.ColumnNames.TAKEOVERS;
import static io.swoop.model.ColumnNames.TAKEOVER_RATE;
import static io.swoop.model.ColumnNames.TAKEOVER_WIN_RATE;
import static io.swoop.model.ColumnNames.TEAM_SIZE;
import static io.swoop.model.ColumnNames.TEAM_TREND_SLOPE;
import static io.swoop.model.ColumnNames.TEAM_WIN_RATE;
import static io.swoop.model.ColumnNames.TENURE_DAYS;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static io.swoop.model.ColumnNames.TREATED_MEAN;
import static io.swoop.model.ColumnNames.UNMATCHED_TAKEOVERS;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.USER_NAME;
import static io.swoop.model.ColumnNames.WEEKS;
import static io.swoop.model.ColumnNames.WIN_RATE;
import static io.swoop.model.ColumnNames.WIN_RATE_HIGH;
import static io.swoop.model.ColumnNames.WIN_RATE_LOW;
import static io.swoop.model.ColumnNames.WON;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output tables of CONTRACT §3, by name, with their exact column names and types. The sink
 * refuses a Dataset that does not match, so a signal cannot drift from the contract unnoticed.
 * Every table is written under {@code OUTPUT/<name>/snapshot_date=YYYY-MM-DD/}; the partition
 * column is not stored in the files.
 */
public final class OutputTables {
  public static final String DEAL_TAKEOVERS = "deal_takeovers";
  public static final String REP_TENURE = "rep_tenure";
  public static final String WIN_RATES = "win_rates";
  public static final String WIN_RATE_TRENDS = "win_rate_trends";
  public static final String MANAGER_SCORECARD = "manager_scorecard";
  public static final String REJECTED_ROWS = "rejected_rows";
  public static final String COACHING = "coaching";
  public static final String TAKEOVER_EFFECT = "takeover_effect";
  public static final String REP_SURVIVAL = "rep_survival";
  public static final String TAKEOVER_EFFECT_BALANCE = "takeover_effect_balance";

  /** The Hive partition column of every table. */
  public static final String SNAPSHOT_DATE = "snapshot_date";

  public static final StructType DEAL_TAKEOVERS_SCHEMA =
      schema(
          OPPORTUNITY_ID, StringType,
          CHANGED_AT, TimestampType,
          FROM_OWNER_ID, StringType,
          TO_OWNER_ID, StringType,
          LEVELS_UP, IntegerType,
          STAGE_NAME, StringType,
          PROBABILITY, DoubleType,
          AMOUNT, Canonical.MONEY,
          OUTCOME, StringType,
          RETURNED_AT, TimestampType);

  public static final StructType REP_TENURE_SCHEMA =
      schema(
          USER_ID, StringType,
          USER_NAME, StringType,
          MANAGER_ID, StringType,
          START_DATE, DateType,
          END_DATE, DateType,
          IS_ACTIVE, BooleanType,
          TENURE_DAYS, IntegerType);

  public static final StructType WIN_RATES_SCHEMA =
      schema(
          LEVEL, StringType,
          ENTITY_ID, StringType,
          PERIOD_START, DateType,
          WON, LongType,
          LOST, LongType,
          WIN_RATE, DoubleType,
          WIN_RATE_LOW, DoubleType,
          WIN_RATE_HIGH, DoubleType,
          BOOKINGS, Canonical.MONEY);

  public static final StructType WIN_RATE_TRENDS_SCHEMA =
      schema(
          LEVEL, StringType,
          ENTITY_ID, StringType,
          PERIODS, IntegerType,
          FIRST_PERIOD, DateType,
          LAST_PERIOD, DateType,
          SLOPE, DoubleType,
          P_VALUE, DoubleType,
          DIRECTION, StringType);

  public static final StructType MANAGER_SCORECARD_SCHEMA =
      schema(
          MANAGER_ID,
          StringType,
          MANAGER_NAME,
          StringType,
          TEAM_SIZE,
          LongType,
          LATE_STAGE_DEALS,
          LongType,
          TAKEOVERS,
          LongType,
          TAKEOVER_RATE,
          DoubleType,
          TAKEOVER_WIN_RATE,
          DoubleType,
          OTHER_WIN_RATE,
          DoubleType,
          ACTIVITY_SHARE,
          DoubleType,
          EDIT_SHARE,
          DoubleType,
          MEDIAN_TENURE_DAYS,
          DoubleType,
          ATTRITION_RATE,
          DoubleType,
          TEAM_WIN_RATE,
          DoubleType,
          TEAM_TREND_SLOPE,
          DoubleType,
          MICROMANAGEMENT_INDEX,
          DoubleType,
          COACHING_HOURS_PER_REP_WEEK,
          DoubleType,
          ColumnNames.TAKEOVER_EFFECT,
          DoubleType,
          MEDIAN_TENURE_KM_DAYS,
          IntegerType,
          ATTRITION_LOGRANK_P,
          DoubleType);

  public static final StructType COACHING_SCHEMA =
      schema(
          MANAGER_ID, StringType,
          REP_ID, StringType,
          ONE_TO_ONES, LongType,
          MINUTES, LongType,
          WEEKS, DoubleType,
          HOURS_PER_WEEK, DoubleType,
          LAST_ONE_TO_ONE, DateType);

  public static final StructType TAKEOVER_EFFECT_SCHEMA =
      schema(
          LEVEL, StringType,
          ENTITY_ID, StringType,
          MATCHED_TAKEOVERS, LongType,
          UNMATCHED_TAKEOVERS, LongType,
          TAKEN_OVER_WON, LongType,
          TAKEN_OVER_LOST, LongType,
          TAKEN_OVER_WIN_RATE, DoubleType,
          MATCHED_WIN_RATE, DoubleType,
          EFFECT, DoubleType,
          EFFECT_LOW, DoubleType,
          EFFECT_HIGH, DoubleType,
          P_VALUE, DoubleType,
          E_VALUE, DoubleType,
          E_VALUE_BOUND, DoubleType);

  public static final StructType TAKEOVER_EFFECT_BALANCE_SCHEMA =
      schema(
          LEVEL, StringType,
          ENTITY_ID, StringType,
          COVARIATE, StringType,
          TREATED_MEAN, DoubleType,
          CONTROL_MEAN, DoubleType,
          SMD, DoubleType);

  public static final StructType REP_SURVIVAL_SCHEMA =
      schema(
          LEVEL, StringType,
          ENTITY_ID, StringType,
          DAY, IntegerType,
          AT_RISK, LongType,
          DEPARTURES, LongType,
          CENSORED, LongType,
          SURVIVAL, DoubleType,
          SURVIVAL_LOW, DoubleType,
          SURVIVAL_HIGH, DoubleType);

  public static final StructType REJECTED_ROWS_SCHEMA =
      schema(
          OBJECT, StringType,
          LINE, LongType,
          RECORD_ID, StringType,
          REASON, StringType,
          RAW, StringType);

  /** Every output table in the order the job writes them. */
  public static final Map<String, StructType> ALL = all();

  private OutputTables() {}

  private static Map<String, StructType> all() {
    Map<String, StructType> m = new LinkedHashMap<>();
    m.put(REJECTED_ROWS, REJECTED_ROWS_SCHEMA);
    m.put(REP_TENURE, REP_TENURE_SCHEMA);
    m.put(DEAL_TAKEOVERS, DEAL_TAKEOVERS_SCHEMA);
    m.put(WIN_RATES, WIN_RATES_SCHEMA);
    m.put(WIN_RATE_TRENDS, WIN_RATE_TRENDS_SCHEMA);
    m.put(COACHING, COACHING_SCHEMA);
    m.put(TAKEOVER_EFFECT, TAKEOVER_EFFECT_SCHEMA);
    m.put(REP_SURVIVAL, REP_SURVIVAL_SCHEMA);
    m.put(TAKEOVER_EFFECT_BALANCE, TAKEOVER_EFFECT_BALANCE_SCHEMA);
    m.put(MANAGER_SCORECARD, MANAGER_SCORECARD_SCHEMA);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static StructType schema(Object... nameTypePairs) {
    StructField[] fields = new StructField[nameTypePairs.length / 2];
    for (int i = 0; i < fields.length; i++) {
      fields[i] =
          DataTypes.createStructField(
              (String) nameTypePairs[2 * i], (DataType) nameTypePairs[2 * i + 1], true);
    }
    return new StructType(fields);
  }
}
