package io.swoop.model;

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

  /** The Hive partition column of every table. */
  public static final String SNAPSHOT_DATE = "snapshot_date";

  public static final StructType DEAL_TAKEOVERS_SCHEMA =
      schema(
          "opportunity_id", StringType,
          "changed_at", TimestampType,
          "from_owner_id", StringType,
          "to_owner_id", StringType,
          "levels_up", IntegerType,
          "stage_name", StringType,
          "probability", DoubleType,
          "amount", Canonical.MONEY,
          "outcome", StringType,
          "returned_at", TimestampType);

  public static final StructType REP_TENURE_SCHEMA =
      schema(
          "user_id", StringType,
          "user_name", StringType,
          "manager_id", StringType,
          "start_date", DateType,
          "end_date", DateType,
          "is_active", BooleanType,
          "tenure_days", IntegerType);

  public static final StructType WIN_RATES_SCHEMA =
      schema(
          "level", StringType,
          "entity_id", StringType,
          "period_start", DateType,
          "won", LongType,
          "lost", LongType,
          "win_rate", DoubleType,
          "win_rate_low", DoubleType,
          "win_rate_high", DoubleType,
          "bookings", Canonical.MONEY);

  public static final StructType WIN_RATE_TRENDS_SCHEMA =
      schema(
          "level", StringType,
          "entity_id", StringType,
          "periods", IntegerType,
          "first_period", DateType,
          "last_period", DateType,
          "slope", DoubleType,
          "p_value", DoubleType,
          "direction", StringType);

  public static final StructType MANAGER_SCORECARD_SCHEMA =
      schema(
          "manager_id", StringType,
          "manager_name", StringType,
          "team_size", LongType,
          "late_stage_deals", LongType,
          "takeovers", LongType,
          "takeover_rate", DoubleType,
          "takeover_win_rate", DoubleType,
          "other_win_rate", DoubleType,
          "activity_share", DoubleType,
          "edit_share", DoubleType,
          "median_tenure_days", DoubleType,
          "attrition_rate", DoubleType,
          "team_win_rate", DoubleType,
          "team_trend_slope", DoubleType,
          "micromanagement_index", DoubleType,
          "coaching_hours_per_rep_week", DoubleType,
          "takeover_effect", DoubleType);

  public static final StructType COACHING_SCHEMA =
      schema(
          "manager_id", StringType,
          "rep_id", StringType,
          "one_to_ones", LongType,
          "minutes", LongType,
          "weeks", DoubleType,
          "hours_per_week", DoubleType,
          "last_one_to_one", DateType);

  public static final StructType TAKEOVER_EFFECT_SCHEMA =
      schema(
          "level", StringType,
          "entity_id", StringType,
          "matched_takeovers", LongType,
          "taken_over_won", LongType,
          "taken_over_lost", LongType,
          "taken_over_win_rate", DoubleType,
          "matched_win_rate", DoubleType,
          "effect", DoubleType,
          "effect_low", DoubleType,
          "effect_high", DoubleType,
          "p_value", DoubleType);

  public static final StructType REJECTED_ROWS_SCHEMA =
      schema(
          "object", StringType,
          "line", LongType,
          "record_id", StringType,
          "reason", StringType,
          "raw", StringType);

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
