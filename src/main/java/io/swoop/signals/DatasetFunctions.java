package io.swoop.signals;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Small Column and Dataset functions the signals share. */
final class DatasetFunctions {
  private DatasetFunctions() {}

  /**
   * {@code ds} with exactly {@code schema}'s columns, in its order, cast to its types, and nullable
   * as the contract declares every column (a count is never null, but the schema the sink checks
   * says nullable).
   */
  static Dataset<Row> conform(Dataset<Row> ds, StructType schema) {
    StructField[] fields = schema.fields();
    Column[] out = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Column c = col(fields[i].name()).cast(fields[i].dataType());
      out[i] = (fields[i].nullable() ? when(c.isNotNull(), c) : c).as(fields[i].name());
    }
    return ds.select(out);
  }

  /** {@code numerator / denominator} as a double, null when the denominator is 0 or null. */
  /**
   * An aggregate: the mean of a double column's non-null values, summed in ascending order, or null
   * when there are none. Spark's avg adds in whatever order the partitions deliver, so its last
   * bits can change from one run to the next; a sorted sum gives the same result on every rerun and
   * every cluster.
   */
  static Column orderedMean(Column values) {
    Column sorted =
        org.apache.spark.sql.functions.sort_array(
            org.apache.spark.sql.functions.collect_list(values));
    return when(
        org.apache.spark.sql.functions.size(sorted).gt(0),
        orderedSum(sorted).divide(org.apache.spark.sql.functions.size(sorted)));
  }

  /**
   * An aggregate: the sum of a double column's non-null values, added in ascending order; 0.0 when
   * there are none. As with {@link #orderedMean}, Spark's sum adds in the order the partitions
   * deliver, so its last bits would depend on how many there are (the cores, the input's size).
   */
  static Column sortedSum(Column values) {
    return orderedSum(
        org.apache.spark.sql.functions.sort_array(
            org.apache.spark.sql.functions.collect_list(values)));
  }

  /** The sum of an array of doubles, added in array order. */
  static Column orderedSum(Column array) {
    return org.apache.spark.sql.functions.aggregate(array, lit(0.0), (acc, x) -> acc.plus(x));
  }

  static Column rate(Column numerator, Column denominator) {
    return when(denominator.gt(0), numerator.cast("double").divide(denominator.cast("double")));
  }

  /** A boolean column with null read as false. */
  static Column isTrue(String column) {
    return col(column).eqNullSafe(lit(true));
  }

  /** Column names for a join on equal columns of the same names. */
  static scala.collection.immutable.Seq<String> keys(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(names)).toList();
  }

  static Date date(LocalDate d) {
    return Date.valueOf(d);
  }

  /** Midnight UTC at the start of {@code d}. */
  static Timestamp startOf(LocalDate d) {
    return Timestamp.from(d.atStartOfDay().toInstant(ZoneOffset.UTC));
  }
}
