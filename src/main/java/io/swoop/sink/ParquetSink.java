package io.swoop.sink;

import io.swoop.core.SwoopException;
import io.swoop.model.OutputTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the output tables of one snapshot date so that a reader never sees a half-written
 * partition and a rerun replaces exactly that date (CONTRACT §3).
 *
 * <p>Each run works in its own folder {@code OUTPUT/_staging/snapshot_date=D-<uuid>/}:
 *
 * <ol>
 *   <li>{@link #stage} writes every table there ({@code <table>/snapshot_date=D/}); readers never
 *       look under {@code _staging}.
 *   <li>{@link #publish} first writes the manifest to publish ({@code _manifest.json}), then the
 *       journal {@code _tables} (the tables it will swap; its presence means "publishing began").
 *       For each table it moves the live {@code <table>/snapshot_date=D} aside into {@code
 *       _previous/} and renames the staged folder into its place; the report staged by {@link
 *       #stageReport} ({@code _reports/snapshot_date=D.html}) is swapped the same way, so it is
 *       rolled back with the tables. It commits by moving the live manifest aside and renaming
 *       {@code _manifest.json} to {@code _runs/snapshot_date=D.json}.
 *   <li>The run folder is then deleted.
 * </ol>
 *
 * <p>A run killed at any moment leaves its run folder behind. The next run of the same date
 * {@linkplain #recover recovers} it before doing anything: a folder without {@code _tables} never
 * touched the live tables and is deleted; one whose {@code _manifest.json} is gone had committed
 * and is deleted; any other is rolled back, each swapped table and the manifest put back as they
 * were. So the previous state of a date survives a crash, and only a completed run replaces it.
 * Other dates are never touched.
 *
 * <p>Limits: between the two renames of a table its partition of D is briefly absent (readers see
 * no rows of D in that table, never a part of them); a crash while publishing leaves a mix of old
 * and new tables of D until the next run of D rolls it back; two runs of the same date must not
 * overlap ({@link DateLease}, which a run takes before it constructs a sink). On object stores
 * without atomic rename (S3) each rename is a copy, so write to HDFS or a file system with real
 * renames, or write Delta tables ({@code output.format = delta}, {@link DeltaTables}): the tables
 * are then staged the same way, but published by one atomic Delta commit per table instead of
 * renames; only the report and the manifest are swapped in as above.
 */
public final class ParquetSink {
  /** Folder of run manifests under the output folder. */
  public static final String RUNS = RunManifests.FOLDER;

  /** Folder of the runs' reports for people under the output folder. */
  public static final String REPORTS = "_reports";

  /** Folder of the runs' working folders under the output folder. */
  public static final String STAGING = "_staging";

  private static final String TABLES = "_tables";
  private static final String MANIFEST = "_manifest.json";
  private static final String PREVIOUS = "_previous";

  private final SparkSession spark;
  private final Path output;
  private final LocalDate snapshotDate;
  private final String partition;
  private final Path runDir;
  private final FileSystem fs;

  /** Row counts of the staged tables; tables may be staged from several threads at once. */
  private final Map<String, Long> rows = new java.util.concurrent.ConcurrentHashMap<>();

  private boolean reportStaged;

  /** Whether the tables are published as Delta tables ({@link DeltaTables}) instead of renamed. */
  private final boolean delta;

  public ParquetSink(SparkSession spark, String outputDir, LocalDate snapshotDate) {
    this(spark, outputDir, snapshotDate, DeltaTables.PARQUET);
  }

  /**
   * A sink publishing in {@code format}: {@link DeltaTables#PARQUET} or {@link DeltaTables#DELTA}.
   * An output folder holding tables of the other format is refused.
   */
  public ParquetSink(SparkSession spark, String outputDir, LocalDate snapshotDate, String format) {
    this(
        spark,
        spark.sparkContext().hadoopConfiguration(),
        outputDir,
        snapshotDate,
        DeltaTables.DELTA.equals(format));
    try {
      DeltaTables.checkFormat(fs, output, delta);
    } catch (IOException e) {
      throw SwoopException.badInput("Cannot use output folder %s: %s", outputDir, e.getMessage());
    }
  }

  private ParquetSink(
      SparkSession spark,
      Configuration conf,
      String outputDir,
      LocalDate snapshotDate,
      boolean delta) {
    this.spark = spark;
    this.delta = delta;
    this.output = new Path(outputDir);
    this.snapshotDate = snapshotDate;
    this.partition = OutputTables.SNAPSHOT_DATE + "=" + snapshotDate;
    try {
      this.fs = output.getFileSystem(conf);
      this.runDir = new Path(new Path(output, STAGING), partition + "-" + UUID.randomUUID());
      recoverLeftovers();
    } catch (IOException e) {
      throw SwoopException.badInput("Cannot use output folder %s: %s", outputDir, e.getMessage());
    }
  }

  /**
   * Finishes or undoes what earlier runs of {@code snapshotDate} that died left behind, as
   * constructing a sink does, without Spark: a run that stops on its input before Spark starts
   * still puts the date back as it was.
   */
  public static void recover(Configuration conf, String outputDir, LocalDate snapshotDate) {
    new ParquetSink(null, conf, outputDir, snapshotDate, false);
  }

  /** Earlier runs of this date that died left their run folders: finish or undo each. */
  private void recoverLeftovers() throws IOException {
    Path staging = new Path(output, STAGING);
    if (!fs.exists(staging)) {
      return;
    }
    for (FileStatus s : fs.listStatus(staging)) {
      if (s.getPath().getName().startsWith(partition + "-")) {
        recover(s.getPath());
      }
    }
    deleteIfEmpty(staging);
  }

  /**
   * Writes {@code table} to staging after checking it has exactly the contract's schema, and
   * returns its row count (from the written files' footers).
   *
   * <p>The rows are rebalanced before the write: with adaptive execution on, into files of about
   * {@code spark.sql.adaptive.advisoryPartitionSizeInBytes} (64 MB by default, the size BI engines
   * read well from object stores); without it (the REBALANCE hint needs it) they are coalesced into
   * at most {@code spark.sql.shuffle.partitions} files. A few hundred rows are one file, not one
   * per task of the last stage.
   */
  public long stage(String table, Dataset<Row> data) {
    StructType expected = OutputTables.ALL.get(table);
    if (expected == null) {
      throw new IllegalArgumentException("Not an output table: " + table);
    }
    checkSchema(table, expected, data.schema());
    Path dir = staged(runDir, table);
    boolean adaptive = Boolean.parseBoolean(spark.conf().get("spark.sql.adaptive.enabled", "true"));
    Dataset<Row> files =
        adaptive
            ? data.hint("rebalance")
            : data.coalesce(Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")));
    files.write().mode(SaveMode.Overwrite).parquet(dir.toString());
    long n = countRows(dir);
    rows.put(table, n);
    return n;
  }

  /** The rows in a folder of Parquet files, summed from their footers: no second pass. */
  private long countRows(Path dir) {
    try {
      long n = 0;
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
          try (ParquetFileReader r =
              ParquetFileReader.open(HadoopInputFile.fromStatus(f, fs.getConf()))) {
            n += r.getRecordCount();
          }
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the footers of " + dir, e);
    }
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
                i + 1,
                a.name(),
                a.dataType().simpleString(),
                e.name(),
                e.dataType().simpleString()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Table " + table + " " + String.join("; ", problems));
    }
  }

  /**
   * Where {@code table}, once {@linkplain #stage staged}, can be read back before it is published.
   */
  public String stagedTable(String table) {
    if (!rows.containsKey(table)) {
      throw new IllegalArgumentException("Table " + table + " is not staged");
    }
    return staged(runDir, table).toString();
  }

  /** Stages the run's HTML report, to be published with the tables. */
  public void stageReport(String html) {
    try {
      write(staged(runDir, REPORTS), html);
      reportStaged = true;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot stage the report in " + runDir, e);
    }
  }

  /** Row counts of the tables staged so far, in the order of {@link OutputTables#ALL}. */
  public Map<String, Long> rows() {
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (String table : OutputTables.ALL.keySet()) {
      if (rows.containsKey(table)) {
        ordered.put(table, rows.get(table));
      }
    }
    return ordered;
  }

  /**
   * Swaps every staged table into place, one rename per partition, then commits by writing the
   * manifest JSON last: its presence means the date's tables are all published. On failure the live
   * tables are put back as they were.
   */
  public void publish(String manifestJson) {
    publish(versions -> manifestJson);
  }

  /**
   * As {@link #publish(String)}; the manifest is {@code manifestOf} the tables' Delta versions
   * (empty for Parquet). With Delta each table's date is first replaced by one commit of its own (a
   * reader sees the old or the new rows of D, never a part); the report and the manifest are then
   * swapped in as with Parquet. A run that dies among the commits leaves the tables it committed at
   * their new version: every earlier version stays readable by time travel, and the date's
   * manifest, still the previous run's, names the versions that belong together.
   */
  public void publish(java.util.function.Function<Map<String, Long>, String> manifestOf) {
    try {
      Map<String, Long> versions = new LinkedHashMap<>();
      List<String> entries = new ArrayList<>();
      for (String table : rows().keySet()) {
        if (delta) {
          versions.put(
              table,
              DeltaTables.replaceDate(
                  spark,
                  staged(runDir, table),
                  new Path(output, table),
                  snapshotDate,
                  runDir.getName()));
        } else {
          entries.add(table);
        }
      }
      write(new Path(runDir, MANIFEST), manifestOf.apply(versions));
      if (reportStaged) {
        entries.add(REPORTS);
      }
      write(new Path(runDir, TABLES), String.join("\n", entries));
      for (String table : entries) {
        Path live = live(table);
        fs.mkdirs(live.getParent());
        if (fs.exists(live)) {
          Path previous = new Path(new Path(runDir, PREVIOUS), table);
          fs.mkdirs(previous.getParent());
          rename(live, previous);
        }
        rename(staged(runDir, table), live);
      }
      Path manifest = manifestPath(output, snapshotDate);
      fs.mkdirs(manifest.getParent());
      if (fs.exists(manifest)) {
        rename(manifest, new Path(new Path(runDir, PREVIOUS), MANIFEST));
      }
      rename(new Path(runDir, MANIFEST), manifest);
    } catch (IOException | RuntimeException e) {
      abandon();
      throw new IllegalStateException("Publishing " + partition + " to " + output + " failed", e);
    }
    abandon();
  }

  /**
   * Cleans up this run's folder: a run that failed before or while publishing leaves the live
   * tables as they were before it; a committed one only loses its leftovers.
   */
  public void abandon() {
    try {
      recover(runDir);
      deleteIfEmpty(new Path(output, STAGING));
    } catch (IOException e) {
      // The next run of this date recovers it.
    }
  }

  private void recover(Path dir) throws IOException {
    Path tables = new Path(dir, TABLES);
    if (fs.exists(tables) && fs.exists(new Path(dir, MANIFEST))) {
      for (String table : read(tables).split("\n")) {
        Path live = live(table);
        Path staged = staged(dir, table);
        if (!fs.exists(staged) && fs.exists(live)) {
          fs.mkdirs(staged.getParent());
          rename(live, staged);
        }
        Path previous = new Path(new Path(dir, PREVIOUS), table);
        if (fs.exists(previous) && !fs.exists(live)) {
          rename(previous, live);
        }
      }
      Path manifest = manifestPath(output, snapshotDate);
      Path previous = new Path(new Path(dir, PREVIOUS), MANIFEST);
      if (fs.exists(previous) && !fs.exists(manifest)) {
        rename(previous, manifest);
      }
    }
    fs.delete(dir, true);
  }

  /** The published place of a journal entry: a table's partition, or the report. */
  private Path live(String entry) {
    return entry.equals(REPORTS)
        ? reportPath(output, snapshotDate)
        : new Path(new Path(output, entry), partition);
  }

  private Path staged(Path dir, String entry) {
    return new Path(new Path(dir, entry), partition + (entry.equals(REPORTS) ? ".html" : ""));
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

  /** Writes a small file whole: to a temporary name first, so it exists complete or not at all. */
  private void write(Path file, String text) throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    rename(tmp, file);
  }

  private String read(Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Where the report of {@code date} lives. */
  public static Path reportPath(Path output, LocalDate date) {
    return new Path(new Path(output, REPORTS), OutputTables.SNAPSHOT_DATE + "=" + date + ".html");
  }

  /** Where the manifest of {@code date} lives. */
  public static Path manifestPath(Path output, LocalDate date) {
    return new Path(output, RunManifests.relativePath(date));
  }
}
