package io.swoop.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.job.Main;
import io.swoop.job.Spark;
import io.swoop.model.OutputTables;
import io.swoop.testing.Fixtures;
import io.swoop.testing.PausedRun;
import io.swoop.testing.PausingFileSystem;
import io.swoop.testing.SqlFiles;
import io.swoop.testing.TinyOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code output.format = delta}: each table a Delta table partitioned by snapshot_date, a run
 * replacing its date with one commit per table. Its rows equal the Parquet format's, a rerun
 * replaces only its date, and a run killed between two tables' commits leaves every table readable
 * at the version the date's manifest names (the previous run's), until a rerun replaces them all.
 */
class DeltaOutputIT {
  private static final LocalDate D = Fixtures.TINY_SNAPSHOT;
  private static final LocalDate BEFORE_D = D.minusDays(1);

  /**
   * Delta rebuilds a table's state (its log replayed) in this many partitions each time it loads
   * the table: Delta's default of 50 made every write and read of the tiny org's 11 tables about
   * 100 tasks of a few rows each, most of this class's 12 minutes. The state is the same in any
   * number of partitions.
   */
  private static final Map<String, String> SMALL_SNAPSHOTS =
      Map.of("spark.databricks.delta.snapshotPartitions", "1");

  @TempDir static Path shared;

  private static Path conf;

  /** The tiny org with one more rejected Task row: its date-D tables differ from A's. */
  private static Path inputB;

  /** Dates D-1 and D, both run on the tiny org: the state every test starts from. */
  private static Path baseline;

  /** The baseline's rows of D-1 and of D, per table. */
  private static Map<String, List<String>> baselineD1;

  private static Map<String, List<String>> baselineD;

  @TempDir Path tmp;

  @BeforeAll
  static void inputs() throws Exception {
    conf = shared.resolve("delta.properties");
    StringBuilder delta = new StringBuilder(Files.readString(Fixtures.tinyOrgConf()));
    delta.append("\noutput.format = delta\n");
    SMALL_SNAPSHOTS.forEach((k, v) -> delta.append(k).append(" = ").append(v).append('\n'));
    Files.writeString(conf, delta);
    inputB = shared.resolve("exports-b");
    Fixtures.copyDir(Fixtures.tinyOrg(), inputB);
    Files.writeString(
        inputB.resolve("Task.csv"),
        "00T5g00000Tk099,0065g00000Op011,0055g00000Ux004AAB,2024-06-31,2024-06-12T08:00:00.000Z,,"
            + "Call,Call,Call,false\r\n",
        StandardOpenOption.APPEND);
    baseline = shared.resolve("baseline");
    run(Fixtures.tinyOrg(), baseline.toString(), BEFORE_D);
    run(Fixtures.tinyOrg(), baseline.toString(), D);
    withSpark(
        s -> {
          Map<LocalDate, Map<String, List<String>>> both = rows(s, baseline, null, BEFORE_D, D);
          baselineD1 = both.get(BEFORE_D);
          baselineD = both.get(D);
          return null;
        });
  }

  /** A copy of {@link #baseline} (a Delta table's log names its files relative to the table). */
  private Path fromTheBaseline() {
    Path out = tmp.resolve("out");
    Fixtures.copyDir(baseline, out);
    return out;
  }

