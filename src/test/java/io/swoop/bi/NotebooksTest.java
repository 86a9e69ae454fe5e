package io.swoop.bi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.testing.DuckDb;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SampleOutput;
import io.swoop.testing.SqlFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysts' notebooks (notebooks/*.ipynb) follow the tables: every {@code %%sql} cell runs
 * through DuckDB's JDBC driver on the views of conf/bi/duckdb.sql over the sample output and
 * returns rows; every Python cell compiles; every notebook is nbformat 4 with the setup cell.
 */
class NotebooksTest {
  private static final Path NOTEBOOKS = Fixtures.basedir().resolve("notebooks");

  private static SampleOutput.Run run;
  private static DuckDb db;
  private static Map<String, JsonNode> notebooks;

  @BeforeAll
  static void load() throws Exception {
    run = SampleOutput.get();
    db = new DuckDb();
    for (String s : SqlFiles.statements(SqlFiles.bi("duckdb.sql"), run.output().toString())) {
      db.execute(s);
    }
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
  void theFourNotebooksAreThereAsNbformat4WithTheSetupCell() {
    assertEquals(
        List.of(
            "manager_scorecard.ipynb", "takeovers_over_time.ipynb",
            "tenure_vs_takeover_rate.ipynb", "win_rate_trends.ipynb"),
        List.copyOf(notebooks.keySet()));
    notebooks.forEach(
        (name, nb) -> {
          assertEquals(4, nb.get("nbformat").asInt(), name);
          assertEquals("python3", nb.get("metadata").get("kernelspec").get("name").asText(), name);
          String setup = firstCode(nb);
          for (String must : List.of("%load_ext sql", "%sql duckdb://", "../conf/bi/duckdb.sql", "SWOOP_OUTPUT")) {
            assertTrue(setup.contains(must), name + " setup lacks " + must);
          }
          assertFalse(sqlCells(nb).isEmpty(), name + " has no %%sql cell");
        });
  }

  @Test
  void everySqlCellRunsOnTheSampleOutputAndReturnsRows() throws Exception {
    int cells = 0;
    for (Map.Entry<String, JsonNode> nb : notebooks.entrySet()) {
      for (String sql : sqlCells(nb.getValue())) {
        assertFalse(sql.contains("{{"), nb.getKey() + ": no templating, the test runs the SQL as it is");
        List<String> rows;
        try {
          rows = db.rows(sql);
        } catch (java.sql.SQLException e) {
          throw new AssertionError(nb.getKey() + ": " + e.getMessage() + "\n" + sql, e);
        }
        assertFalse(rows.isEmpty(), nb.getKey() + " returns no rows:\n" + sql);
        cells++;
      }
    }
    assertTrue(cells >= 12, "cells run: " + cells);
  }

  @Test
  void everyPythonCellCompiles() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", COMPILE));
    notebooks.keySet().forEach(n -> cmd.add(NOTEBOOKS.resolve(n).toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(1, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
  }

  /** Compiles each code cell that is not %%sql, IPython's % lines removed. */
  private static final String COMPILE =
      String.join(
          "\n",
          "import json, sys",
          "for path in sys.argv[1:]:",
          "    for i, cell in enumerate(json.load(open(path))['cells']):",
          "        src = ''.join(cell['source'])",
          "        if cell['cell_type'] != 'code' or src.startswith('%%sql'):",
          "            continue",
          "        code = '\\n'.join('' if l.lstrip().startswith('%') else l for l in src.split('\\n'))",
          "        compile(code, f'{path} cell {i}', 'exec')");

  private static String firstCode(JsonNode nb) {
    for (JsonNode cell : nb.get("cells")) {
      if (cell.get("cell_type").asText().equals("code")) {
        return source(cell);
      }
    }
    return "";
  }

  /** The SQL of each %%sql cell: the cell without its magic line. */
  private static List<String> sqlCells(JsonNode nb) {
    List<String> out = new ArrayList<>();
    for (JsonNode cell : nb.get("cells")) {
      String src = source(cell);
      if (cell.get("cell_type").asText().equals("code") && src.startsWith("%%sql")) {
        out.add(src.substring(src.indexOf('\n') + 1).strip());
      }
    }
    return out;
  }

  private static String source(JsonNode cell) {
    StringBuilder b = new StringBuilder();
    cell.get("source").forEach(l -> b.append(l.asText()));
    return b.toString();
  }
}
