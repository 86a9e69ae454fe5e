package io.swoop.sink.report;

import io.swoop.sink.ParquetSink;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Builds the run's report from the tables {@code sink} has staged, and stages it with them. */
public final class Report {
  private Report() {}

  /**
   * Reads every staged table back, renders the page and stages it, so it is published (and rolled
   * back) together with the tables. Call it after the last table is staged.
   *
   * @param beforeMatching the balance before matching, which no table holds; null when the run did
   *     not search for controls
   */
  public static void stage(
      SparkSession spark,
      ParquetSink sink,
      LocalDate snapshotDate,
      int windowDays,
      List<BeforeMatching> beforeMatching) {
    ReportData data =
        ReportTables.read(
            spark,
            table -> sink.rows().containsKey(table) ? sink.stagedTable(table) : null,
            snapshotDate,
            windowDays);
    sink.stageReport(ReportPage.render(data, beforeMatching));
  }
}
