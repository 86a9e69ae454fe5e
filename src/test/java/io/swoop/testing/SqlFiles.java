package io.swoop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL files of conf/bi: statements with {@code ${OUTPUT}} replaced, and labelled queries. */
public final class SqlFiles {
  private SqlFiles() {}

  public static Path bi(String file) {
    return Fixtures.basedir().resolve("conf/bi").resolve(file);
  }

  /**
   * The statements of {@code file}, comments dropped, {@code ${OUTPUT}} replaced by {@code output}.
   */
  public static List<String> statements(Path file, String output) throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      if (line.strip().startsWith("--") || line.isBlank()) {
        continue;
      }
      current.append(line.replace("${OUTPUT}", output)).append('\n');
      if (line.strip().endsWith(";")) {
        String s = current.toString().strip();
        out.add(s.substring(0, s.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException(file + " ends without ';': " + current);
    }
    return out;
  }

  /** The queries of a file whose queries each follow a {@code -- <label>: <name>} line. */
  public static Map<String, String> labelled(Path file, String label) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String name = null;
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("-- " + label + ": ")) {
        name = line.substring(label.length() + 5).strip();
        current.setLength(0);
      } else if (name != null && !line.strip().startsWith("--") && !line.isBlank()) {
        current.append(line).append('\n');
        if (line.strip().endsWith(";")) {
          String s = current.toString().strip();
          out.put(name, s.substring(0, s.length() - 1));
          name = null;
        }
      }
    }
    return out;
  }
}