  @Test
  void rowsEqualParquetsAndARerunReplacesOnlyItsDate() throws Exception {
    Path out = fromTheBaseline();
    Path parquet = TinyOutput.get();
    Map<String, Long> first = versions(out, D);
    assertEquals(tables(parquet), first.keySet().stream().sorted().toList(), "a version per table");

    run(inputB, out.toString(), D);
    Map<String, Long> second = versions(out, D);
    Map<String, List<String>> rerun =
        withSpark(
            s -> {
              // out was a byte-for-byte copy of the baseline, whose rows these are.
              assertEquals(
                  parquetRows(s, parquet, D),
                  baselineD,
                  "the Delta tables hold the Parquet format's rows");
              assertEquals(parquetRows(s, parquet, BEFORE_D), baselineD1);
              Map<LocalDate, Map<String, List<String>>> latest = rows(s, out, null, BEFORE_D, D);
              assertEquals(baselineD1, latest.get(BEFORE_D), "D-1 untouched");
              // Each earlier version stays readable by time travel.
              assertEquals(baselineD, rows(s, out, first, D).get(D));
              return latest.get(D);
            });
    assertNotEquals(baselineD, rerun, "D replaced");
    assertEquals(
        baselineD.get(OutputTables.REJECTED_ROWS).size() + 1,
        rerun.get(OutputTables.REJECTED_ROWS).size());
    for (String table : first.keySet()) {
      // A table whose rows of D did not change (an empty one) gets no new commit.
      assertTrue(second.get(table) >= first.get(table), table);
    }
    assertTrue(
        second.get(OutputTables.REJECTED_ROWS) > first.get(OutputTables.REJECTED_ROWS),
        "a new version where D changed");
    assertTrue(
        Files.isRegularFile(
            out.resolve(ParquetSink.REPORTS).resolve("snapshot_date=" + D + ".html")));

    // conf/bi/spark-delta.sql registers every table over the output, as Spark SQL users would.
    Path warehouse = tmp.resolve("warehouse");
    Map<String, Long> registered =
        withSpark(
            Map.of("spark.sql.warehouse.dir", warehouse.toString()),
            s -> {
              Map<String, Long> n = new TreeMap<>();
              try {
                for (String st :
                    SqlFiles.statements(SqlFiles.bi("spark-delta.sql"), out.toString())) {
                  s.sql(st);
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              for (String table : rerun.keySet()) {
                n.put(
                    table,
                    s.sql("SELECT * FROM swoop." + table + " WHERE snapshot_date = DATE'" + D + "'")
                        .count());
              }
              s.sql("DROP DATABASE swoop CASCADE");
              return n;
            });
    Map<String, Long> expected = new TreeMap<>();
    rerun.forEach((t, r) -> expected.put(t, (long) r.size()));
    assertEquals(expected, registered);
  }

  @Test
  void theDeltaDefinitionsRegisterEveryTable() throws Exception {
    for (String file : List.of("spark-delta.sql", "trino-delta.sql", "athena-delta.sql")) {
      String sql = Files.readString(SqlFiles.bi(file));
      for (String table : OutputTables.ALL.keySet()) {
        assertTrue(sql.contains("'${OUTPUT}/" + table), file + " registers " + table);
      }
      assertEquals(
          OutputTables.ALL.size(),
          SqlFiles.statements(SqlFiles.bi(file), "s3://bucket/swoop").size() - 1,
          file + ": one statement per table after the database's");
    }
  }

  @Test
  void aRunKilledBetweenTwoCommitsLeavesEveryTableReadableAtItsPreviousVersion() throws Exception {
    Path out = fromTheBaseline();
    Map<String, Long> before = versions(out, D);

    killedRun(inputB, out, D);
    assertEquals(before, versions(out, D), "the date's manifest is still the previous run's");
    // Every table readable, now and at the manifest's versions, which hold the previous rows.
    withSpark(
        s -> {
          Map<String, List<String>> latest = rows(s, out, null, D).get(D);
          assertEquals(baselineD.keySet(), latest.keySet());
          assertEquals(baselineD, rows(s, out, before, D).get(D));
          assertNotEquals(baselineD, latest, "one table was committed before the kill");
          return null;
        });

    run(inputB, out.toString(), D);
    Path uninterrupted = tmp.resolve("uninterrupted");
    run(inputB, uninterrupted.toString(), D);
    withSpark(
        s -> {
          Map<LocalDate, Map<String, List<String>>> rerun = rows(s, out, null, BEFORE_D, D);
          assertEquals(
              rows(s, uninterrupted, null, D).get(D),
              rerun.get(D),
              "the rerun equals an uninterrupted run");
          assertEquals(baselineD1, rerun.get(BEFORE_D), "D-1 untouched");
          return null;
        });
  }

  private static void run(Path input, String output, LocalDate date) {
    List<String> args = new ArrayList<>(List.of(Fixtures.runArgs(input, Path.of("x"), date, conf)));
    args.set(args.indexOf("--output") + 1, output);
    assertEquals(0, Main.run(args.toArray(String[]::new)));
  }

  /** Runs D in a child JVM that stops after its first Delta commit, and kill -9s it. */
  private void killedRun(Path input, Path output, LocalDate date) throws Exception {
    try (PausedRun run =
        PausedRun.start(
            tmp,
            "child",
            Fixtures.runArgs(input, output, date, conf),
            PausingFileSystem.AFTER_FIRST_COMMIT,
            "spark.delta.logStore."
                + PausingFileSystem.SCHEME
                + ".impl = io.delta.storage.LocalLogStore\n",
            Map.of())) {
      run.kill9();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> versions(Path out, LocalDate date) throws Exception {
    Map<String, Object> manifest =
        new ObjectMapper()
            .readValue(Files.readString(out.resolve(RunManifests.relativePath(date))), Map.class);
    assertEquals("delta", manifest.get("output_format"));
    Map<String, Long> v = new TreeMap<>();
    ((Map<String, Number>) manifest.get("delta_versions"))
        .forEach((k, n) -> v.put(k, n.longValue()));
    return v;
  }

  private static <T> T withSpark(Function<SparkSession, T> reading) {
    return withSpark(Map.of(), reading);
  }

  /** A session with {@code settings} too: a static one (the warehouse) is set before it starts. */
  private static <T> T withSpark(Map<String, String> settings, Function<SparkSession, T> reading) {
    Map<String, String> all = new TreeMap<>(DeltaTables.SESSION);
    all.putAll(SMALL_SNAPSHOTS);
    all.putAll(settings);
    // Sized for a small input, as the job sizes its own session for the tiny org: no generated
    // code and one shuffle partition, which make each of the many small reads faster and read
    // the same rows.
    SparkSession spark = Spark.session("local[1]", all, 0);
    try {
      return reading.apply(spark);
    } finally {
      spark.stop();
    }
  }

  /**
   * Per date of {@code dates}, each table's rows of that date (without the date column), sorted, at
   * {@code versions} (null: the latest). Each table is read once for all the dates.
   */
  private static Map<LocalDate, Map<String, List<String>>> rows(
      SparkSession spark, Path out, Map<String, Long> versions, LocalDate... dates) {
    Map<LocalDate, Map<String, List<String>>> m = new TreeMap<>();
    for (LocalDate date : dates) {
      m.put(date, new TreeMap<>());
    }
    String inDates =
        java.util.Arrays.stream(dates)
            .map(d -> "DATE'" + d + "'")
            .collect(java.util.stream.Collectors.joining(", "));
    for (String table : tables(out)) {
      var reader = spark.read().format("delta");
      if (versions != null) {
        reader = reader.option("versionAsOf", versions.get(table));
      }
      Dataset<Row> d =
          reader
              .load(out.resolve(table).toString())
              .where(OutputTables.SNAPSHOT_DATE + " IN (" + inDates + ")");
      int dateField = d.schema().fieldIndex(OutputTables.SNAPSHOT_DATE);
      for (LocalDate date : dates) {
        m.get(date).put(table, new ArrayList<>());
      }
      for (Row r : d.collectAsList()) {
        Object[] values = new Object[r.length() - 1];
        for (int i = 0, j = 0; i < r.length(); i++) {
          if (i != dateField) {
            values[j++] = r.get(i);
          }
        }
        Object day = r.get(dateField);
        LocalDate date = day instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) day;
        m.get(date).get(table).add(RowFactory.create(values).toString());
      }
      for (LocalDate date : dates) {
        m.get(date).get(table).sort(null);
      }
    }
    return m;
  }

  private static Map<String, List<String>> parquetRows(
      SparkSession spark, Path out, LocalDate date) {
    Map<String, List<String>> m = new TreeMap<>();
    for (String table : tables(out)) {
      m.put(
          table,
          sorted(
              spark
                  .read()
                  .parquet(out.resolve(table).resolve("snapshot_date=" + date).toString())));
    }
    return m;
  }

  private static List<String> sorted(Dataset<Row> d) {
    return d.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** The tables written under {@code out}. */
  private static List<String> tables(Path out) {
    return OutputTables.ALL.keySet().stream()
        .filter(t -> Files.isDirectory(out.resolve(t)))
        .sorted()
        .toList();
  }
}
