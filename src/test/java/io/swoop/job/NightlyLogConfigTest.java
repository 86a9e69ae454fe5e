package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.testing.Fixtures;
import io.swoop.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/nightly hands spark-submit swoop's log configuration (conf/log4j2.properties): shipped with
 * --files for the executors, read in place by a client-mode driver, by its shipped name in cluster
 * mode. A recording spark-submit stands in for Spark.
 */
class NightlyLogConfigTest {
  private static final Path LOG_CONF = Fixtures.basedir().resolve("conf/log4j2.properties");

  @TempDir Path tmp;

  @Test
  void aClientModeDriverReadsTheLogConfigurationInPlace() throws Exception {
    List<List<String>> calls = nightly(List.of("--master", "spark://m:7077"));
    List<String> run = calls.get(0);
    assertEquals(LOG_CONF.toString(), run.get(run.indexOf("--files") + 1));
    assertTrue(
        run.contains(
            "spark.driver.extraJavaOptions=-Duser.timezone=UTC -Dlog4j2.configurationFile="
                + LOG_CONF),
        run.toString());
    assertTrue(
        run.contains(
            "spark.executor.extraJavaOptions=-Duser.timezone=UTC"
                + " -Dlog4j2.configurationFile=log4j2.properties"),
        run.toString());
    List<String> check = calls.get(1);
    assertTrue(check.contains("check"), check.toString());
    assertTrue(
        check.contains("spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=" + LOG_CONF),
        check.toString());
  }

  @Test
  void aClusterModeDriverReadsTheShippedCopy() throws Exception {
    List<String> run =
        nightly(List.of("--master", "k8s://https://k:6443", "--deploy-mode", "cluster")).get(0);
    assertEquals(LOG_CONF.toString(), run.get(run.indexOf("--files") + 1));
    assertTrue(
        run.contains(
            "spark.driver.extraJavaOptions=-Duser.timezone=UTC"
                + " -Dlog4j2.configurationFile=log4j2.properties"),
        run.toString());
  }

  /** Runs jobs/nightly on a spark-submit that records its arguments; returns each call's. */
  private List<List<String>> nightly(List<String> submitOptions) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("spark/bin"));
    Path calls = tmp.resolve("calls");
    Path submit = bin.resolve("spark-submit");
    Files.writeString(
        submit,
        "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" >> '"
            + calls
            + "'\necho --- >> '"
            + calls
            + "'\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = Files.writeString(tmp.resolve("swoop.jar"), "not read by the recording stand-in");
    List<String> cmd =
        new ArrayList<>(List.of(Fixtures.basedir().resolve("jobs/nightly").toString()));
    cmd.addAll(submitOptions);
    cmd.addAll(List.of("--", "--source", "export", "--input", "in", "--output", "out"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_HOME", tmp.resolve("spark").toString());
    pb.environment().put("SWOOP_JAR", jar.toString());
    pb.redirectOutput(tmp.resolve("nightly.log").toFile());
    Process p = pb.start();
    if (!p.waitFor(Waits.HANG.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("jobs/nightly still running");
    }
    assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("nightly.log")));
    List<List<String>> out = new ArrayList<>();
    List<String> call = new ArrayList<>();
    for (String line : Files.readAllLines(calls)) {
      if (line.equals("---")) {
        out.add(call);
        call = new ArrayList<>();
      } else {
        call.add(line);
      }
    }
    assertEquals(2, out.size(), "the run and the check");
    return out;
  }
}
