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
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysts' notebooks (notebooks/*.ipynb) follow the tables and run on a laptop with only
 * duckdb, pandas and matplotlib: every {@code duckdb.sql("""...""")} query runs through DuckDB's
 * JDBC driver over the sample output, with the variables the setup cell sets, and returns rows;
 * every notebook runs top to bottom in a Jupyter kernel on the sample output and shows what was
 * committed; every notebook is nbformat 4.5 and committed executed, charts included.
 *
 * <p>The kernel runs Debian's Python with its pandas, matplotlib, nbclient and ipykernel (.ci/run
 * installs them). PyPI is out of reach, so {@code import duckdb} is the test shim in
 * src/test/python/duckdb_shim, which runs every query in the native DuckDB library of the JDBC
 * driver this test uses.
 */
class NotebooksIT {
  private static final Path NOTEBOOKS = Fixtures.basedir().resolve("notebooks");

  /** Debian's Python, where apt-get installs pandas, matplotlib, nbclient and ipykernel. */
  private static final String PYTHON = "/usr/bin/python3";

  private static final Path DUCKDB_SHIM = Fixtures.basedir().resolve("src/test/python/duckdb_shim");

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
  void theSixNotebooksAreThereAsNbformat45WithTheSetupCell() {
    assertEquals(
        List.of(
            "coaching.ipynb",
            "manager_scorecard.ipynb",
            "takeovers_over_time.ipynb",
            "tenure_survival.ipynb",
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
  void theCoachingTheTakeoverEffectWithItsBalanceAndTheSurvivalCurvesAreShown() {
    Map<String, List<String>> musts =
        Map.of(
            "coaching.ipynb",
            List.of("/coaching/", "coaching_hours_per_rep_week", "micromanagement_index"),
            "manager_scorecard.ipynb",
            List.of(
                "/takeover_effect/",
                "effect_low",
                "effect_high",
                "matched_takeovers",
                "unmatched_takeovers",
                "e_value",
                "e_value_bound",
                "/takeover_effect_balance/",
                "smd",
                "coaching_hours_per_rep_week"),
            "tenure_survival.ipynb",
            List.of(
                "/rep_survival/",
                "survival_low",
                "survival_high",
                "censored",
                "median_tenure_km_days",
                "attrition_logrank_p"));
    musts.forEach(
        (name, columns) -> {
          String sql = String.join("\n", queries(notebooks.get(name)));
          for (String must : columns) {
            assertTrue(sql.contains(must), name + " does not query " + must);
          }
        });
  }

  @Test
  void theDuckdbShimReadsWhatDuckdbComputesAndRaisesItsErrors() throws Exception {
    String out =
        python(List.of(PYTHON, "-m", "unittest", "discover", "-v", "-s", DUCKDB_SHIM.toString()));
    Matcher ran = Pattern.compile("Ran (\\d+) tests").matcher(out);
    assertTrue(ran.find(), out);
    assertTrue(Integer.parseInt(ran.group(1)) >= 11, out);
  }

  @Test
  void everyNotebookRunsInAKernelOnTheSampleOutputAndShowsWhatWasCommitted(@TempDir Path into)
      throws Exception {
    python(
        List.of(
            PYTHON,
            NOTEBOOKS.resolve("execute.py").toString(),
            "--output",
            run.output().toString(),
            "--snapshot",
            run.snapshotDate().toString(),
            "--into",
            into.toString()));
    for (Map.Entry<String, JsonNode> committed : notebooks.entrySet()) {
      JsonNode fresh = new ObjectMapper().readTree(into.resolve(committed.getKey()).toFile());
      Map<String, List<String>> was = textOutputs(committed.getValue());
      Map<String, List<String>> is = textOutputs(fresh);
      assertEquals(was.keySet(), is.keySet(), committed.getKey());
      was.forEach(
          (cell, text) ->
              assertEquals(
                  String.join("\n", is.get(cell)),
                  String.join("\n", text),
                  committed.getKey()
                      + " "
                      + cell
                      + " was committed with other output than the sample output gives now:"
                      + " run notebooks/execute.py on it and commit (notebooks/README.md)"));
    }
  }

  /**
   * Runs a Python of the notebooks' kernel with the duckdb shim importable; returns its output,
   * failing with it when the exit code is not 0.
   */
  private static String python(List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", DUCKDB_SHIM.toString());
    pb.environment().put("SWOOP_DUCKDB_JDBC_JAR", duckdbJdbcJar().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(Waits.HANG.toSeconds(), TimeUnit.SECONDS), String.join(" ", cmd));
    assertEquals(
        0,
        p.exitValue(),
        String.join(" ", cmd)
            + " failed (it needs "
            + PYTHON
            + " with Debian's python3-pandas, python3-matplotlib, python3-nbclient,"
            + " python3-nbformat and python3-ipykernel, as .ci/run installs them):\n"
            + out);
    return out;
  }

  /** The DuckDB JDBC driver's jar on this test's classpath: the shim loads its native library. */
  private static Path duckdbJdbcJar() throws Exception {
    return Path.of(
        org.duckdb.DuckDBDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /**
   * Per code cell id, what the cell printed and returned as text (streams, text/plain, errors).
   * Charts are compared by their text form ("Figure size ... with N Axes"), not their pixels, which
   * depend on matplotlib's version and fonts.
   */
  private static Map<String, List<String>> textOutputs(JsonNode nb) {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode cell : codeCells(nb)) {
      List<String> texts = new ArrayList<>();
      for (JsonNode o : cell.path("outputs")) {
        String type = o.path("output_type").asText();
        if (type.equals("stream")) {
          texts.add(type + ": " + joined(o.path("text")));
        } else if (type.equals("error")) {
          texts.add(type + ": " + o.path("ename").asText() + ": " + o.path("evalue").asText());
        } else {
          texts.add(type + ": " + joined(o.path("data").path("text/plain")));
        }
      }
      out.put(cell.path("id").asText(), texts);
    }
    return out;
  }

  private static String joined(JsonNode text) {
    if (text.isTextual()) {
      return text.asText();
    }
    StringBuilder b = new StringBuilder();
    text.forEach(l -> b.append(l.asText()));
    return b.toString();
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
