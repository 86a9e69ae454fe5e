package io.swoop.bi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.testing.DuckDb;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SampleOutput;
import io.swoop.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysts' notebooks (notebooks/*.ipynb) follow the tables and run on a laptop with only
 * duckdb, pandas and matplotlib: every {@code duckdb.sql("""...""")} query runs through DuckDB's
 * JDBC driver over the sample output, with the variables the setup cell sets, and returns rows;
 * every Python cell compiles; every notebook is nbformat 4.5 and committed executed, charts
 * included.
 */
class NotebooksIT {
  private static final Path NOTEBOOKS = Fixtures.basedir().resolve("notebooks");

  /** A query the test can run: a triple-quoted string given straight to duckdb.sql. */
  private static final Pattern QUERY =
      Pattern.compile("duckdb\\.sql\\(\\s*\"\"\"(.*?)\"\"\"", Pattern.DOTALL);

  private static final Pattern DUCKDB_CALL = Pattern.compile("duckdb\\.\\w+\\(");
  private static final Pattern SETUP_STATEMENT = Pattern.compile("duckdb\\.\\w+\\(\"SET ");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^\\s*(?:import\\s+([\\w., ]+)|from\\s+([\\w.]+)\\s+import\\b)", Pattern.MULTILINE);
  private static final Set<String> ALLOWED_MODULES =
      Set.of("duckdb", "pandas", "matplotlib", "os", "pathlib", "math", "datetime");
  private static final Pattern CELL_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  private static SampleOutput.Run run;
  private static DuckDb db;
  private static Map<String, JsonNode> notebooks;

