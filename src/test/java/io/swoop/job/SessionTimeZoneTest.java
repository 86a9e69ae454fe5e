package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swoop.core.SwoopException;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * swoop's numbers are defined in UTC: a session time zone set to another zone, in swoop's
 * configuration or by spark-submit, stops the run with exit 2 before Spark starts; unset, the
 * session runs in UTC.
 */
class SessionTimeZoneTest extends SparkTestBase {
  @TempDir Path tmp;

  private String err;

  @Test
  void aSessionWithoutAZoneRunsInUtc() {
    assertEquals("UTC", spark.conf().get(Spark.TIME_ZONE));
  }

  @Test
  void anotherZoneInTheConfigurationStopsTheRun() throws Exception {
    Path conf = tmp.resolve("swoop.properties");
    Files.writeString(
        conf,
        Files.readString(Fixtures.tinyOrgConf())
            + "\nspark.sql.session.timeZone = America/Los_Angeles\n");
    assertEquals(2, run(conf));
    assertEquals(
        List.of(
            "swoop: the configuration's spark.sql.session.timeZone is 'America/Los_Angeles':"
                + " swoop computes in UTC only; remove the setting or set it to UTC"),
        err.lines().toList());
    assertFalse(Files.exists(tmp.resolve("out/_runs")));
  }

  @Test
  void anotherZoneFromSparkSubmitStopsTheRun() throws Exception {
    // spark-submit hands --conf and spark-defaults.conf to the driver as system properties.
    System.setProperty(Spark.TIME_ZONE, "Europe/Berlin");
    try {
      assertEquals(2, run(Fixtures.tinyOrgConf()));
    } finally {
      System.clearProperty(Spark.TIME_ZONE);
    }
    assertEquals(
        List.of(
            "swoop: spark.sql.session.timeZone (spark-submit --conf or spark-defaults) is"
                + " 'Europe/Berlin': swoop computes in UTC only; remove the setting or set it to"
                + " UTC"),
        err.lines().toList());
  }

  @Test
  void everyNameOfUtcIsAccepted() {
    for (String zone : List.of("UTC", "Etc/UTC", "GMT", "Z", "+00:00", " UTC ")) {
      assertDoesNotThrow(() -> Spark.requireUtc(zone, "zone"), zone);
    }
  }

  @Test
  void aFixedOffsetOrAnUnknownZoneIsRefused() {
    for (String zone : List.of("+01:00", "Europe/London", "PST", "Mars/Olympus")) {
      SwoopException e =
          assertThrows(SwoopException.class, () -> Spark.requireUtc(zone, "zone"), zone);
      assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
      assertEquals(
          "zone is '" + zone + "': swoop computes in UTC only; remove the setting or set it to UTC",
          e.getMessage());
    }
  }

  private int run(Path conf) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      return Main.run(
          Fixtures.runArgs(Fixtures.tinyOrg(), tmp.resolve("out"), Fixtures.TINY_SNAPSHOT, conf));
    } finally {
      System.setErr(oldErr);
      err = e.toString(StandardCharsets.UTF_8);
    }
  }
}
