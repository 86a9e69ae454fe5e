package io.swoop.sink.report;

import io.swoop.sink.ParquetSink;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** Builds the run's report from the tables {@code sink} has staged, and stages it with them. */
public final class Report {
  private Report() {}

  /**
   * Reads every staged table back, renders the page and stages it, so it is published (and rolled
   * back) together with the tables. Call it after the last table is staged.
   */
  public static void stage(
      SparkSession spark, ParquetSink sink, LocalDate snapshotDate, int windowDays) {
    ReportData data =
        ReportTables.read(
            spark,
            table -> sink.rows().containsKey(table) ? sink.stagedTable(table) : null,
            snapshotDate,
            windowDays);
    sink.stageReport(ReportPage.render(data));
  }
}
