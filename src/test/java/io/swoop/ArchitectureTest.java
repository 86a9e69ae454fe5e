package io.swoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages' dependencies, read from the production sources: imports, static imports and fully
 * qualified names, outside comments and string literals. Sources rather than class files because
 * javac copies a constant (a column name, a config default) into the class that uses it, so the
 * bytecode would not show a dependency on a constant.
 *
 * <p>Data flows one way: sources deliver records to the model, the model's tables feed the signals,
 * the signals feed the sink, and the job wires them together. What they all share lives below them
 * (core: the failure type; config; the model's names and specs).
 */
class ArchitectureTest {

  /** Each top-level package of io.swoop and the ones it may use; no other may be used. */
  static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

  static {
    MAY_USE.put("core", Set.of());
    MAY_USE.put("config", Set.of("core"));
    MAY_USE.put("model", Set.of("core", "config"));
    MAY_USE.put("source", Set.of("core", "config", "model"));
    MAY_USE.put("signals", Set.of("core", "config", "model"));
    MAY_USE.put("sink", Set.of("core", "config", "model", "signals"));
    MAY_USE.put("generate", Set.of("core", "config", "model"));
    MAY_USE.put("job", Set.of("core", "config", "model", "source", "signals", "sink", "generate"));
  }

  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");

  /** A swoop package: lower-case segments up to a class name or a wildcard import. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\bio\\.swoop((?:\\.[a-z_][a-z0-9_]*)+)\\.(?:[A-Z]|\\*)");

  /** package -> referenced package -> where (File.java:line), for production code. */
  private static Map<String, Map<String, List<String>>> uses;

  @BeforeAll
  static void readSources() throws IOException {
    uses = uses(Fixtures.basedir().resolve("src/main/java"));
  }

  @Test
  void everyPackageBelongsToALayer() {
    for (String p : uses.keySet()) {
      assertTrue(
          MAY_USE.containsKey(topLevel(p)),
          p + " is in no layer: add it to ArchitectureTest.MAY_USE with the layers it may use");
    }
  }

  @Test
  void noPackageUsesALayerAboveIt() {
    List<String> upward = new ArrayList<>();
    uses.forEach(
        (from, targets) ->
            targets.forEach(
                (to, where) -> {
                  String a = topLevel(from);
                  String b = topLevel(to);
                  if (!a.equals(b) && !MAY_USE.getOrDefault(a, Set.of()).contains(b)) {
                    upward.add(from + " -> " + to + " at " + where);
                  }
                }));
    assertEquals(List.of(), upward, "uses of a package the layer may not use");
  }

  /**
   * The report shows what is published, nothing the signals compute on the side: a formula both
   * need (the index's parts, the trend's weighting) lives below both, in model.
   */
  @Test
  void theReportUsesNoSignal() {
    Map<String, List<String>> report = uses.getOrDefault("io.swoop.sink.report", Map.of());
    assertEquals(
        Map.of(),
        new TreeMap<>(
            report.entrySet().stream()
                .filter(e -> e.getKey().startsWith("io.swoop.signals"))
                .collect(
                    java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))),
        "io.swoop.sink.report uses the signals");
    assertTrue(report.containsKey("io.swoop.model"), "the scan sees the report's imports");
  }

  @Test
  void noPackageCycles() {
    List<String> cycle = findCycle(uses);
    assertEquals(List.of(), cycle, "packages that import each other in a circle");
  }

  @Test
  void theScanSeesImportsStaticImportsAndQualifiedNamesButNotCommentsOrStrings(@TempDir Path dir)
      throws IOException {
    write(
        dir.resolve("model/Probe.java"),
        "package io.swoop.model;",
        "import static io.swoop.signals.Names.LATE; // and io.swoop.job.Main in a comment",
        "/* io.swoop.sink.Ignored */",
        "class Probe { String s = \"io.swoop.source.Ignored\"; }");
    write(
        dir.resolve("signals/Names.java"),
        "package io.swoop.signals;",
        "class Names { static final String LATE = \"late\"; io.swoop.model.Probe p; }");
    Map<String, Map<String, List<String>>> found = uses(dir);
    assertEquals(Set.of("io.swoop.signals"), found.get("io.swoop.model").keySet());
    assertEquals(List.of("Probe.java:2"), found.get("io.swoop.model").get("io.swoop.signals"));
    assertEquals(Set.of("io.swoop.model"), found.get("io.swoop.signals").keySet());
    assertEquals(
        List.of(
            "io.swoop.model -> io.swoop.signals at Probe.java:2",
            "io.swoop.signals -> io.swoop.model at Names.java:2"),
        findCycle(found));
  }

  private static void write(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  /** The first cycle found, as "a -> b at File.java:12" steps, or an empty list. */
  static List<String> findCycle(Map<String, Map<String, List<String>>> graph) {
    Map<String, Integer> state = new TreeMap<>(); // 1 on the current path, 2 done
    List<String> path = new ArrayList<>();
    for (String start : new TreeSet<>(graph.keySet())) {
      List<String> found = visit(start, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node,
      Map<String, Map<String, List<String>>> graph,
      Map<String, Integer> state,
      List<String> path) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null) {
      List<String> cycle = new ArrayList<>();
      List<String> loop = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      loop.add(node);
      for (int i = 0; i + 1 < loop.size(); i++) {
        String from = loop.get(i);
        String to = loop.get(i + 1);
        cycle.add(from + " -> " + to + " at " + graph.get(from).get(to).get(0));
      }
      return cycle;
    }
    state.put(node, 1);
    path.add(node);
    for (String next : new TreeSet<>(graph.getOrDefault(node, Map.of()).keySet())) {
      List<String> found = visit(next, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    state.put(node, 2);
    return List.of();
  }

  static Map<String, Map<String, List<String>>> uses(Path root) throws IOException {
    Map<String, Map<String, List<String>>> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    for (Path f : files) {
      String code = codeOnly(Files.readString(f));
      Matcher pm = PACKAGE.matcher(code);
      assertTrue(pm.find(), f + " has no package declaration");
      String from = pm.group(1);
      Map<String, List<String>> targets = out.computeIfAbsent(from, k -> new TreeMap<>());
      Matcher m = REFERENCE.matcher(code);
      while (m.find()) {
        String to = "io.swoop" + m.group(1);
        if (!to.equals(from) && m.start() > pm.end()) {
          int line = 1 + (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count();
          targets.computeIfAbsent(to, k -> new ArrayList<>()).add(f.getFileName() + ":" + line);
        }
      }
    }
    return out;
  }

  /** {@code io.swoop.sink.report} -> {@code sink}. */
  static String topLevel(String pkg) {
    String rest = pkg.substring("io.swoop.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /**
   * {@code source} without comments, string and character literals, each replaced by spaces so that
   * line numbers stay.
   */
  static String codeOnly(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      String end = null;
      if (source.startsWith("//", i)) {
        end = "\n";
      } else if (source.startsWith("/*", i)) {
        end = "*/";
      } else if (source.startsWith("\"\"\"", i)) {
        end = "\"\"\"";
      }
      if (end != null) {
        int stop = source.indexOf(end, i + 2 + (end.equals("\"\"\"") ? 1 : 0));
        stop = stop < 0 ? n : (end.equals("\n") ? stop : stop + end.length());
        blank(source, i, stop, out);
        i = stop;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        int stop = Math.min(n, j + 1);
        blank(source, i, stop, out);
        i = stop;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void blank(String source, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      out.append(source.charAt(k) == '\n' ? '\n' : ' ');
    }
  }
}
