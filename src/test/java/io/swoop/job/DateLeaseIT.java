package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.sink.DateLease;
import io.swoop.sink.ParquetSink;
import io.swoop.sink.RunManifests;
import io.swoop.testing.ChildJvm;
import io.swoop.testing.DuckDb;
import io.swoop.testing.Fixtures;
import io.swoop.testing.PausedRun;
import io.swoop.testing.PausingFileSystem;
import io.swoop.testing.TinyOutput;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per snapshot date, with real processes: while a run of D holds its lease (stopped in the
 * middle of publishing), a second run of D in another JVM exits 2 with one line naming it. Once the
 * holder is killed with SIGKILL and its heartbeat is older than the timeout, the next run of D
 * takes the lease over, recovers the dead run's leftovers and publishes. The runs claim different
 * hosts (HOSTNAME), so only the heartbeat can tell that the holder died; RerunSafetyIT covers a
 * holder of the same host whose process is gone.
 */
class DateLeaseIT {
  private static final LocalDate D = Fixtures.TINY_SNAPSHOT;
  private static final int TIMEOUT_SECONDS = 3;

  @TempDir Path tmp;

  @Test
  void aSecondRunOfTheDateStopsNamingTheHolderAndADeadHoldersLeaseIsTakenOver() throws Exception {
    Path out = tmp.resolve("out");
    Path baseline = TinyOutput.get();
    Fixtures.copyDir(baseline, out);
    Path conf = tmp.resolve("lease.properties");
    Files.writeString(
        conf,
        Files.readString(Fixtures.tinyOrgConf())
            + "\noutput.lease_timeout_seconds = "
            + TIMEOUT_SECONDS
            + "\n");
    // The holder: stopped after its first table went live, renewing its heartbeat all along.
    try (PausedRun holder =
        PausedRun.start(
            tmp,
            "holder",
            args(out, conf, "run-holder"),
            PausingFileSystem.AFTER_FIRST_SWAP,
            "",
            Map.of("HOSTNAME", "host-a"))) {
      Path secondLog = tmp.resolve("second.log");
      Process second = start(args(out, conf, "run-second"), "host-b", secondLog);
      assertEquals(2, ChildJvm.awaitExit(second, secondLog), ChildJvm.tail(secondLog));
      List<String> said =
          Files.readAllLines(secondLog).stream().filter(l -> l.startsWith("swoop: ")).toList();
      assertEquals(1, said.size(), ChildJvm.tail(secondLog));
      assertTrue(
          said.get(0)
              .startsWith(
                  "swoop: snapshot_date="
                      + D
                      + " is being run by run run-holder (host host-a, pid "),
          said.get(0));
      assertTrue(holder.isAlive(), "the refused run left the holder alone");
      assertEquals("run-holder", lease(out).getProperty("run_id"));

      holder.kill9();
    }
    // Dead, but its heartbeat is still recent: the lease is not taken yet. Wait until it is older
    // than the timeout, as a nightly started after the dead one would find it.
    Instant beat = Instant.parse(lease(out).getProperty("heartbeat_at"));
    while (Duration.between(beat, Instant.now()).toSeconds() <= TIMEOUT_SECONDS + 1) {
      Thread.sleep(200);
    }

    Path thirdLog = tmp.resolve("third.log");
    Process third = start(args(out, conf, "run-third"), "host-c", thirdLog);
    assertEquals(0, ChildJvm.awaitExit(third, thirdLog), ChildJvm.tail(thirdLog));
    String log = Files.readString(thirdLog);
    assertTrue(
        log.contains("taking over the lease of snapshot_date=" + D + " from run run-holder"), log);
    assertTrue(log.contains("no heartbeat for"), log);
    assertFalse(Files.exists(out.resolve(ParquetSink.STAGING)), "no lease and no leftovers");
    assertTrue(
        Files.readString(out.resolve(RunManifests.relativePath(D))).contains("\"run-third\""));
    // Same input as the baseline: every table of D holds the rows it held before.
    for (String table : io.swoop.model.OutputTables.ALL.keySet()) {
      if (!Files.isDirectory(baseline.resolve(table).resolve("snapshot_date=" + D))) {
        continue;
      }
      assertEquals(DuckDb.partition(baseline, table, D), DuckDb.partition(out, table, D), table);
    }
  }

  private static Properties lease(Path out) throws Exception {
    Properties p = new Properties();
    p.load(
        new StringReader(
            Files.readString(
                Path.of(
                    DateLease.path(new org.apache.hadoop.fs.Path(out.toString()), D).toString()))));
    return p;
  }

  private static String[] args(Path output, Path conf, String runId) {
    return Fixtures.runArgs(Fixtures.tinyOrg(), output, D, conf, "--run-id", runId);
  }

  private static Process start(String[] args, String host, Path log) throws Exception {
    return ChildJvm.startJob(List.of(args), Map.of("HOSTNAME", host), log);
  }
}
