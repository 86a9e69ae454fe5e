package io.swoop.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.core.SwoopException;
import io.swoop.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run per date, in one JVM: the lease's file, its refusal, its heartbeat, its takeover. */
class DateLeaseTest {
  private static final LocalDate D = LocalDate.of(2024, 6, 30);
  private static final Duration TIMEOUT = Duration.ofSeconds(600);

  @TempDir Path out;

  private final Configuration conf = new Configuration();

  private Path file(LocalDate date) {
    return out.resolve(ParquetSink.STAGING).resolve("snapshot_date=" + date + ".lease");
  }

  private Properties holder(LocalDate date) throws Exception {
    Properties p = new Properties();
    p.load(new java.io.StringReader(Files.readString(file(date))));
    return p;
  }

  @Test
  void aSecondRunOfTheDateIsRefusedNamingTheHolderAndAnotherDateIsNot() throws Exception {
    try (DateLease first = DateLease.take(conf, out.toString(), D, "run-1", TIMEOUT)) {
      assertEquals("run-1", holder(D).getProperty("run_id"));
      assertEquals(Long.toString(ProcessHandle.current().pid()), holder(D).getProperty("pid"));
      SwoopException e =
          assertThrows(
              SwoopException.class,
              () -> DateLease.take(conf, out.toString(), D, "run-2", TIMEOUT));
      assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
      assertTrue(e.getMessage().contains("snapshot_date=" + D), e.getMessage());
      assertTrue(e.getMessage().contains("run run-1 (host "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
      assertEquals("run-1", holder(D).getProperty("run_id"), "the refused run left it alone");
      try (DateLease other =
          DateLease.take(conf, out.toString(), D.minusDays(1), "run-3", TIMEOUT)) {
        assertEquals("run-3", holder(D.minusDays(1)).getProperty("run_id"));
      }
    }
    assertFalse(Files.exists(out.resolve(ParquetSink.STAGING)), "released, nothing left");
    try (DateLease again = DateLease.take(conf, out.toString(), D, "run-4", TIMEOUT)) {
      assertEquals("run-4", holder(D).getProperty("run_id"));
    }
  }

  @Test
  void theHolderRenewsItsHeartbeat() throws Exception {
    try (DateLease lease =
        DateLease.take(conf, out.toString(), D, "run-1", Duration.ofSeconds(1))) {
      String first = holder(D).getProperty("heartbeat_at");
      long end = System.nanoTime() + Waits.HANG.toNanos();
      while (holder(D).getProperty("heartbeat_at").equals(first) && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertNotEquals(first, holder(D).getProperty("heartbeat_at"));
      assertEquals("run-1", holder(D).getProperty("run_id"));
    }
  }

  @Test
  void aLeaseFromElsewhereIsTakenOverOnlyWithoutAHeartbeatForTheTimeout() throws Exception {
    Files.createDirectories(file(D).getParent());
    String beat = Instant.now().minusSeconds(30).toString();
    Files.writeString(
        file(D),
        "run_id=remote\nhost=another-host\npid=1\nstarted_at=" + beat + "\nheartbeat_at=" + beat);
    Files.setLastModifiedTime(
        file(D), java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(30)));
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () -> DateLease.take(conf, out.toString(), D, "run-1", Duration.ofSeconds(60)));
    assertTrue(e.getMessage().contains("run remote (host another-host"), e.getMessage());
    try (DateLease lease =
        DateLease.take(conf, out.toString(), D, "run-2", Duration.ofSeconds(10))) {
      assertEquals("run-2", holder(D).getProperty("run_id"));
    }
  }

  @Test
  void aLeaseOfAProcessOfThisHostThatIsGoneIsTakenOverAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Properties dead = new Properties();
    try (DateLease lease = DateLease.take(conf, out.toString(), D, "run-1", TIMEOUT)) {
      dead.load(new java.io.StringReader(Files.readString(file(D))));
    }
    Files.createDirectories(file(D).getParent());
    Files.writeString(
        file(D),
        "run_id=killed\nhost="
            + dead.getProperty("host")
            + "\npid="
            + gone.pid()
            + "\nheartbeat_at="
            + Instant.now());
    try (DateLease lease = DateLease.take(conf, out.toString(), D, "run-2", TIMEOUT)) {
      assertEquals("run-2", holder(D).getProperty("run_id"));
    }
  }
}
