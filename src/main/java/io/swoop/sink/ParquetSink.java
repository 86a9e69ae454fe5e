package io.swoop.sink;

import io.swoop.job.SwoopException;
import io.swoop.model.OutputTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the output tables of one snapshot date so that a reader never sees a half-written
 * partition (CONTRACT §3). Every table is first written under {@code OUTPUT/_staging/}; only when
 * all of them are complete does {@link #publish} swap each {@code <table>/snapshot_date=D} folder
 * in with one rename, then write the run manifest last. Other dates are never touched. A run
 * killed before publishing leaves the previous partitions as they were, and the next run of that
 * date clears its leftovers.
 */
public final class ParquetSink {
  /** Folder of run manifests under the output folder. */
  public static final String RUNS = "_runs";

  private static final String STAGING = "_staging";
  private static final String TRASH = "_trash";

  private final SparkSession spark;
  private final Path output;
  private final LocalDate snapshotDate;
  private final String partition;
  private final Path staging;
  private final FileSystem fs;
  private final Map<String, Long> rows = new LinkedHashMap<>();

  public ParquetSink(SparkSession spark, String outputDir, LocalDate snapshotDate) {
    this.spark = spark;
    this.output = new Path(outputDir);
    this.snapshotDate = snapshotDate;
    this.partition = OutputTables.SNAPSHOT_DATE + "=" + snapshotDate;
    try {
      this.fs = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
      this.staging = new Path(new Path(output, STAGING), partition + "-" + UUID.randomUUID());
      clearLeftovers();
    } catch (IOException e) {
      throw SwoopException.badInput("Cannot use output folder %s: %s", outputDir, e.getMessage());
    }
  }

  /** Earlier runs of this date that died before publishing left staging folders: remove them. */
  private void clearLeftovers() throws IOException {
    for (String dir : List.of(STAGING, TRASH)) {
      Path parent = new Path(output, dir);
      if (fs.exists(parent)) {
        for (FileStatus s : fs.listStatus(parent)) {
          if (s.getPath().getName().startsWith(partition + "-")) {
            fs.delete(s.getPath(), true);
          }
        }
      }
    }
  }

  /**
   * Writes {@code table} to staging after checking it has exactly the contract's schema, and
   * returns its row count (read back from the written files).
   */
  public long stage(String table, Dataset<Row> data) {
    StructType expected = OutputTables.ALL.get(table);
    if (expected == null) {
      throw new IllegalArgumentException("Not an output table: " + table);
    }
    checkSchema(table, expected, data.schema());
    String dir = new Path(new Path(staging, table), partition).toString();
    data.write().mode(SaveMode.Overwrite).parquet(dir);
    long n = spark.read().parquet(dir).count();
    rows.put(table, n);
    return n;
  }

  static void checkSchema(String table, StructType expected, StructType actual) {
    List<String> problems = new ArrayList<>();
    if (expected.size() != actual.size()) {
      problems.add("has " + actual.size() + " columns, the contract has " + expected.size());
    }
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      StructField e = expected.fields()[i];
      StructField a = actual.fields()[i];
      if (!e.name().equals(a.name()) || !e.dataType().equals(a.dataType())) {
        problems.add(
            String.format(
                "column %d is %s %s, the contract has %s %s",
                i + 1, a.name(), a.dataType().simpleString(), e.name(), e.dataType().simpleString()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Table " + table + " " + String.join("; ", problems));
    }
  }

  /** Row counts of the tables staged so far. */
  public Map<String, Long> rows() {
    return rows;
  }

  /**
   * Swaps every staged table into place, one rename per partition, then writes the manifest
   * JSON last: its presence means the date's tables are all published.
   */
  public void publish(String manifestJson) {
    try {
      Path trash = new Path(new Path(output, TRASH), staging.getName());
      for (String table : rows.keySet()) {
        Path target = new Path(new Path(output, table), partition);
        fs.mkdirs(target.getParent());
        if (fs.exists(target)) {
          Path old = new Path(trash, table);
          fs.mkdirs(trash);
          rename(target, old);
        }
        rename(new Path(new Path(staging, table), partition), target);
      }
      fs.delete(trash, true);
      fs.delete(staging, true);
      deleteIfEmpty(new Path(output, STAGING));
      deleteIfEmpty(new Path(output, TRASH));
      writeManifest(manifestJson);
    } catch (IOException e) {
      throw new IllegalStateException("Publishing " + partition + " to " + output + " failed", e);
    }
  }

  /** Removes this run's staging folder; for a run that fails before {@link #publish}. */
  public void abandon() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      // The next run of this date removes it.
    }
  }

  private void deleteIfEmpty(Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  private void writeManifest(String json) throws IOException {
    Path runs = new Path(output, RUNS);
    fs.mkdirs(runs);
    Path target = manifestPath(output, snapshotDate);
    Path tmp = new Path(runs, "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    rename(tmp, target);
  }

  /** Where the manifest of {@code date} lives. */
  public static Path manifestPath(Path output, LocalDate date) {
    return new Path(new Path(output, RUNS), OutputTables.SNAPSHOT_DATE + "=" + date + ".json");
  }
}
