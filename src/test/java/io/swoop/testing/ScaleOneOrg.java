package io.swoop.testing;

import io.swoop.generate.SyntheticOrg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The generated org at scale 1, seed 7, made once per test JVM and shared read-only by the tests
 * that read that org (its files, its truth, the signals on it). Copy it before changing it.
 */
public final class ScaleOneOrg {
  public static final long SEED = 7;
  public static final double SCALE = 1;

  /** Where the org's exports and {@code _truth} are, and what the generator said it wrote. */
  public record Org(Path dir, SyntheticOrg.Summary summary) {}

  private static Org org;

  private ScaleOneOrg() {}

  public static synchronized Org get() throws IOException {
    if (org == null) {
      Path dir = Files.createTempDirectory("swoop-scale-one-org");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      org = new Org(dir, SyntheticOrg.generate(dir, SEED, SCALE));
    }
    return org;
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder; the OS cleans it eventually
    }
  }
}
