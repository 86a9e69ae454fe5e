package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** What {@link RunMetrics} counts while a query runs on a session sized for a large input. */
class RunMetricsTest {
  @Test
  void countsJobsTasksShuffleAndTheDriversPlanningAndCompileTime() {
    // Unknown input size: generated code on, as for a large export (the test base turns it off).
    SparkSession spark = Spark.session("local[2]", Map.of(), -1);
    try {
      RunMetrics metrics = RunMetrics.on(spark.sparkContext());
      // A constant no earlier query used, so its code is compiled now, not found in the cache;
      // one more than a multiple of 7, so the 7 groups are all there (k = nanoTime | 1 was a
      // multiple of 7 once in seven runs, which gave one group), and small enough not to overflow.
      long k = 7 * (System.nanoTime() % 1_000_000_000L) + 1;
      long groups =
          spark
              .range(0, 10_000, 1, 2)
              .selectExpr("(id * " + k + ") % 7 AS x")
              .groupBy("x")
              .count()
              .collectAsList()
              .size();
      assertEquals(7, groups);
      Map<String, Object> m = metrics.snapshot(spark.sparkContext());
      assertTrue((long) m.get("spark_jobs") >= 1, m.toString());
      assertTrue((long) m.get("tasks") >= 3, m.toString());
      assertTrue((double) m.get("shuffle_mb") >= 0, m.toString());
      assertTrue((long) m.get("shuffle_stages") >= 1, m.toString());
      assertTrue((double) m.get("planning_seconds") > 0, m.toString());
      assertTrue((double) m.get("codegen_seconds") > 0, m.toString());
      assertTrue((double) m.get("peak_heap_mb") > 0, m.toString());
    } finally {
      spark.stop();
    }
  }
}
