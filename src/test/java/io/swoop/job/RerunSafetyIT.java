package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.model.OutputTables;
import io.swoop.sink.ParquetSink;
import io.swoop.testing.DuckDb;
import io.swoop.testing.Fixtures;
import io.swoop.testing.PausedRun;
import io.swoop.testing.PausingFileSystem;
import io.swoop.testing.TinyOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT §3: a rerun of a date replaces exactly that date's partition of every table and nothing
 * else; a run killed with SIGKILL leaves the previous state readable and unchanged; a rerun then
 * equals an uninterrupted run. The killed runs are real child JVMs writing through {@link
 * PausingFileSystem}, which stops them at a known rename of the publishing.
 */
class RerunSafetyIT {
  private static final LocalDate D = Fixtures.TINY_SNAPSHOT;
  private static final LocalDate BEFORE_D = D.minusDays(1);

  /** Dates D-1 and D, both run on input A: the state every test starts from. */
  @TempDir static Path shared;

  private static Path baseline;

  /** Date D run once, uninterrupted, on input B. */
  private static Path uninterruptedB;

  /** The tiny org. */
  private static Path inputA;

  /** The tiny org with one more rejected Task row: its date-D tables differ from A's. */
  private static Path inputB;

  @TempDir Path tmp;
  private Path out;

  @BeforeAll
  static void baseline() throws Exception {
    inputA = Fixtures.tinyOrg();
    inputB = shared.resolve("exports-b");
    Fixtures.copyDir(inputA, inputB);
    Files.writeString(
        inputB.resolve("Task.csv"),
        "00T5g00000Tk099,0065g00000Op011,0055g00000Ux004AAB,2024-06-31,2024-06-12T08:00:00.000Z,,"
            + "Call,Call,Call,false\r\n",
        StandardOpenOption.APPEND);
    baseline = TinyOutput.get();
    uninterruptedB = shared.resolve("uninterrupted-b");
    run(inputB, uninterruptedB, D);
  }

  @BeforeEach
  void startFromTheBaseline() {
    out = tmp.resolve("out");
    Fixtures.copyDir(baseline, out);
  }

  @Test
  void rerunReplacesItsDateAndTouchesNoOther() throws Exception {
    Map<String, String> first = Fixtures.tree(out);
    Map<String, List<String>> firstRows = tables(out, D);

    run(inputA, out, D);
    assertEquals(
        only(first, BEFORE_D), only(Fixtures.tree(out), BEFORE_D), "date D-1 byte for byte");
    assertEquals(firstRows, tables(out, D), "same input, same rows");
    assertNotEquals(
        first.get("_runs/snapshot_date=" + D + ".json"),
        Fixtures.tree(out).get("_runs/snapshot_date=" + D + ".json"),
        "the rerun wrote its own manifest");

    run(inputB, out, D);
    assertEquals(
        only(first, BEFORE_D), only(Fixtures.tree(out), BEFORE_D), "date D-1 byte for byte");
    assertEquals(
        tables(uninterruptedB, D), tables(out, D), "date D replaced by the new input's rows");
    String report = "_reports/snapshot_date=" + D + ".html";
    assertEquals(
        Fixtures.tree(uninterruptedB).get(report),
        Fixtures.tree(out).get(report),
        "the report replaced by the new input's");
    assertNotEquals(first.get(report), Fixtures.tree(out).get(report));
    assertEquals(
        firstRows.get(OutputTables.REJECTED_ROWS).size() + 1,
        tables(out, D).get(OutputTables.REJECTED_ROWS).size());
    assertFalse(Files.exists(out.resolve(ParquetSink.STAGING)), "no leftovers");
  }

  @Test
  void runKilledWhileWritingLeavesThePreviousStateAndARerunEqualsAnUninterruptedRun()
      throws Exception {
    Map<String, String> before = Fixtures.tree(out);
    Map<String, List<String>> beforeRows = tables(out, D);

    killedRun(inputB, out, D, PausingFileSystem.BEFORE_JOURNAL);
    assertTrue(Files.exists(out.resolve(ParquetSink.STAGING)), "killed with its tables staged");
    assertEquals(
        before, Fixtures.treeWithout(out, ParquetSink.STAGING), "published files unchanged");
    assertEquals(beforeRows, tables(out, D), "and readable");

    run(inputB, out, D);
    assertFalse(Files.exists(out.resolve(ParquetSink.STAGING)), "the rerun cleared the leftovers");
    assertEquals(only(before, BEFORE_D), only(Fixtures.tree(out), BEFORE_D), "date D-1 untouched");
    assertEquals(tables(uninterruptedB, D), tables(out, D));
    assertNotEquals(beforeRows, tables(out, D));
  }

  @Test
  void runKilledWhilePublishingIsRolledBackByTheNextRunOfThatDate() throws Exception {
    Map<String, String> before = Fixtures.tree(out);

    killedRun(inputB, out, D, PausingFileSystem.AFTER_FIRST_SWAP);
    assertNotEquals(
        before, Fixtures.treeWithout(out, ParquetSink.STAGING), "killed after its first swap");

    // The next run of D fails on its input, yet first puts D back as it was.
    Path broken = tmp.resolve("exports-broken");
    Fixtures.copyDir(inputA, broken);
    Files.delete(broken.resolve("Opportunity.csv"));
    assertEquals(2, Main.run(Fixtures.runArgs(broken, out, D, Fixtures.tinyOrgConf())));
    assertEquals(before, Fixtures.tree(out), "previous state restored byte for byte");

    run(inputB, out, D);
    assertEquals(tables(uninterruptedB, D), tables(out, D));
  }

  private static void run(Path input, Path output, LocalDate date) {
    assertEquals(0, Main.run(Fixtures.runArgs(input, output, date, Fixtures.tinyOrgConf())));
  }

  /** Runs the job in a child JVM, waits for it to stop {@code at} its step, and kill -9s it. */
  private void killedRun(Path input, Path output, LocalDate date, String at) throws Exception {
    try (PausedRun run =
        PausedRun.start(
            tmp, "child", Fixtures.runArgs(input, output, date, Fixtures.tinyOrgConf()), at)) {
      run.kill9();
    }
  }

  /** The files of one date: its partition of every table, its report and its manifest. */
  private static Map<String, String> only(Map<String, String> tree, LocalDate date) {
    Map<String, String> m = new TreeMap<>(tree);
    m.keySet()
        .removeIf(
            k ->
                !k.contains("/snapshot_date=" + date + "/")
                    && !k.equals("_runs/snapshot_date=" + date + ".json")
                    && !k.equals("_reports/snapshot_date=" + date + ".html"));
    assertFalse(m.isEmpty(), "no files of " + date);
    return m;
  }

  private static Map<String, List<String>> tables(Path output, LocalDate date) throws Exception {
    Map<String, List<String>> m = new TreeMap<>();
    for (String table : published(output, date)) {
      m.put(table, DuckDb.partition(output, table, date));
    }
    return m;
  }

  /** The tables the job writes today (the signal tables once they are merged). */
  private static List<String> published(Path output, LocalDate date) {
    return OutputTables.ALL.keySet().stream()
        .filter(t -> Files.isDirectory(output.resolve(t).resolve("snapshot_date=" + date)))
        .toList();
  }
}
