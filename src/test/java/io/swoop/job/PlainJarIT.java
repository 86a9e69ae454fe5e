package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.testing.ChildJvm;
import io.swoop.testing.SparkDist;
import io.swoop.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit jar on a plain {@code java -jar}, without Spark or Hadoop: --help, --version and
 * check work; a Spark command says it runs under spark-submit (exit 2, one line).
 */
class PlainJarIT {
  private static Path jar;

  @TempDir Path tmp;

  private String out;
  private String err;

  @BeforeAll
  static void shadedJar() throws Exception {
    jar = SparkDist.shadedJar();
  }

  @Test
  void helpWorksWithoutSpark() throws Exception {
    assertEquals(0, java("--help"), err);
    assertTrue(out.startsWith("Usage: swoop"), out);
    assertTrue(out.contains("check") && out.contains("run"), out);
    assertEquals(0, java("run", "--help"), err);
    assertTrue(out.startsWith("Usage: swoop run"), out);
    assertEquals("", err);
  }

  @Test
  void versionIsThePomsWithoutSpark() throws Exception {
    assertEquals(0, java("--version"), err);
    assertEquals("swoop " + VersionTest.pomVersion(), out.strip());
  }

  @Test
  void bothJarsManifestsCarryThePomsVersion() throws Exception {
    Path thin = jar.resolveSibling(jar.getFileName().toString().replace("-spark-submit", ""));
    for (Path j : List.of(jar, thin)) {
      try (java.util.jar.JarFile f = new java.util.jar.JarFile(j.toFile())) {
        java.util.jar.Attributes a = f.getManifest().getMainAttributes();
        assertEquals(VersionTest.pomVersion(), a.getValue("Implementation-Version"), j.toString());
        assertEquals("swoop", a.getValue("Implementation-Title"), j.toString());
      }
    }
  }

  @Test
  void checkReadsAManifestWithoutSpark() throws Exception {
    Path output = tmp.resolve("out");
    Files.createDirectories(output.resolve("_runs"));
    Files.createDirectories(output.resolve("coaching/snapshot_date=2026-09-30"));
    Files.writeString(
        output.resolve("_runs/snapshot_date=2026-09-30.json"),
        "{\"run_id\": \"run-a\", \"status\": \"succeeded\", \"snapshot_date\": \"2026-09-30\","
            + " \"finished_at\": \""
            + Instant.now()
            + "\", \"tables\": {\"coaching\": 26}}");
    assertEquals(
        0, java("check", "--output", output.toString(), "--snapshot-date", "2026-09-30"), err);
    assertTrue(out.contains("snapshot_date=2026-09-30 published by run run-a"), out);
    assertTrue(out.contains("coaching 26"), out);

    assertEquals(
        1, java("check", "--output", output.toString(), "--snapshot-date", "2026-09-29"), out);
    assertTrue(err.contains("swoop: check failed: no run manifest"), err);
  }

  @Test
  void checkOfAnObjectStoreSaysItNeedsSparkSubmit() throws Exception {
    assertEquals(2, java("check", "--output", "s3a://bucket/swoop", "--snapshot-date", "today"));
    assertEquals(
        List.of(
            "swoop: --output s3a://bucket/swoop: without Spark, check reads local folders only;"
                + " run it under spark-submit to read s3a:// paths"),
        err.lines().toList());
  }

  @Test
  void sparkCommandsSayTheyRunUnderSparkSubmit() throws Exception {
    for (List<String> args :
        List.of(
            List.of("run", "--source", "export", "--input", "in", "--output", tmp.toString()),
            List.of("extract", "--raw", tmp.toString()))) {
      assertEquals(2, java(args.toArray(String[]::new)), out);
      assertEquals(
          List.of(
              "swoop: "
                  + args.get(0)
                  + " runs under spark-submit (or jobs/swoop): Spark is not on this JVM's"
                  + " classpath"),
          err.lines().toList());
      assertFalse(out.contains("NoClassDefFoundError"), out);
    }
  }

  /** {@code java -jar <the shaded jar> args}: no other classpath entry. */
  private int java(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ChildJvm.javaBin(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Path o = tmp.resolve("stdout");
    Path e = tmp.resolve("stderr");
    Process p =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectOutput(o.toFile())
            .redirectError(e.toFile())
            .start();
    // A generous limit for a loaded machine; these commands take about a second.
    if (!p.waitFor(Waits.HANG.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("java -jar " + String.join(" ", args) + " still running");
    }
    out = Files.readString(o, StandardCharsets.UTF_8);
    err = Files.readString(e, StandardCharsets.UTF_8);
    return p.exitValue();
  }
}
