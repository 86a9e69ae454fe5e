package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.generate.SyntheticOrg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17: without {@code UserHistory}, every result stays what it was before the org chart as it
 * was (CONTRACT §2.1) came in. The golden tables under {@code
 * src/test/resources/golden/no-user-history/} were published by commit 53ba785 (the code before
 * issues 16-19) on the same inputs, and this test compares today's tables with them, value for
 * value, in both directions (EXCEPT ALL): on the shipped sample without its {@code
 * UserHistory.csv}, and on a generated org (seed 11, scale 0.05, which plants reorganisations)
 * without it.
 *
 * <p>Not compared, because issue 16 changed their definition on purpose: the {@code
 * takeover_effect} table and the scorecard's {@code takeover_effect} column. Tables and columns
 * that did not exist then ({@code rep_survival}, {@code takeover_effect_balance}, {@code
 * median_tenure_km_days}, {@code attrition_logrank_p}) are not in the golden files.
 *
 * <p>The inputs' SHA-256 are recorded next to the golden files: when the sample or the generator
 * changes, this test says so instead of comparing different inputs. To write the golden files
 * again, build 53ba785 (`git worktree add`, `mvn package -DskipTests`), run its {@code jobs/swoop
 * run --source export --snapshot-date 2026-09-30} on the new inputs without UserHistory.csv, and
 * copy each table with DuckDB's {@code COPY (SELECT * FROM read_parquet(...) ORDER BY ALL) TO ...}
 * (the scorecard {@code EXCLUDE (takeover_effect)}).
 */
class NoUserHistoryIT {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/no-user-history");
  private static final String DATE = "2026-09-30";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sample", "generated"})
  void withoutUserHistoryEveryTableIsWhatItWasBeforeIssue17(String which) throws Exception {
    Path input = dir.resolve("input");
    if (which.equals("sample")) {
      Files.createDirectories(input);
      try (Stream<Path> files = Files.list(Path.of("src/sample/exports"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
          Files.copy(f, input.resolve(f.getFileName()));
        }
      }
    } else {
      SyntheticOrg.generate(input, 11, 0.05);
    }
    Files.deleteIfExists(input.resolve("UserHistory.csv"));
    Path golden = GOLDEN.resolve(which);
    assertInputsAre(input, golden.resolve("inputs.sha256"));

    Path out = dir.resolve("out");
    assertEquals(
        0,
        Main.run(
            Map.of(),
            "run",
            "--source",
            "export",
            "--input",
            input.toString(),
            "--output",
            out.toString(),
            "--snapshot-date",
            DATE));

    List<Path> tables;
    try (Stream<Path> files = Files.list(golden)) {
      tables = files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
    assertEquals(7, tables.size(), "golden tables of " + which);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (Path g : tables) {
        String table = g.getFileName().toString().replace(".parquet", "");
        String columns = String.join(", ", columns(s, "read_parquet('" + g + "')"));
        String before = "SELECT " + columns + " FROM read_parquet('" + g + "')";
        String now =
            "SELECT " + columns + " FROM read_parquet('" + out.resolve(table) + "/*/*.parquet')";
        long rowsBefore = count(s, before);
        assertEquals(rowsBefore, count(s, now), which + ": rows of " + table);
        assertEquals(0, count(s, before + " EXCEPT ALL " + now), which + ": " + table + " lost");
        assertEquals(0, count(s, now + " EXCEPT ALL " + before), which + ": " + table + " gained");
        if (!table.equals("rejected_rows")) {
          assertTrue(rowsBefore > 0, which + ": the golden " + table + " has rows");
        }
      }
    }
  }

  private static void assertInputsAre(Path input, Path sums) throws Exception {
    for (String line : Files.readAllLines(sums)) {
      String[] parts = line.split("\\s+");
      byte[] bytes = Files.readAllBytes(input.resolve(parts[1]));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertEquals(
          parts[0],
          sha,
          parts[1]
              + " is not the input the golden tables were computed on: the sample or the"
              + " generator changed, so write the golden files again (see this class's javadoc)");
    }
  }

  private static List<String> columns(Statement s, String from) throws Exception {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + from)) {
      while (rs.next()) {
        names.add('"' + rs.getString(1) + '"');
      }
    }
    return names;
  }

  private static long count(Statement s, String query) throws Exception {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + query + ")")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
