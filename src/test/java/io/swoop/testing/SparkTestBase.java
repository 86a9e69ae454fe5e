package io.swoop.testing;

import io.swoop.job.Spark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One local SparkSession per test class (local[2], UI off, UTC), as swoop's job configures it for a
 * small input: the fixtures are a few rows, which the job runs without generated code, adaptive
 * re-planning or broadcast jobs (seconds less per query, the same results). Four shuffle partitions
 * keep more than one partition in the plans.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = Spark.session("local[2]", java.util.Map.of("spark.sql.shuffle.partitions", "4"), 0);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  /** An expected row, written inline. */
  protected static Row row(Object... values) {
    return RowFactory.create(values);
  }

  protected static List<Row> rows(Row... rows) {
    return Arrays.asList(rows);
  }
}
