package io.swoop.testing;

import io.swoop.job.Main;
import io.swoop.model.OutputTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The job's output on the shipped sample org ({@code src/sample/exports}, snapshot 2026-09-30),
 * made once per test JVM, for the tests that read the output as BI tools and notebooks do. Every
 * output table must be there.
 */
public final class SampleOutput {
  /** The run the tests read. */
  public record Run(Path output, LocalDate snapshotDate, Path input) {}

  private static Run run;

  private SampleOutput() {}

  public static synchronized Run get() throws Exception {
    if (run != null) {
      return run;
    }
    Path sample = Fixtures.basedir().resolve("src/sample/exports");
    boolean shipped = Files.isDirectory(sample);
    Path input = shipped ? sample : Fixtures.tinyOrg();
    LocalDate date = shipped ? LocalDate.of(2026, 9, 30) : Fixtures.TINY_SNAPSHOT;
    Path conf =
        shipped ? Fixtures.basedir().resolve("conf/swoop.properties") : Fixtures.tinyOrgConf();
    Path out = Files.createTempDirectory("swoop-sample-output");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(out)));
    int code = Main.run(Fixtures.runArgs(input, out, date, conf));
    if (code != 0) {
      throw new AssertionError("the job failed on " + input + " with exit code " + code);
    }
    List<String> missing =
        OutputTables.ALL.keySet().stream().filter(t -> !Files.isDirectory(out.resolve(t))).toList();
    if (!missing.isEmpty()) {
      throw new AssertionError("the job did not write " + missing);
    }
    run = new Run(out, date, input);
    return run;
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder; the OS cleans it eventually
    }
  }
}
