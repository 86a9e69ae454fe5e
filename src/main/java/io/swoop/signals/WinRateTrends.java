package io.swoop.signals;

import static io.swoop.model.ColumnNames.DIRECTION;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.FIRST_PERIOD;
import static io.swoop.model.ColumnNames.LAST_PERIOD;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.LOST;
import static io.swoop.model.ColumnNames.PERIODS;
import static io.swoop.model.ColumnNames.PERIOD_START;
import static io.swoop.model.ColumnNames.P_VALUE;
import static io.swoop.model.ColumnNames.SLOPE;
import static io.swoop.model.ColumnNames.WIN_RATE;
import static io.swoop.model.ColumnNames.WON;
import static io.swoop.model.ColumnValues.DECLINING;
import static io.swoop.model.ColumnValues.FLAT;
import static io.swoop.model.ColumnValues.IMPROVING;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.swoop.model.OutputTables;
import io.swoop.model.WeightedTrend;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Whether each rep's, manager's and the org's win rate is moving (CONTRACT §3 {@code
 * win_rate_trends}): a weighted least-squares line through its latest quarterly win rates, each
 * quarter weighted by its closed deals.
 */
public final class WinRateTrends {
  private static final String POINTS = "_points";
  private static final String FIT = "_fit";
  private static final StructType FIT_TYPE =
      new StructType()
          .add(SLOPE, DataTypes.DoubleType, true)
          .add(P_VALUE, DataTypes.DoubleType, true);
  private static final UserDefinedFunction FIT_UDF =
      udf((UDF1<scala.collection.Seq<Row>, Row>) WinRateTrends::fitPoints, FIT_TYPE);

  private WinRateTrends() {}

  /**
   * The {@code win_rate_trends} table from {@code win_rates}: per level and entity, the last {@code
   * quarters} quarters starting on or before the snapshot date that have a row; x = quarters since
   * 1970-Q1, y = win_rate, weight = won + lost. Fewer than 3 quarters: slope and p_value null,
   * direction flat; otherwise improving or declining when p_value &lt; {@code alpha}.
   */
  public static Dataset<Row> compute(
      Dataset<Row> winRates, LocalDate snapshotDate, int quarters, double alpha) {
    Column quarterIndex =
        year(col(PERIOD_START))
            .minus(1970)
            .multiply(4)
            .plus(month(col(PERIOD_START)).minus(1).divide(3).cast("int"));
    Dataset<Row> latest =
        winRates
            .filter(col(PERIOD_START).leq(lit(DatasetFunctions.date(snapshotDate))))
            .withColumn(
                "_recency",
                row_number()
                    .over(Window.partitionBy(LEVEL, ENTITY_ID).orderBy(col(PERIOD_START).desc())))
            .filter(col("_recency").leq(quarters));
    Column point =
        struct(
            quarterIndex.cast("double").as("x"),
            col(WIN_RATE).cast("double").as("y"),
            col(WON).plus(col(LOST)).cast("double").as("w"));
    Dataset<Row> fitted =
        latest
            .groupBy(LEVEL, ENTITY_ID)
            .agg(
                count(lit(1)).as(PERIODS),
                min(PERIOD_START).as(FIRST_PERIOD),
                max(PERIOD_START).as(LAST_PERIOD),
                // Sorted by quarter: the fit sums in one order, so reruns agree to the last bit.
                sort_array(collect_list(point)).as(POINTS))
            .withColumn(FIT, FIT_UDF.apply(col(POINTS)))
            .withColumn(SLOPE, col(FIT + "." + SLOPE))
            .withColumn(P_VALUE, col(FIT + "." + P_VALUE));
    Column direction =
        when(col(P_VALUE).isNotNull().and(col(P_VALUE).lt(alpha)).and(col(SLOPE).gt(0)), IMPROVING)
            .when(
                col(P_VALUE).isNotNull().and(col(P_VALUE).lt(alpha)).and(col(SLOPE).lt(0)),
                DECLINING)
            .otherwise(FLAT);
    return DatasetFunctions.conform(
        fitted.withColumn(DIRECTION, direction), OutputTables.WIN_RATE_TRENDS_SCHEMA);
  }

  private static Row fitPoints(scala.collection.Seq<Row> points) {
    List<Row> p = scala.jdk.javaapi.CollectionConverters.asJava(points);
    double[] x = new double[p.size()];
    double[] y = new double[p.size()];
    double[] w = new double[p.size()];
    for (int i = 0; i < p.size(); i++) {
      x[i] = p.get(i).getDouble(0);
      y[i] = p.get(i).getDouble(1);
      w[i] = p.get(i).getDouble(2);
    }
    WeightedTrend.Fit fit = WeightedTrend.fit(x, y, w);
    return fit == null
        ? RowFactory.create(null, null)
        : RowFactory.create(fit.slope(), fit.pValue());
  }
}
