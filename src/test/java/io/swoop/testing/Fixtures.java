package io.swoop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Where the test fixtures, the project files and the JVM flags are, and file-tree helpers. */
public final class Fixtures {
  /** The snapshot date the tiny org is built for. */
  public static final LocalDate TINY_SNAPSHOT = LocalDate.of(2024, 6, 30);

  private Fixtures() {}

  /** The project folder (surefire sets swoop.basedir; an IDE runs from it). */
  public static Path basedir() {
    return Paths.get(System.getProperty("swoop.basedir", ".")).toAbsolutePath().normalize();
  }

  /** {@code src/test/resources/fixtures/tiny-org}: a hand-sized org, see its README. */
  public static Path tinyOrg() {
    return basedir().resolve("src/test/resources/fixtures/tiny-org");
  }

  /** The configuration the tiny org runs with (it allows the fixture's rejected rows). */
  public static Path tinyOrgConf() {
    return basedir().resolve("src/test/resources/fixtures/tiny-org.properties");
  }

  /** The JVM flags Spark needs, as jobs/lib/jvm.flags lists them. */
  public static List<String> jvmFlags() {
    try {
      List<String> flags = new ArrayList<>();
      for (String line : Files.readAllLines(basedir().resolve("jobs/lib/jvm.flags"))) {
        if (!line.isBlank() && !line.startsWith("#")) {
          flags.add(line.strip());
        }
      }
      return flags;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Arguments of {@code swoop run} on an export folder. */
  public static String[] runArgs(
      Path input, Path output, LocalDate date, Path conf, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "run",
                "--source",
                "export",
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--snapshot-date",
                date.toString(),
                "--conf",
                conf.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** Every file under {@code dir} (relative path → SHA-256 of its bytes). */
  public static Map<String, String> tree(Path dir) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.put(dir.relativize(f).toString(), sha256(Files.readAllBytes(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** {@link #tree} without the entries whose path starts with one of {@code prefixes}. */
  public static Map<String, String> treeWithout(Path dir, String... prefixes) {
    Map<String, String> t = tree(dir);
    t.keySet().removeIf(k -> Stream.of(prefixes).anyMatch(k::startsWith));
    return t;
  }

  public static void copyDir(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
