package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.testing.ChildJvm;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SparkDist;
import io.swoop.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/nightly: spark-submit, then the manifest check, which catches a spark-submit that exits 0
 * although the job did not publish (as it can on Kubernetes).
 */
class NightlyWrapperIT {
  private static final LocalDate D = Fixtures.TINY_SNAPSHOT;

  @TempDir static Path shared;
  private static Path honestSpark;
  private static Path lyingSpark;
  private static Path jar;

  /** An output where jobs/nightly published D, its exit code and its log. */
  private static Path published;

  private static int publishedCode;
  private static String publishedLog;

  @TempDir Path tmp;
  private String log;

  @BeforeAll
  static void sparkHomes() throws Exception {
    jar = SparkDist.shadedJar();
    honestSpark = SparkDist.home(shared.resolve("spark"), false);
    lyingSpark = SparkDist.home(shared.resolve("lying-spark"), true);
    published = shared.resolve("published");
    publishedCode =
        nightly(shared, honestSpark, List.of("--master", "local[2]"), runArgs(published));
    publishedLog = Files.readString(shared.resolve("nightly.log"));
    System.out.println("jobs/nightly said:\n" + publishedLog);
  }

  @Test
  void runsTheJobThenChecksItsManifest() throws Exception {
    assertEquals(0, publishedCode, publishedLog);
    String runId = runId(published);
    assertTrue(runId.startsWith("nightly-" + D + "-"), runId);
    assertTrue(
        publishedLog.contains("swoop: snapshot_date=" + D + " published by run " + runId),
        publishedLog);
  }

  @Test
  void logsQuietlyUnderSparkSubmit() {
    assertTrue(publishedLog.contains("INFO  NightlyJob: done in"), publishedLog);
    // Spark's own default configuration prints "yy/MM/dd HH:mm:ss INFO ..." for every stage.
    List<String> sparkDefault =
        publishedLog.lines().filter(l -> l.matches("\\d\\d/\\d\\d/\\d\\d .*")).toList();
    assertEquals(List.of(), sparkDefault);
    assertFalse(publishedLog.contains("Broadcasting large task binary"), publishedLog);
  }

  @Test
  void theManifestCarriesThePomsVersion() throws Exception {
    Map<?, ?> manifest =
        new ObjectMapper()
            .readValue(published.resolve("_runs/snapshot_date=" + D + ".json").toFile(), Map.class);
    assertEquals(VersionTest.pomVersion(), ((Map<?, ?>) manifest.get("versions")).get("swoop"));
  }

  @Test
  void failsWhenSparkSubmitExitsZeroButNothingWasPublished() throws Exception {
    int code = nightly(lyingSpark, List.of("--master", "local[2]"), runArgs(tmp.resolve("out")));
    assertEquals(1, code, log);
    assertTrue(log.contains("(pretending the job ran)"), log);
    assertTrue(log.contains("check failed: no run manifest"), log);
    assertTrue(log.contains("spark-submit exited 0, but run nightly-" + D), log);
  }

  @Test
  void failsWhenTheManifestIsAnEarlierRuns() throws Exception {
    Path out = tmp.resolve("out");
    Fixtures.copyDir(published, out);
    int code = nightly(lyingSpark, List.of("--master", "local[2]"), runArgs(out));
    assertEquals(1, code, log);
    assertTrue(
        log.contains("was written by run '" + runId(out) + "', not by this run 'nightly-"), log);
  }

  @Test
  void passesSwoopsExitCodeThrough() throws Exception {
    List<String> args = new ArrayList<>(runArgs(tmp.resolve("out")));
    args.set(args.indexOf("--input") + 1, tmp.resolve("no-such-folder").toString());
    assertEquals(2, nightly(honestSpark, List.of("--master", "local[1]"), args), log);
    assertTrue(
        log.contains("Input folder " + tmp.resolve("no-such-folder") + " does not exist"), log);
    assertTrue(log.contains("spark-submit failed with exit code 2"), log);
  }

  @Test
  void refusesToRunWithoutAnOutput() throws Exception {
    assertEquals(
        2, nightly(honestSpark, List.of(), List.of("--source", "export", "--input", "x")), log);
    assertTrue(log.contains("swoop run needs --output DIR"), log);
    assertFalse(log.contains("SparkSubmit"), log);
  }

  private static List<String> runArgs(Path out) {
    return List.of(
        "--source",
        "export",
        "--input",
        Fixtures.tinyOrg().toString(),
        "--output",
        out.toString(),
        "--snapshot-date",
        D.toString(),
        "--conf",
        Fixtures.tinyOrgConf().toString());
  }

  private static String runId(Path out) throws Exception {
    Path manifest = out.resolve("_runs/snapshot_date=" + D + ".json");
    return (String) new ObjectMapper().readValue(manifest.toFile(), Map.class).get("run_id");
  }

  private int nightly(Path sparkHome, List<String> submitOptions, List<String> runArgs)
      throws Exception {
    try {
      return nightly(tmp, sparkHome, submitOptions, runArgs);
    } finally {
      log = Files.readString(tmp.resolve("nightly.log"));
    }
  }

  /** Runs jobs/nightly with this SPARK_HOME, its output in {@code dir}/nightly.log. */
  private static int nightly(
      Path dir, Path sparkHome, List<String> submitOptions, List<String> runArgs) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Fixtures.basedir().resolve("jobs/nightly").toString());
    cmd.addAll(submitOptions);
    cmd.addAll(
        List.of("--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=4"));
    cmd.add("--");
    cmd.addAll(runArgs);
    Path logFile = dir.resolve("nightly.log");
    Process p =
        ChildJvm.start(
            cmd,
            Map.of(
                "SPARK_HOME", sparkHome.toString(),
                "SWOOP_JAR", jar.toString(),
                "SPARK_LOCAL_IP", "127.0.0.1"),
            logFile);
    try {
      if (!p.waitFor(Waits.HANG.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError(
            "jobs/nightly still running after " + Waits.HANG + ":\n" + ChildJvm.tail(logFile));
      }
      return p.exitValue();
    } finally {
      ChildJvm.stop(p);
    }
  }
}
