package io.swoop.job;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** The SparkSession swoop runs on, and naming of its stages in the Spark UI. */
public final class Spark {
  private Spark() {}

  /**
   * A session with swoop's settings: UTC, Parquet timestamps as INT64 micros, the UI off for
   * local runs. {@code master} null keeps what spark-submit chose. {@code settings} come last
   * (the {@code spark.*} keys of the configuration) so an operator can override anything.
   */
  public static SparkSession session(String master, Map<String, String> settings) {
    SparkSession.Builder b = SparkSession.builder().appName("swoop");
    if (master != null) {
      b.master(master);
    }
    b.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.parquet.writeLegacyFormat", "false")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.ansi.enabled", "false")
        // No _SUCCESS markers and no .crc side files in the output: BI tools list these folders.
        .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
        .config("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
        .config("spark.hadoop.fs.file.impl.disable.cache", "true");
    if (master != null && master.startsWith("local")) {
      b.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8");
    }
    settings.forEach(b::config);
    return b.getOrCreate();
  }

  /** Runs {@code work} under a named job group so the Spark UI shows the stage by name. */
  public static <T> T stage(SparkSession spark, String name, Supplier<T> work) {
    var sc = spark.sparkContext();
    String previous = sc.getLocalProperty("spark.jobGroup.id");
    sc.setJobGroup(name, "swoop: " + name, false);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        sc.clearJobGroup();
      } else {
        sc.setJobGroup(previous, "swoop: " + previous, false);
      }
    }
  }
}
