package io.swoop.signals;

import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.CLOSE_DATE;
import static io.swoop.model.ColumnNames.CREDITED_REP_ID;
import static io.swoop.model.ColumnNames.FROM_OWNER_ID;
import static io.swoop.model.ColumnNames.IS_CLOSED;
import static io.swoop.model.ColumnNames.IS_WON;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.OWNER_ID;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Whose result a deal is (CONTRACT §3 {@code win_rates}): the rep a manager took it from, else for
 * a closed deal the owner when it closed, else its current owner. Deals reassigned after they
 * closed (as every deal of a departing rep is) stay with the rep who worked them.
 */
public final class CreditedReps {
  private CreditedReps() {}

  /**
   * One row per opportunity: {@code opportunity_id, credited_rep_id, is_closed, is_won, close_date,
   * amount}. is_won null counts as not won, is_closed null as not closed, and a won deal is closed.
   *
   * <ul>
   *   <li>ever taken over: the from_owner_id of its earliest takeover;
   *   <li>closed: the new owner of the latest owner change on or before its CloseDate 23:59:59.999
   *       UTC; when every change came later, the old owner of the earliest change;
   *   <li>otherwise its current OwnerId.
   * </ul>
   */
  public static Dataset<Row> of(
      Dataset<Row> opportunities, Dataset<Row> ownerChanges, Dataset<Row> takeovers) {
    Dataset<Row> firstTakeover =
        takeovers
            .groupBy(col(OPPORTUNITY_ID).as("_t_opp"))
            .agg(min(struct(col(CHANGED_AT), col(FROM_OWNER_ID))).as("_first_takeover"));
    Dataset<Row> deals =
        opportunities.select(
            col(OPPORTUNITY_ID),
            col(OWNER_ID),
            DatasetFunctions.isTrue(IS_CLOSED).or(DatasetFunctions.isTrue(IS_WON)).as(IS_CLOSED),
            DatasetFunctions.isTrue(IS_WON).as(IS_WON),
            col(CLOSE_DATE),
            col(AMOUNT));
    Column endOfCloseDay = date_add(col(CLOSE_DATE), 1).cast("timestamp");
    Dataset<Row> atClose =
        ownerChanges
            .join(deals.select(OPPORTUNITY_ID, CLOSE_DATE), OPPORTUNITY_ID)
            .groupBy(col(OPPORTUNITY_ID).as("_c_opp"))
            .agg(
                max(when(
                        col(CHANGED_AT).lt(endOfCloseDay),
                        struct(col(CHANGED_AT), col(TO_OWNER_ID))))
                    .as("_last_before_close"),
                min(struct(col(CHANGED_AT), col(FROM_OWNER_ID))).as("_first_change"));
    Column ownerAtClose =
        coalesce(col("_last_before_close." + TO_OWNER_ID), col("_first_change." + FROM_OWNER_ID));
    Column credited =
        coalesce(
            col("_first_takeover." + FROM_OWNER_ID),
            when(col(IS_CLOSED), ownerAtClose),
            col(OWNER_ID));
    return deals
        .join(firstTakeover, col(OPPORTUNITY_ID).equalTo(col("_t_opp")), "left")
        .join(atClose, col(OPPORTUNITY_ID).equalTo(col("_c_opp")), "left")
        .select(
            col(OPPORTUNITY_ID),
            credited.as(CREDITED_REP_ID),
            col(IS_CLOSED),
            col(IS_WON),
            col(CLOSE_DATE),
            col(AMOUNT));
  }
}
