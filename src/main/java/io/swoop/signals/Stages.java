package io.swoop.signals;

import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.CREATED_DATE;
import static io.swoop.model.ColumnNames.HISTORY_ID;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.PROBABILITY;
import static io.swoop.model.ColumnNames.STAGE_NAME;
import static io.swoop.model.ColumnNames.SYSTEM_MODSTAMP;
import static io.swoop.model.ColumnNames.VALID_FROM;
import static io.swoop.model.ColumnNames.VALID_TO;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;

import io.swoop.config.SwoopConfig;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The stage an opportunity was in at any moment, from OpportunityHistory: the latest row with
 * CreatedDate at or before that moment. Rows written at the same instant are ordered by
 * SystemModstamp, then Id, the last one winning.
 */
public final class Stages {
  private static final String STATE = "_state";
  private static final String KIND = "_kind";
  private static final String TS = "_ts";

  private Stages() {}

  /**
   * Whether a stage is late (CONTRACT §3): its name is in {@code takeover.late_stages} (trimmed,
   * any case) when that list is set, else its probability is at least {@code
   * takeover.late_probability} and below 100. Null stage or probability is not late.
   */
  public static Column isLate(Column stageName, Column probability, SwoopConfig config) {
    List<String> stages = config.lateStages();
    if (!stages.isEmpty()) {
      Object[] names =
          stages.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toArray(Object[]::new);
      return stageName.isNotNull().and(lower(trim(stageName)).isin(names));
    }
    return probability
        .isNotNull()
        .and(probability.geq(config.lateProbability()))
        .and(probability.lt(100));
  }

  /**
   * {@code events} (any rows with {@code opportunity_id} and the timestamp column {@code at}) with
   * the stage in force at that moment added as {@code stage_name, probability, amount} (null when
   * the deal had no history yet). A stage row written at the very instant of the event counts as
   * before it (CreatedDate ≤ t, as the contract says): a reassignment saved together with a stage
   * change sees the new stage. Salesforce writes timestamps to the second, so "the same second" and
   * "the same instant" agree on real data. Computed as one sort per opportunity (an as-of join),
   * never a cross product.
   */
  public static Dataset<Row> atEach(Dataset<Row> events, String at, Dataset<Row> history) {
    Dataset<Row> stages =
        history.select(
            col(OPPORTUNITY_ID),
            col(CREATED_DATE).as(TS),
            lit(0).as(KIND),
            col(SYSTEM_MODSTAMP),
            col(HISTORY_ID).as("_history_id"),
            struct(col(STAGE_NAME), col(PROBABILITY), col(AMOUNT)).as(STATE));
    Dataset<Row> probes = events.withColumn(TS, col(at)).withColumn(KIND, lit(1));
    WindowSpec upToHere =
        Window.partitionBy(OPPORTUNITY_ID)
            .orderBy(col(TS), col(KIND), col(SYSTEM_MODSTAMP), col("_history_id"))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    String[] eventColumns = events.columns();
    Column[] out = new Column[eventColumns.length + 3];
    for (int i = 0; i < eventColumns.length; i++) {
      out[i] = col(eventColumns[i]);
    }
    out[eventColumns.length] = col(STATE + "." + STAGE_NAME).as(STAGE_NAME);
    out[eventColumns.length + 1] = col(STATE + "." + PROBABILITY).as(PROBABILITY);
    out[eventColumns.length + 2] = col(STATE + "." + AMOUNT).as(AMOUNT);
    return probes
        .unionByName(stages, true)
        .withColumn(STATE, last(col(STATE), true).over(upToHere))
        .filter(col(KIND).equalTo(1))
        .select(out);
  }

  /**
   * Each stage an opportunity went through: {@code opportunity_id, stage_name, probability, amount,
   * valid_from, valid_to}, in force over [valid_from, valid_to); valid_to is null for the stage in
   * force now. A row replaced at the very instant it was written has valid_from = valid_to. Rows
   * are ordered as in {@link #atEach}, so the row in force at t here is the one {@code atEach}
   * finds at t.
   */
  public static Dataset<Row> intervals(Dataset<Row> history) {
    WindowSpec order =
        Window.partitionBy(OPPORTUNITY_ID)
            .orderBy(col(CREATED_DATE), col(SYSTEM_MODSTAMP), col(HISTORY_ID));
    return history.select(
        col(OPPORTUNITY_ID),
        col(STAGE_NAME),
        col(PROBABILITY),
        col(AMOUNT),
        col(CREATED_DATE).as(VALID_FROM),
        lead(col(CREATED_DATE), 1).over(order).as(VALID_TO));
  }
}
