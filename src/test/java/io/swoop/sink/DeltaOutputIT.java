package io.swoop.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.job.Main;
import io.swoop.job.Spark;
import io.swoop.model.OutputTables;
import io.swoop.testing.ChildJvm;
import io.swoop.testing.Fixtures;
import io.swoop.testing.PausingFileSystem;
import io.swoop.testing.SqlFiles;
import io.swoop.testing.TinyOutput;
import io.swoop.testing.Waits;
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

  @TempDir static Path shared;

  private static Path conf;

  /** The tiny org with one more rejected Task row: its date-D tables differ from A's. */
  private static Path inputB;

  @TempDir Path tmp;

  @BeforeAll
  static void inputs() throws Exception {
    conf = shared.resolve("delta.properties");
    Files.writeString(conf, Files.readString(Fixtures.tinyOrgConf()) + "\noutput.format = delta\n");
    inputB = shared.resolve("exports-b");
    Fixtures.copyDir(Fixtures.tinyOrg(), inputB);
    Files.writeString(
        inputB.resolve("Task.csv"),
        "00T5g00000Tk099,0065g00000Op011,0055g00000Ux004AAB,2024-06-31,2024-06-12T08:00:00.000Z,,"
            + "Call,Call,Call,false\r\n",
        StandardOpenOption.APPEND);
  }

  @Test
  void rowsEqualParquetsAndARerunReplacesOnlyItsDate() throws Exception {
    Path out = tmp.resolve("out");
    run(Fixtures.tinyOrg(), out.toString(), BEFORE_D);
    run(Fixtures.tinyOrg(), out.toString(), D);
    Path parquet = TinyOutput.get();
    Map<String, Long> first = versions(out, D);
    assertEquals(tables(parquet), first.keySet().stream().sorted().toList(), "a version per table");
    Map<String, List<String>> beforeD = withSpark(s -> rows(s, out, BEFORE_D, null));
    Map<String, List<String>> atD = withSpark(s -> rows(s, out, D, null));
    Map<String, List<String>> parquetD = withSpark(s -> parquetRows(s, parquet, D));
    assertEquals(parquetD, atD, "the Delta tables hold the Parquet format's rows");
    assertEquals(withSpark(s -> parquetRows(s, parquet, BEFORE_D)), beforeD);

    run(inputB, out.toString(), D);
    Map<String, Long> second = versions(out, D);
    assertEquals(beforeD, withSpark(s -> rows(s, out, BEFORE_D, null)), "D-1 untouched");
    Map<String, List<String>> rerun = withSpark(s -> rows(s, out, D, null));
    assertNotEquals(atD, rerun, "D replaced");
    assertEquals(
        atD.get(OutputTables.REJECTED_ROWS).size() + 1,
        rerun.get(OutputTables.REJECTED_ROWS).size());
    for (String table : first.keySet()) {
      // A table whose rows of D did not change (an empty one) gets no new commit.
      assertTrue(second.get(table) >= first.get(table), table);
    }
    assertTrue(
        second.get(OutputTables.REJECTED_ROWS) > first.get(OutputTables.REJECTED_ROWS),
        "a new version where D changed");
    // Each earlier version stays readable by time travel.
    assertEquals(atD, withSpark(s -> rows(s, out, D, first)));
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
    Path out = tmp.resolve("out");
    run(Fixtures.tinyOrg(), out.toString(), BEFORE_D);
    run(Fixtures.tinyOrg(), out.toString(), D);
    Map<String, Long> before = versions(out, D);
    Map<String, List<String>> beforeRows = withSpark(s -> rows(s, out, D, null));
    Map<String, List<String>> beforeD1 = withSpark(s -> rows(s, out, BEFORE_D, null));

    killedRun(inputB, out, D);
    assertEquals(before, versions(out, D), "the date's manifest is still the previous run's");
    // Every table readable, now and at the manifest's versions, which hold the previous rows.
    Map<String, List<String>> latest = withSpark(s -> rows(s, out, D, null));
    assertEquals(beforeRows.keySet(), latest.keySet());
    assertEquals(beforeRows, withSpark(s -> rows(s, out, D, before)));
    assertNotEquals(beforeRows, latest, "one table was committed before the kill");

    run(inputB, out.toString(), D);
    Path uninterrupted = tmp.resolve("uninterrupted");
    run(inputB, uninterrupted.toString(), D);
    Map<String, List<String>> expected = withSpark(s -> rows(s, uninterrupted, D, null));
    Map<String, List<String>> actual = withSpark(s -> rows(s, out, D, null));
    assertEquals(expected, actual, "the rerun equals an uninterrupted run");
    Map<String, List<String>> d1 = withSpark(s -> rows(s, out, BEFORE_D, null));
    assertEquals(beforeD1, d1, "D-1 untouched");
  }

  private static void run(Path input, String output, LocalDate date) {
    List<String> args = new ArrayList<>(List.of(Fixtures.runArgs(input, Path.of("x"), date, conf)));
    args.set(args.indexOf("--output") + 1, output);
    assertEquals(0, Main.run(args.toArray(String[]::new)));
  }

  /** Runs D in a child JVM that stops after its first Delta commit, and kill -9s it. */
  private void killedRun(Path input, Path output, LocalDate date) throws Exception {
    Path flag = tmp.resolve("paused");
    Path log = tmp.resolve("child.log");
    Path pausing = tmp.resolve("pausing.properties");
    Files.writeString(
        pausing,
        Files.readString(conf)
            + "spark.hadoop.fs."
            + PausingFileSystem.SCHEME
            + ".impl = "
            + PausingFileSystem.class.getName()
            + "\nspark.delta.logStore."
            + PausingFileSystem.SCHEME
            + ".impl = io.delta.storage.LocalLogStore"
            + "\nspark.hadoop."
            + PausingFileSystem.FLAG
            + " = "
            + flag
            + "\nspark.hadoop."
            + PausingFileSystem.AT
            + " = "
            + PausingFileSystem.AFTER_FIRST_COMMIT
            + "\n");
    List<String> args = new ArrayList<>(List.of(Fixtures.runArgs(input, output, date, pausing)));
    args.set(args.indexOf("--output") + 1, PausingFileSystem.SCHEME + "://" + output);
    List<String> cmd =
        ChildJvm.command(
            ChildJvm.testClasspath(),
            List.of(
                "-Xmx1g",
                "-Dlog4j2.configurationFile="
                    + Fixtures.basedir().resolve("conf/log4j2.properties")),
            Main.class.getName(),
            args);
    Process p = ChildJvm.start(cmd, Map.of(), log);
    try {
      ChildJvm.awaitFile(p, flag, log, Waits.HANG);
      ChildJvm.kill9(p);
      assertEquals(137, p.exitValue(), "killed by SIGKILL");
    } finally {
      p.destroyForcibly();
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
    all.putAll(settings);
    SparkSession spark = Spark.session("local[1]", all);
    try {
      return reading.apply(spark);
    } finally {
      spark.stop();
    }
  }

  /** Each table's rows of {@code date}, sorted, at {@code versions} (null: the latest). */
  private static Map<String, List<String>> rows(
      SparkSession spark, Path out, LocalDate date, Map<String, Long> versions) {
    Map<String, List<String>> m = new TreeMap<>();
    for (String table : tables(out)) {
      var reader = spark.read().format("delta");
      if (versions != null) {
        reader = reader.option("versionAsOf", versions.get(table));
      }
      Dataset<Row> d =
          reader
              .load(out.resolve(table).toString())
              .where(OutputTables.SNAPSHOT_DATE + " = DATE'" + date + "'")
              .drop(OutputTables.SNAPSHOT_DATE);
      m.put(table, sorted(d));
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
