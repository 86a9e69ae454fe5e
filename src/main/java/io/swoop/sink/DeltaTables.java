package io.swoop.sink;

import io.swoop.core.SwoopException;
import io.swoop.model.OutputTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The output tables as Delta Lake tables ({@code output.format = delta}): {@code OUTPUT/<table>/}
 * is one Delta table partitioned by {@code snapshot_date}, and a run replaces its date with one
 * atomic commit per table ({@code replaceWhere}), which a reader on any store, S3 included, sees
 * whole or not at all. Only the Spark API names Delta ({@code format("delta")}): the code compiles
 * and the Parquet path runs without Delta's jars.
 */
public final class DeltaTables {
  /** The output formats of {@code output.format}. */
  public static final String PARQUET = "parquet";

  public static final String DELTA = "delta";

  /** The folder of a Delta table's commits. */
  public static final String LOG = "_delta_log";

  /** What a session writing Delta tables needs (unless the operator set them). */
  public static final Map<String, String> SESSION =
      Map.of(
          "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
          "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");

  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");

  private DeltaTables() {}

  /**
   * Replaces the partition {@code date} of the Delta table {@code table} by the rows staged (as
   * Parquet, without the partition column) in {@code staged}, in one commit tagged {@code marker},
   * and returns the commit's version.
   */
  public static long replaceDate(
      SparkSession spark, Path staged, Path table, LocalDate date, String marker) {
    Dataset<Row> rows =
        spark
            .read()
            .parquet(staged.toString())
            .withColumn(OutputTables.SNAPSHOT_DATE, functions.lit(java.sql.Date.valueOf(date)));
    rows.write()
        .format(DELTA)
        .mode(SaveMode.Overwrite)
        .partitionBy(OutputTables.SNAPSHOT_DATE)
        .option("replaceWhere", OutputTables.SNAPSHOT_DATE + " = DATE'" + date + "'")
        // swoop's session overwrites partitions dynamically (Parquet); Delta refuses that together
        // with replaceWhere, which already names the one partition replaced.
        .option("partitionOverwriteMode", "static")
        .option("userMetadata", marker)
        .save(table.toString());
    return version(spark, table, marker);
  }

  /**
   * The version of the commit of {@code table} tagged {@code marker}: other dates' runs may commit
   * to the same table at the same time, so it is looked up, not taken as the latest. Without such a
   * commit (Delta skipped a replacement that changed nothing), the latest version.
   */
  static long version(SparkSession spark, Path table, String marker) {
    Path log = new Path(table, LOG);
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<long[]> commits = new ArrayList<>();
      for (FileStatus s : fs.listStatus(log)) {
        Matcher m = COMMIT.matcher(s.getPath().getName());
        if (m.matches()) {
          commits.add(new long[] {Long.parseLong(m.group(1))});
        }
      }
      commits.sort(Comparator.comparingLong((long[] c) -> c[0]).reversed());
      String tag = "\"userMetadata\":\"" + marker + "\"";
      for (long[] c : commits) {
        try (InputStream in = fs.open(new Path(log, String.format("%020d.json", c[0])))) {
          if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(tag)) {
            return c[0];
          }
        }
      }
      // Delta commits nothing when the replacement changes nothing (an empty table stays empty):
      // the date's rows are then those of the latest version.
      if (commits.isEmpty()) {
        throw new IllegalStateException("No commit of " + table + " is tagged " + marker);
      }
      return commits.get(0)[0];
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Delta log of " + table, e);
    }
  }

  /**
   * Refuses an output folder whose tables are of the other format: Delta's log over Parquet
   * partitions would hide them, and renaming partitions under a Delta table would corrupt it.
   */
  static void checkFormat(FileSystem fs, Path output, boolean delta) throws IOException {
    for (String table : OutputTables.ALL.keySet()) {
      Path dir = new Path(output, table);
      if (!fs.exists(dir)) {
        continue;
      }
      boolean isDelta = fs.exists(new Path(dir, LOG));
      boolean hasPartitions = false;
      for (FileStatus s : fs.listStatus(dir)) {
        hasPartitions |= s.getPath().getName().startsWith(OutputTables.SNAPSHOT_DATE + "=");
      }
      if (delta && !isDelta && hasPartitions) {
        throw SwoopException.badInput(
            "output.format = delta, but %s holds Parquet tables (%s has no %s): write Delta to"
                + " another output folder",
            output, dir, LOG);
      }
      if (!delta && isDelta) {
        throw SwoopException.badInput(
            "output.format = parquet, but %s holds Delta tables (%s): set output.format = delta"
                + " or write to another output folder",
            output, new Path(dir, LOG));
      }
    }
  }
}
