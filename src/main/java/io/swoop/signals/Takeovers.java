package io.swoop.signals;

import static io.swoop.model.ColumnNames.ANCESTOR_ID;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.END_DATE;
import static io.swoop.model.ColumnNames.FROM_OWNER_ID;
import static io.swoop.model.ColumnNames.IS_CLOSED;
import static io.swoop.model.ColumnNames.IS_WON;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.OUTCOME;
import static io.swoop.model.ColumnNames.PROBABILITY;
import static io.swoop.model.ColumnNames.RETURNED_AT;
import static io.swoop.model.ColumnNames.STAGE_NAME;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnValues.OUTCOME_LOST;
import static io.swoop.model.ColumnValues.OUTCOME_OPEN;
import static io.swoop.model.ColumnValues.OUTCOME_WON;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.swoop.config.SwoopConfig;
import io.swoop.model.OutputTables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Late-stage takeovers (CONTRACT §3 {@code deal_takeovers}): owner changes made while the deal was
 * in a late stage, to someone up the old owner's management chain, that were neither a hand-over by
 * a departing rep nor part of a bulk reassignment.
 */
public final class Takeovers {
  private static final String MINUTE = "_minute";

  private Takeovers() {}

  /**
   * The {@code deal_takeovers} table.
   *
   * @param ownerChanges from {@link OwnerChanges#from}
   * @param history the canonical opportunity_history
   * @param opportunities the canonical opportunities; a change on a deal missing there is dropped,
   *     as its outcome is unknown
   * @param stretches from {@link ManagerHistory#of}: the chain is the old owner's at the change
   * @param tenure {@link RepTenure#all}, for the old owner's end_date
   */
  public static Dataset<Row> compute(
      Dataset<Row> ownerChanges,
      Dataset<Row> history,
      Dataset<Row> opportunities,
      Dataset<Row> stretches,
      Dataset<Row> tenure,
      SwoopConfig config) {
    Dataset<Row> late =
        Stages.atEach(ownerChanges, CHANGED_AT, history)
            .filter(Stages.isLate(col(STAGE_NAME), col(PROBABILITY), config));

    Dataset<Row> upTheChain =
        ManagerHistory.chainAt(late, FROM_OWNER_ID, CHANGED_AT, stretches, config.maxLevels())
            .filter(col(TO_OWNER_ID).equalTo(col(ANCESTOR_ID)))
            .drop(ANCESTOR_ID);

    Dataset<Row> leaving = tenure.select(col(USER_ID).as("_leaver"), col(END_DATE));
    Column handOver =
        col(END_DATE)
            .isNotNull()
            .and(datediff(col(END_DATE), to_date(col(CHANGED_AT))).leq(config.departureDays()));
    Dataset<Row> notHandedOver =
        upTheChain
            .join(broadcast(leaving), col(FROM_OWNER_ID).equalTo(col("_leaver")), "left")
            .filter(handOver.unary_$bang())
            .drop("_leaver", END_DATE);

    Dataset<Row> takeovers =
        notHandedOver
            .withColumn(MINUTE, date_trunc("minute", col(CHANGED_AT)))
            .join(
                bulkMoves(ownerChanges, config.bulkMin()),
                DatasetFunctions.keys(FROM_OWNER_ID, TO_OWNER_ID, MINUTE),
                "left_anti")
            .drop(MINUTE);

    Column outcome =
        when(DatasetFunctions.isTrue(IS_WON), OUTCOME_WON)
            .when(DatasetFunctions.isTrue(IS_CLOSED), OUTCOME_LOST)
            .otherwise(OUTCOME_OPEN);
    Dataset<Row> withOutcome =
        takeovers.join(
            opportunities.select(col(OPPORTUNITY_ID), outcome.as(OUTCOME)), OPPORTUNITY_ID);

    return DatasetFunctions.conform(
        returns(withOutcome, ownerChanges), OutputTables.DEAL_TAKEOVERS_SCHEMA);
  }

  /**
   * (from_owner_id, to_owner_id, minute) of every bulk reassignment: more than {@code bulkMin}
   * distinct deals moved between the same two owners in one UTC minute, whatever their stage.
   */
  static Dataset<Row> bulkMoves(Dataset<Row> ownerChanges, int bulkMin) {
    return ownerChanges
        .withColumn(MINUTE, date_trunc("minute", col(CHANGED_AT)))
        .groupBy(FROM_OWNER_ID, TO_OWNER_ID, MINUTE)
        .agg(countDistinct(col(OPPORTUNITY_ID)).as("_deals"))
        .filter(col("_deals").gt(bulkMin))
        .select(FROM_OWNER_ID, TO_OWNER_ID, MINUTE);
  }

  /** Adds returned_at: the first later change of the same deal back to the old owner. */
  private static Dataset<Row> returns(Dataset<Row> takeovers, Dataset<Row> ownerChanges) {
    Dataset<Row> back =
        ownerChanges.select(
            col(OPPORTUNITY_ID).as("_opp"),
            col(TO_OWNER_ID).as("_back_to"),
            col(CHANGED_AT).as("_back_at"));
    Dataset<Row> firstReturn =
        takeovers
            .select(OPPORTUNITY_ID, CHANGED_AT, FROM_OWNER_ID)
            .join(
                back,
                col(OPPORTUNITY_ID)
                    .equalTo(col("_opp"))
                    .and(col(FROM_OWNER_ID).equalTo(col("_back_to")))
                    .and(col("_back_at").gt(col(CHANGED_AT))))
            .groupBy(OPPORTUNITY_ID, CHANGED_AT, FROM_OWNER_ID)
            .agg(min(col("_back_at")).as(RETURNED_AT));
    return takeovers.join(
        firstReturn, DatasetFunctions.keys(OPPORTUNITY_ID, CHANGED_AT, FROM_OWNER_ID), "left");
  }
}
