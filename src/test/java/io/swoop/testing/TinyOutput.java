package io.swoop.testing;

import io.swoop.job.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The job's local-mode output on the tiny org for {@link Fixtures#TINY_SNAPSHOT} and the day
 * before, made once per test JVM and shared read-only: the starting state of the rerun tests and
 * the reference the cluster test compares with. Copy it before changing it.
 */
public final class TinyOutput {
  private static Path output;

  private TinyOutput() {}

  public static synchronized Path get() throws Exception {
    if (output == null) {
      Path out = Files.createTempDirectory("swoop-tiny-output").resolve("out");
      for (LocalDate d :
          new LocalDate[] {Fixtures.TINY_SNAPSHOT.minusDays(1), Fixtures.TINY_SNAPSHOT}) {
        int code = Main.run(Fixtures.runArgs(Fixtures.tinyOrg(), out, d, Fixtures.tinyOrgConf()));
        if (code != 0) {
          throw new AssertionError(
              "the job failed on the tiny org for " + d + " with exit code " + code);
        }
      }
      output = out;
    }
    return output;
  }
}
