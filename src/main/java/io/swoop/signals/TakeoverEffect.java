package io.swoop.signals;

import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.EFFECT;
import static io.swoop.model.ColumnNames.EFFECT_HIGH;
import static io.swoop.model.ColumnNames.EFFECT_LOW;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.IS_CLOSED;
import static io.swoop.model.ColumnNames.IS_WON;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.MATCHED_TAKEOVERS;
import static io.swoop.model.ColumnNames.MATCHED_WIN_RATE;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.P_VALUE;
import static io.swoop.model.ColumnNames.STAGE_NAME;
import static io.swoop.model.ColumnNames.TAKEN_OVER_LOST;
import static io.swoop.model.ColumnNames.TAKEN_OVER_WIN_RATE;
import static io.swoop.model.ColumnNames.TAKEN_OVER_WON;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static io.swoop.model.ColumnNames.VALID_FROM;
import static io.swoop.model.ColumnNames.VALID_TO;
import static io.swoop.model.ColumnValues.LEVEL_MANAGER;
import static io.swoop.model.ColumnValues.LEVEL_ORG;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import io.swoop.model.OutputTables;
import java.time.LocalDate;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Do taken-over deals win more than comparable deals (CONTRACT §3 {@code takeover_effect})? Each
 * closed deal that was taken over (a <em>treated</em> deal, at the moment t of its earliest
 * takeover) is compared with the {@code effect.controls} closed, never-taken-over deals that were
 * in the same stage at t and whose amount then was closest to its own on a log scale.
 *
 * <p>The search for controls is an exact nearest-neighbour search written as equi-joins, so its
 * cost grows with the data and never with takeovers × opportunities. Each candidate's stage
 * interval [valid_from, valid_to) is repeated once per calendar week (UTC, counted from the epoch)
 * it touches, and its log-amount x = ln(1 + amount) falls in a band of width {@value #BAND}. A
 * treated deal (log-amount X) meets the candidates of its stage, of the week of t, and of its own
 * band and the two beside it; these hold every candidate within {@value #BAND} of X. When the k-th
 * nearest of them is closer than {@value #BAND}, no candidate outside can be as near, and the
 * answer is exact. The other treated deals — too few candidates close in amount — meet every
 * candidate of their stage and week in a second pass. Work is thus bounded by the candidates'
 * stage-weeks, plus, per treated deal, the candidates in force in its stage in its week.
 */
public final class TakeoverEffect {
  /** Width of a log-amount band: amounts within a factor e^0.5 ≈ 1.65 share or touch a band. */
  static final double BAND = 0.5;

  private static final long SECONDS_PER_WEEK = 7L * 24 * 60 * 60;

  private static final String T_OPP = "_t_opp";
  private static final String T = "_t";
  private static final String ENTITY = "_entity";
  private static final String T_STAGE = "_t_stage";
  private static final String X = "_x";
  private static final String Y = "_y";
  private static final String WEEK = "_week";
  private static final String BAND_COL = "_band";
  private static final String C_OPP = "_c_opp";
  private static final String C_WON = "_c_won";
  private static final String C_X = "_c_x";
  private static final String DIST = "_dist";
  private static final String RANK = "_rank";
  private static final String C = "_c";
  private static final String D = "_d";
  private static final String N = "_n";
  private static final String S = "_s";
  private static final String STATS = "_stats";

  private static final StructType STATS_TYPE =
      new StructType()
          .add(EFFECT_LOW, DataTypes.DoubleType, true)
          .add(EFFECT_HIGH, DataTypes.DoubleType, true)
          .add(P_VALUE, DataTypes.DoubleType, true);
  private static final UserDefinedFunction STATS_UDF =
      udf(
          (UDF3<Long, Double, Double, Row>)
              (n, mean, s) -> {
                Interval i = interval(n, mean, s);
                return i == null ? RowFactory.create(null, null, null) : i.asRow();
              },
          STATS_TYPE);

  private TakeoverEffect() {}

  /**
   * The {@code takeover_effect} table: one row per manager with a matched treated deal, and one
   * {@code org} row over all of them (none when nothing was matched).
   *
   * @param takeovers deal_takeovers; its stage_name and amount are those in force at changed_at
   * @param opportunities the canonical opportunities, for which deals are closed and won
   * @param history the canonical opportunity_history, for the candidates' stages and amounts
   * @param snapshotDate no stage row or takeover is later than this day (the model drops them), so
   *     a stage still in force is searched up to its end
   * @param controls {@code effect.controls}
   */
  public static Dataset<Row> compute(
      Dataset<Row> takeovers,
      Dataset<Row> opportunities,
      Dataset<Row> history,
      LocalDate snapshotDate,
      int controls) {
    Dataset<Row> perDeal = matched(takeovers, opportunities, history, snapshotDate, controls);
    Dataset<Row> managers =
        summarize(perDeal.groupBy(col(ENTITY).as(ENTITY_ID))).withColumn(LEVEL, lit(LEVEL_MANAGER));
    Dataset<Row> org =
        summarize(perDeal.groupBy())
            .withColumn(ENTITY_ID, lit(null).cast("string"))
            .withColumn(LEVEL, lit(LEVEL_ORG));
    Dataset<Row> all =
        managers
            .unionByName(org)
            .filter(col(N).gt(0))
            .withColumn(STATS, STATS_UDF.apply(col(N), col(EFFECT), col(S)))
            .withColumn(EFFECT_LOW, col(STATS + "." + EFFECT_LOW))
            .withColumn(EFFECT_HIGH, col(STATS + "." + EFFECT_HIGH))
            .withColumn(P_VALUE, col(STATS + "." + P_VALUE))
            .withColumn(MATCHED_TAKEOVERS, col(N))
            .withColumn(TAKEN_OVER_LOST, col(N).minus(col(TAKEN_OVER_WON)));
    return DatasetFunctions.conform(all, OutputTables.TAKEOVER_EFFECT_SCHEMA);
  }

  /** One small row per group: n, won, the three means and the sample deviation of d. */
  private static Dataset<Row> summarize(org.apache.spark.sql.RelationalGroupedDataset perEntity) {
    // Means and deviation over the values in sorted order, so reruns agree to the last bit.
    Column ds = col("_ds");
    Column squares =
        aggregate(
            ds,
            lit(0.0),
            (acc, d) -> acc.plus(d.minus(col(EFFECT)).multiply(d.minus(col(EFFECT)))));
    return perEntity
        .agg(
            count(lit(1)).as(N),
            sum(col(Y)).cast("long").as(TAKEN_OVER_WON),
            DatasetFunctions.orderedMean(col(C)).as(MATCHED_WIN_RATE),
            sort_array(collect_list(col(D))).as("_ds"))
        .withColumn(TAKEN_OVER_WIN_RATE, col(TAKEN_OVER_WON).divide(col(N)))
        .withColumn(EFFECT, DatasetFunctions.orderedSum(ds).divide(col(N)))
        .withColumn(S, when(col(N).geq(2), sqrt(squares.divide(col(N).minus(1)))))
        .drop("_ds");
  }

  /**
   * Each matched treated deal: {@code _t_opp, _entity} (the earliest takeover's to_owner_id),
   * {@code _y} (1 won, 0 lost), {@code _c} (share of its controls won) and {@code _d = _y - _c}.
   */
  static Dataset<Row> matched(
      Dataset<Row> takeovers,
      Dataset<Row> opportunities,
      Dataset<Row> history,
      LocalDate snapshotDate,
      int controls) {
    Dataset<Row> closed =
        opportunities
            .filter(DatasetFunctions.isTrue(IS_CLOSED))
            .select(
                col(OPPORTUNITY_ID),
                when(DatasetFunctions.isTrue(IS_WON), 1.0).otherwise(0.0).as(Y));

    // Two takeovers of one deal at the same instant: the smaller to_owner_id, so reruns agree.
    Dataset<Row> treated =
        takeovers
            .withColumn(
                RANK,
                row_number()
                    .over(
                        Window.partitionBy(OPPORTUNITY_ID)
                            .orderBy(col(CHANGED_AT), col(TO_OWNER_ID))))
            .filter(col(RANK).equalTo(1))
            .join(closed, OPPORTUNITY_ID)
            .select(
                col(OPPORTUNITY_ID).as(T_OPP),
                col(CHANGED_AT).as(T),
                col(TO_OWNER_ID).as(ENTITY),
                col(STAGE_NAME).as(T_STAGE),
                logAmount(col(AMOUNT)).as(X),
                col(Y))
            .withColumn(WEEK, week(col(T)))
            .withColumn(BAND_COL, band(col(X)));

    Dataset<Row> neverTaken =
        closed
            .join(takeovers.select(OPPORTUNITY_ID).distinct(), OPPORTUNITY_ID, "left_anti")
            .select(col(OPPORTUNITY_ID).as(C_OPP), col(Y).as(C_WON));
    Column searchedUpTo = lit(DatasetFunctions.startOf(snapshotDate.plusDays(1)));
    Column firstWeek = week(col(VALID_FROM));
    Dataset<Row> candidates =
        Stages.intervals(history)
            .filter(col(VALID_TO).isNull().or(col(VALID_TO).gt(col(VALID_FROM))))
            .join(
                treated.select(col(T_STAGE)).distinct(),
                col(STAGE_NAME).equalTo(col(T_STAGE)),
                "left_semi")
            .join(neverTaken, col(OPPORTUNITY_ID).equalTo(col(C_OPP)))
            .select(
                col(C_OPP),
                col(C_WON),
                col(STAGE_NAME),
                col(VALID_FROM),
                col(VALID_TO),
                logAmount(col(AMOUNT)).as(C_X),
                explode(
                        sequence(
                            firstWeek,
                            greatest(firstWeek, week(coalesce(col(VALID_TO), searchedUpTo)))))
                    .as("_c_week"))
            .withColumn("_c_band", band(col(C_X)));

    Column inForceAtT =
        col(VALID_FROM).leq(col(T)).and(col(VALID_TO).isNull().or(col(T).lt(col(VALID_TO))));
    Column sameStageAndWeek =
        col(T_STAGE).equalTo(col(STAGE_NAME)).and(col(WEEK).equalTo(col("_c_week")));

    Dataset<Row> banded =
        nearest(
            treated
                .withColumn(
                    "_probe",
                    explode(array(col(BAND_COL).minus(1), col(BAND_COL), col(BAND_COL).plus(1))))
                .join(candidates, sameStageAndWeek.and(col("_probe").equalTo(col("_c_band"))))
                .filter(inForceAtT),
            controls);
    Dataset<Row> exact =
        banded
            .groupBy(T_OPP)
            .agg(max(when(col(RANK).equalTo(controls), col(DIST))).as("_kth"))
            .filter(col("_kth").lt(BAND))
            .select(T_OPP);
    Dataset<Row> rest = treated.join(exact, T_OPP, "left_anti");
    Dataset<Row> unbanded =
        nearest(rest.join(candidates, sameStageAndWeek).filter(inForceAtT), controls);
    Dataset<Row> chosen =
        banded
            .join(exact, T_OPP, "left_semi")
            .select(T_OPP, C_WON)
            .unionByName(unbanded.select(T_OPP, C_WON));

    Dataset<Row> shares = chosen.groupBy(T_OPP).agg(avg(col(C_WON)).as(C));
    return treated
        .join(shares, T_OPP)
        .select(col(T_OPP), col(ENTITY), col(Y), col(C), col(Y).minus(col(C)).as(D));
  }

  /** The {@code controls} nearest rows per treated deal, by distance, then candidate Id. */
  private static Dataset<Row> nearest(Dataset<Row> pairs, int controls) {
    return pairs
        .withColumn(DIST, abs(col(C_X).minus(col(X))))
        .withColumn(
            RANK, row_number().over(Window.partitionBy(T_OPP).orderBy(col(DIST), col(C_OPP))))
        .filter(col(RANK).leq(controls));
  }

  /**
   * ln(1 + amount), a null amount counted as 0. A negative amount (a credit note entered as a deal)
   * is counted as 0 too: the logarithm is not defined at or below −1.
   */
  private static Column logAmount(Column amount) {
    return log1p(greatest(coalesce(amount, lit(0)), lit(0)).cast("double"));
  }

  private static Column week(Column ts) {
    return floor(unix_seconds(ts).divide(lit(SECONDS_PER_WEEK)));
  }

  private static Column band(Column logAmount) {
    return floor(logAmount.divide(lit(BAND)));
  }

  /** The 95 % interval (clipped to [−1, 1]) and two-sided p-value of a mean. */
  record Interval(double low, double high, double pValue) {
    Row asRow() {
      return RowFactory.create(low, high, pValue);
    }
  }

  /**
   * The t interval and two-sided one-sample t-test of mean = 0 for {@code n} values of mean {@code
   * mean} and sample standard deviation {@code s}; null when n &lt; 2 or s is 0 (or unknown).
   */
  static Interval interval(Long n, Double mean, Double s) {
    if (n == null || mean == null || s == null || n < 2 || s == 0.0 || s.isNaN()) {
      return null;
    }
    TDistribution t = new TDistribution(null, n - 1.0);
    double se = s / Math.sqrt(n);
    double half = t.inverseCumulativeProbability(0.975) * se;
    double p = 2 * t.cumulativeProbability(-Math.abs(mean / se));
    return new Interval(Math.max(-1.0, mean - half), Math.min(1.0, mean + half), Math.min(1.0, p));
  }
}
