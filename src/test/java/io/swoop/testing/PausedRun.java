package io.swoop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code swoop run} in a child JVM, writing through {@link PausingFileSystem} and stopped by it at
 * a named step, to be killed with SIGKILL there as a crash would leave it: the one way the rerun,
 * lease and Delta tests kill a run. The run gets {@code --output pausefs://<the same folder>} and
 * its configuration plus the pausing file system's settings.
 */
public final class PausedRun implements AutoCloseable {
  private final Process process;
  private final Path log;

  private PausedRun(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the run {@code runArgs} (as {@link Fixtures#runArgs} makes them) with its {@code --conf}
   * file extended by the pausing settings and {@code moreConf} (properties lines), and waits until
   * it has stopped {@code at} its step ({@link PausingFileSystem#BEFORE_JOURNAL}, …). Its files
   * (the configuration, the flag, the log {@code <name>.log}) go to {@code dir}.
   */
  public static PausedRun start(
      Path dir, String name, String[] runArgs, String at, String moreConf, Map<String, String> env)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(runArgs));
    int conf = args.indexOf("--conf") + 1;
    int output = args.indexOf("--output") + 1;
    Path flag = dir.resolve(name + ".paused");
    Path pausing = dir.resolve(name + ".properties");
    Files.writeString(
        pausing,
        Files.readString(Path.of(args.get(conf)))
            + "\nspark.hadoop.fs."
            + PausingFileSystem.SCHEME
            + ".impl = "
            + PausingFileSystem.class.getName()
            + "\nspark.hadoop."
            + PausingFileSystem.FLAG
            + " = "
            + flag
            + "\nspark.hadoop."
            + PausingFileSystem.AT
            + " = "
            + at
            + "\n"
            + moreConf);
    args.set(conf, pausing.toString());
    args.set(output, PausingFileSystem.SCHEME + "://" + Path.of(args.get(output)).toAbsolutePath());
    Path log = dir.resolve(name + ".log");
    PausedRun run = new PausedRun(ChildJvm.startJob(args, env, log), log);
    try {
      ChildJvm.awaitFile(run.process, flag, log, Waits.HANG);
    } catch (Throwable t) {
      run.close();
      throw t;
    }
    return run;
  }

  /** As {@link #start(Path, String, String[], String, String, Map)}, nothing more set. */
  public static PausedRun start(Path dir, String name, String[] runArgs, String at)
      throws Exception {
    return start(dir, name, runArgs, at, "", Map.of());
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9, and checks that the process died of it (exit 137), not of its own accord. */
  public void kill9() throws InterruptedException {
    ChildJvm.kill9(process);
    assertEquals(137, process.exitValue(), "killed by SIGKILL:\n" + ChildJvm.tail(log));
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