  @BeforeAll
  static void load() throws Exception {
    run = SampleOutput.get();
    db = new DuckDb();
    // What the setup cell of every notebook sets.
    db.execute("SET TimeZone = 'UTC'");
    db.execute("SET VARIABLE output = '" + run.output().toString().replace("'", "''") + "'");
    db.execute("SET VARIABLE snapshot = DATE '" + run.snapshotDate() + "'");
    notebooks = new TreeMap<>();
    try (Stream<Path> s = Files.list(NOTEBOOKS)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".ipynb"))::iterator) {
        notebooks.put(p.getFileName().toString(), new ObjectMapper().readTree(p.toFile()));
      }
    }
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void theFiveNotebooksAreThereAsNbformat45WithTheSetupCell() {
    assertEquals(
        List.of(
            "coaching.ipynb",
            "manager_scorecard.ipynb",
            "takeovers_over_time.ipynb",
            "tenure_vs_takeover_rate.ipynb",
            "win_rate_trends.ipynb"),
        List.copyOf(notebooks.keySet()));
    notebooks.forEach(
        (name, nb) -> {
          assertEquals(4, nb.path("nbformat").asInt(), name);
          assertTrue(nb.path("nbformat_minor").asInt() >= 5, name + ": cell ids need nbformat 4.5");
          assertEquals(
              "python3", nb.path("metadata").path("kernelspec").path("name").asText(), name);
          String setup = source(codeCells(nb).get(0));
          for (String must :
              List.of(
                  "import duckdb",
                  "SWOOP_OUTPUT",
                  "SWOOP_SNAPSHOT",
                  "SET VARIABLE output",
                  "SET VARIABLE snapshot")) {
            assertTrue(setup.contains(must), name + " setup lacks " + must);
          }
        });
  }

  @Test
  void everyCellHasAUniqueId() {
    notebooks.forEach(
        (name, nb) -> {
          Set<String> seen = new HashSet<>();
          int i = 0;
          for (JsonNode cell : nb.get("cells")) {
            String id = cell.path("id").asText("");
            assertTrue(CELL_ID.matcher(id).matches(), name + " cell " + i + " has id '" + id + "'");
            assertTrue(seen.add(id), name + ": id '" + id + "' twice");
            i++;
          }
        });
  }

  @Test
  void theNotebooksNeedOnlyDuckdbPandasAndMatplotlib() {
    notebooks.forEach(
        (name, nb) -> {
          for (JsonNode cell : codeCells(nb)) {
            String src = source(cell);
            for (String line : src.split("\n")) {
              String l = line.strip();
              assertFalse(
                  l.startsWith("%") || l.startsWith("!"),
                  name + " " + cell.path("id").asText() + ": IPython magic or shell line: " + l);
            }
            Matcher m = IMPORT.matcher(src);
            while (m.find()) {
              String modules = m.group(1) != null ? m.group(1) : m.group(2);
              for (String module : modules.split(",")) {
                String top = module.strip().split("[. ]")[0];
                assertTrue(
                    ALLOWED_MODULES.contains(top),
                    name + " " + cell.path("id").asText() + " imports " + top);
              }
            }
          }
        });
  }

  @Test
  void everyQueryIsATripleQuotedStringTheTestCanRun() {
    notebooks.forEach(
        (name, nb) -> {
          List<JsonNode> code = codeCells(nb);
          for (int i = 0; i < code.size(); i++) {
            String src = source(code.get(i));
            String where = name + " " + code.get(i).path("id").asText();
            assertFalse(
                src.contains("duckdb.sql(f"),
                where + ": an f-string query cannot be run by the test");
            int calls = count(DUCKDB_CALL, src);
            int runnable = count(QUERY, src) + (i == 0 ? count(SETUP_STATEMENT, src) : 0);
            assertEquals(
                calls,
                runnable,
                where + ": every query must be duckdb.sql(\"\"\"...\"\"\") so the test runs it");
          }
        });
  }

  @Test
  void everyQueryRunsOnTheSampleOutputAndReturnsRows() throws Exception {
    int queries = 0;
    for (Map.Entry<String, JsonNode> nb : notebooks.entrySet()) {
      List<String> sqls = queries(nb.getValue());
      assertTrue(sqls.size() >= 4, nb.getKey() + " has " + sqls.size() + " queries");
      for (String sql : sqls) {
        List<String> rows;
        try {
          rows = db.rows(sql);
        } catch (java.sql.SQLException e) {
          throw new AssertionError(nb.getKey() + ": " + e.getMessage() + "\n" + sql, e);
        }
        assertFalse(rows.isEmpty(), nb.getKey() + " returns no rows:\n" + sql);
        queries++;
      }
    }
    assertTrue(queries >= 20, "queries run: " + queries);
  }

  @Test
  void theCoachingAndTakeoverEffectAreShown() {
    String coaching = String.join("\n", queries(notebooks.get("coaching.ipynb")));
    for (String must :
        List.of("/coaching/", "coaching_hours_per_rep_week", "micromanagement_index")) {
      assertTrue(coaching.contains(must), "coaching.ipynb does not query " + must);
    }
    String scorecard = String.join("\n", queries(notebooks.get("manager_scorecard.ipynb")));
    for (String must :
        List.of("/takeover_effect/", "effect_low", "effect_high", "coaching_hours_per_rep_week")) {
      assertTrue(scorecard.contains(must), "manager_scorecard.ipynb does not query " + must);
    }
  }

  @Test
  void everyCodeCellWasExecutedInOrderWithoutErrorAndEveryChartIsEmbedded() {
    notebooks.forEach(
        (name, nb) -> {
          int expected = 1;
          int charts = 0;
          for (JsonNode cell : codeCells(nb)) {
            String where = name + " " + cell.path("id").asText();
            assertEquals(
                expected++,
                cell.path("execution_count").asInt(-1),
                where + ": not executed top to bottom in one kernel (run notebooks/execute.py)");
            boolean png = false;
            for (JsonNode out : cell.path("outputs")) {
              assertFalse(
                  out.path("output_type").asText().equals("error"),
                  where
                      + " failed: "
                      + out.path("ename").asText()
                      + ": "
                      + out.path("evalue").asText());
              png |= out.path("data").has("image/png");
            }
            if (source(cell).contains("plt.show()")) {
              assertTrue(png, where + " draws a chart but has no PNG output");
              charts++;
            }
          }
          assertTrue(charts >= 3, name + " has " + charts + " charts");
        });
  }

  @Test
  void everyPythonCellAndTheExecuteScriptCompile() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", COMPILE));
    cmd.add(NOTEBOOKS.resolve("execute.py").toString());
    notebooks.keySet().forEach(n -> cmd.add(NOTEBOOKS.resolve(n).toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(Waits.HANG.toSeconds(), TimeUnit.SECONDS), "python3 hangs");
    assertEquals(0, p.exitValue(), out);
    assertEquals(notebooks.size() + 1 + " files compiled", out.strip());
  }

  /** Compiles execute.py and each code cell of each notebook (standard library only). */
  private static final String COMPILE =
      String.join(
          "\n",
          "import json, sys",
          "compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')",
          "for path in sys.argv[2:]:",
          "    for cell in json.load(open(path))['cells']:",
          "        if cell['cell_type'] == 'code':",
          "            compile(''.join(cell['source']), f\"{path} {cell['id']}\", 'exec')",
          "print(len(sys.argv) - 1, 'files compiled')");

  private static List<JsonNode> codeCells(JsonNode nb) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode cell : nb.get("cells")) {
      if (cell.path("cell_type").asText().equals("code")) {
        out.add(cell);
      }
    }
    return out;
  }

  /** The SQL of every duckdb.sql("""...""") call, in the notebook's order. */
  private static List<String> queries(JsonNode nb) {
    List<String> out = new ArrayList<>();
    for (JsonNode cell : codeCells(nb)) {
      Matcher m = QUERY.matcher(source(cell));
      while (m.find()) {
        out.add(m.group(1).strip());
      }
    }
    return out;
  }

  private static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String source(JsonNode cell) {
    JsonNode src = cell.get("source");
    if (src.isTextual()) {
      return src.asText();
    }
    StringBuilder b = new StringBuilder();
    src.forEach(l -> b.append(l.asText()));
    return b.toString();
  }
}
