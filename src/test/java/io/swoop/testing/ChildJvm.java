package io.swoop.testing;

import io.swoop.job.Main;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Child JVM processes for tests that need a real process: to kill it, or to be a cluster. */
public final class ChildJvm {
  private ChildJvm() {}

  /** The java binary running the tests. */
  public static String javaBin() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The test classpath: target/classes, target/test-classes and every dependency. */
  public static String testClasspath() {
    return System.getProperty("java.class.path");
  }

  /** {@code java <Spark's JVM flags> <options> -cp <classpath> <main> <args>}. */
  public static List<String> command(
      String classpath, List<String> options, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin());
    cmd.addAll(Fixtures.jvmFlags());
    cmd.addAll(options);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  /** Starts {@code cmd} in the project folder, stdout and stderr to {@code log}. */
  public static Process start(List<String> cmd, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Fixtures.basedir().toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  /**
   * Starts {@code swoop <args>} ({@code io.swoop.job.Main}) on the test classpath with swoop's log
   * configuration, {@code env} added to the environment, output to {@code log}. The collector and
   * JIT are the ones jobs/swoop chooses for a small input (the tests' inputs all are): the
   * throughput collector, and C1 only with C2's code cache size.
   */
  public static Process startJob(List<String> args, Map<String, String> env, Path log)
      throws IOException {
    return start(
        command(
            testClasspath(),
            List.of(
                "-Xmx1g",
                "-XX:+UseParallelGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=240m",
                "-Dlog4j2.configurationFile="
                    + Fixtures.basedir().resolve("conf/log4j2.properties")),
            Main.class.getName(),
            args),
        env,
        log);
  }

  /** Waits for {@code p} to exit and returns its exit code; a hang fails with the log. */
  public static int awaitExit(Process p, Path log) throws InterruptedException {
    try {
      if (!p.waitFor(Waits.HANG.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("still running after " + Waits.HANG + ":\n" + tail(log));
      }
      return p.exitValue();
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * Waits until {@code file} exists, failing with the log when the process dies or time runs out.
   */
  public static void awaitFile(Process p, Path file, Path log, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(file)) {
      if (!p.isAlive()) {
        throw new AssertionError(
            "process exited with " + p.exitValue() + " before " + file + ":\n" + tail(log));
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("no " + file + " after " + timeout + ":\n" + tail(log));
      }
      Thread.sleep(50);
    }
  }

  /** Waits until {@code log} contains {@code text}. */
  public static void awaitLog(Process p, Path log, String text, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (!(Files.exists(log) && Files.readString(log).contains(text))) {
      if (!p.isAlive()) {
        throw new AssertionError(
            "process exited with "
                + p.exitValue()
                + " before logging '"
                + text
                + "':\n"
                + tail(log));
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("no '" + text + "' after " + timeout + ":\n" + tail(log));
      }
      Thread.sleep(100);
    }
  }

  /** SIGKILL, as {@code kill -9}: no shutdown hook, no finally block runs. */
  public static void kill9(Process p) throws InterruptedException {
    p.destroyForcibly();
    if (!p.waitFor(Waits.HANG.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("process " + p.pid() + " survived SIGKILL for " + Waits.HANG);
    }
  }

  /** Stops a process and everything it started: SIGTERM first (so a worker stops its executors). */
  public static void stop(Process p) {
    if (p == null) {
      return;
    }
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle c : children) {
      c.destroyForcibly();
    }
  }

  /** The last lines of a log, for failure messages. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Joins classpath entries. */
  public static String classpath(List<String> entries) {
    return String.join(File.pathSeparator, entries);
  }
}
