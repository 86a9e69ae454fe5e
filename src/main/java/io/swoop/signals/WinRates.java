package io.swoop.signals;

import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.BOOKINGS;
import static io.swoop.model.ColumnNames.CLOSE_DATE;
import static io.swoop.model.ColumnNames.CREDITED_REP_ID;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.IS_CLOSED;
import static io.swoop.model.ColumnNames.IS_WON;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.LOST;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.PERIOD_START;
import static io.swoop.model.ColumnNames.WIN_RATE;
import static io.swoop.model.ColumnNames.WIN_RATE_HIGH;
import static io.swoop.model.ColumnNames.WIN_RATE_LOW;
import static io.swoop.model.ColumnNames.WON;
import static io.swoop.model.ColumnValues.LEVEL_MANAGER;
import static io.swoop.model.ColumnValues.LEVEL_ORG;
import static io.swoop.model.ColumnValues.LEVEL_REP;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.swoop.model.Canonical;
import io.swoop.model.OutputTables;
import io.swoop.model.Wilson;
import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Win rates per rep, manager and the whole org, per calendar quarter of CloseDate (CONTRACT §3
 * {@code win_rates}), with a 95 % {@link Wilson} score interval.
 */
public final class WinRates {
  private WinRates() {}

  /**
   * The {@code win_rates} table from {@link CreditedReps#of}. Closed deals without a CloseDate have
   * no quarter and are left out. The manager row goes to the credited rep's manager at the end of
   * the CloseDate (CONTRACT §2.1, from {@code stretches} of {@link ManagerHistory#of}); a rep
   * without one then (or missing from User) has no manager row.
   */
  public static Dataset<Row> compute(Dataset<Row> credited, Dataset<Row> stretches) {
    Dataset<Row> closed =
        ManagerHistory.managerAt(
                credited
                    .filter(col(IS_CLOSED).and(col(CLOSE_DATE).isNotNull()))
                    .withColumn(PERIOD_START, trunc(col(CLOSE_DATE), "quarter"))
                    .withColumn("_closed_at", ManagerHistory.endOf(col(CLOSE_DATE))),
                CREDITED_REP_ID,
                "_closed_at",
                stretches,
                MANAGER_ID)
            .drop("_closed_at");
    Dataset<Row> rep = tally(closed, lit(LEVEL_REP), col(CREDITED_REP_ID));
    Dataset<Row> manager =
        tally(closed.filter(col(MANAGER_ID).isNotNull()), lit(LEVEL_MANAGER), col(MANAGER_ID));
    Dataset<Row> org = tally(closed, lit(LEVEL_ORG), lit(null).cast("string"));
    Dataset<Row> counts = rep.unionByName(manager).unionByName(org);
    Column n = col(WON).plus(col(LOST)).cast("double");
    Column rate = col(WON).cast("double").divide(n);
    return DatasetFunctions.conform(
        counts
            .withColumn(WIN_RATE, rate)
            .withColumn(WIN_RATE_LOW, Wilson.low(rate, n))
            .withColumn(WIN_RATE_HIGH, Wilson.high(rate, n)),
        OutputTables.WIN_RATES_SCHEMA);
  }

  private static Dataset<Row> tally(Dataset<Row> closed, Column level, Column entity) {
    return closed
        .groupBy(level.as(LEVEL), entity.as(ENTITY_ID), col(PERIOD_START))
        .agg(
            sum(when(col(IS_WON), 1L).otherwise(0L)).as(WON),
            sum(when(col(IS_WON), 0L).otherwise(1L)).as(LOST),
            coalesce(sum(when(col(IS_WON), col(AMOUNT))), lit(BigDecimal.ZERO))
                .cast(Canonical.MONEY)
                .as(BOOKINGS));
  }
}
