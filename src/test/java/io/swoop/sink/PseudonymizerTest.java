package io.swoop.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.job.NightlyJob;
import io.swoop.model.Ids;
import io.swoop.model.OutputTables;
import io.swoop.source.export.ExportSource;
import io.swoop.testing.DuckDb;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SparkTestBase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code privacy.pseudonymize}: keyed HMAC tokens for user Ids, no names, schemas unchanged. */
class PseudonymizerTest extends SparkTestBase {
  static final String KEY = "test-key-0123456789abcdef";
  static final Map<String, String> ENV = Map.of(SwoopConfig.PSEUDONYMIZE_KEY_ENV, KEY);
  private static final SwoopConfig ON = SwoopConfig.from(Map.of(SwoopConfig.PSEUDONYMIZE, "true"));

  private static final String RITA = "0055g00000Ux004";
  private static final String MONA = "0055g00000Ux002";
  private static final LocalDate D = LocalDate.of(2024, 6, 30);

  @TempDir Path tmp;

  @Test
  void tokenIsKeyedStableAndTheSameForBothFormsOfAnId() {
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    String token = Pseudonymizer.token(key, RITA);
    assertTrue(token.matches("u_[0-9a-f]{16}"), token);
    assertEquals(token, Pseudonymizer.token(key, Ids.to18(RITA)));
    assertEquals(token, Pseudonymizer.token(key, RITA));
    assertNotEquals(token, Pseudonymizer.token(key, MONA));
    assertNotEquals(
        token,
        Pseudonymizer.token("another-key-0123456789".getBytes(StandardCharsets.UTF_8), RITA));
    assertNull(Pseudonymizer.token(key, null));
  }

  @Test
  void missingKeyExitsTwoNamingTheVariable() {
    SwoopException e = assertThrows(SwoopException.class, () -> Pseudonymizer.from(ON, Map.of()));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertTrue(e.getMessage().contains("environment variable SWOOP_PSEUDONYM_KEY"), e.getMessage());
  }

  @Test
  void shortKeyExitsTwoWithoutPrintingIt() {
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () -> Pseudonymizer.from(ON, Map.of(SwoopConfig.PSEUDONYMIZE_KEY_ENV, "hunter2")));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertTrue(e.getMessage().contains("SWOOP_PSEUDONYM_KEY holds 7 characters; use at least 16"));
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void missingKeyStopsTheJobBeforeItWritesAnything() {
    Path out = tmp.resolve("out");
    NightlyJob job = new NightlyJob(spark, ON, D, Map.of(), null);
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () -> job.run(new ExportSource(Fixtures.tinyOrg().toString()), out.toString()));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertFalse(Files.exists(out));
  }

  @Test
  void offByDefaultLeavesEveryTableAsItIs() {
    Pseudonymizer off = Pseudonymizer.from(SwoopConfig.defaults(), ENV);
    Dataset<Row> tenure = table(OutputTables.REP_TENURE, tenureRow(RITA, "Rita Ruiz", MONA));
    assertSame(tenure, off.apply(OutputTables.REP_TENURE, tenure));
  }

  @Test
  void everyTableKeepsItsSchemaLosesNamesAndIdsAndStillJoins() throws Exception {
    Pseudonymizer p = Pseudonymizer.from(ON, ENV);
    String rita = Ids.to18(RITA);
    String mona = Ids.to18(MONA);
    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(
        OutputTables.REJECTED_ROWS,
        table(
            OutputTables.REJECTED_ROWS,
            row(
                "User",
                9L,
                RITA,
                "ManagerId '" + MONA + "X' is not an Id",
                RITA + ",Rita Ruiz," + MONA + "X,true"),
            row(
                "Opportunity",
                15L,
                "0065g00000Op014",
                "has 14 fields, the header has 13",
                "0065g00000Op014," + rita)));
    tables.put(
        OutputTables.REP_TENURE,
        table(OutputTables.REP_TENURE, tenureRow(rita, "Rita Ruiz", mona)));
    tables.put(
        OutputTables.DEAL_TAKEOVERS,
        table(
            OutputTables.DEAL_TAKEOVERS,
            row(
                "0065g00000Op008AAB",
                ts("2024-03-20 15:04:00.123456"),
                rita,
                mona,
                1,
                "Negotiation",
                80.0,
                new BigDecimal("30000.08"),
                "won",
                null)));
    tables.put(
        OutputTables.WIN_RATES,
        table(
            OutputTables.WIN_RATES,
            row(
                "rep",
                rita,
                Date.valueOf("2024-04-01"),
                3L,
                1L,
                0.75,
                0.3,
                0.95,
                new BigDecimal("1.00")),
            row(
                "manager",
                mona,
                Date.valueOf("2024-04-01"),
                5L,
                5L,
                0.5,
                0.2,
                0.8,
                new BigDecimal("2.00")),
            row(
                "org",
                null,
                Date.valueOf("2024-04-01"),
                9L,
                9L,
                0.5,
                0.3,
                0.7,
                new BigDecimal("3.00"))));
    tables.put(
        OutputTables.WIN_RATE_TRENDS,
        table(
            OutputTables.WIN_RATE_TRENDS,
            row(
                "rep",
                rita,
                4,
                Date.valueOf("2023-07-01"),
                Date.valueOf("2024-04-01"),
                -0.05,
                0.04,
                "declining"),
            row(
                "org",
                null,
                4,
                Date.valueOf("2023-07-01"),
                Date.valueOf("2024-04-01"),
                null,
                null,
                "flat")));
    tables.put(
        OutputTables.MANAGER_SCORECARD,
        table(
            OutputTables.MANAGER_SCORECARD,
            row(
                mona,
                "Mona Marsh",
                2L,
                5L,
                1L,
                0.2,
                1.0,
                0.5,
                0.4,
                null,
                900.0,
                0.0,
                0.6,
                -0.05,
                55.0,
                0.5,
                0.2,
                300,
                0.01)));
    tables.put(
        OutputTables.COACHING,
        table(
            OutputTables.COACHING,
            row(mona, rita, 3L, 90L, 52.0, 90 / 60.0 / 52.0, Date.valueOf("2024-03-01"))));
    tables.put(
        OutputTables.TAKEOVER_EFFECT,
        table(
            OutputTables.TAKEOVER_EFFECT,
            row("manager", mona, 1L, 0L, 1L, 0L, 1.0, 0.8, 0.2, null, null, null, 1.81, null),
            row("org", null, 1L, 0L, 1L, 0L, 1.0, 0.8, 0.2, null, null, null, 1.81, null)));
    tables.put(
        OutputTables.TAKEOVER_EFFECT_BALANCE,
        table(
            OutputTables.TAKEOVER_EFFECT_BALANCE,
            row("manager", mona, "amount", 7.0, 6.9, 0.05),
            row("org", null, "amount", 7.0, 6.9, 0.05)));
    tables.put(
        OutputTables.REP_SURVIVAL,
        table(
            OutputTables.REP_SURVIVAL,
            row("manager", mona, 300, 4L, 2L, 0L, 0.5, 0.1, 0.8),
            row("org", null, 300, 40L, 2L, 0L, 0.95, 0.9, 0.98)));

    ParquetSink sink = new ParquetSink(spark, tmp.toString(), D);
    for (Map.Entry<String, Dataset<Row>> t : tables.entrySet()) {
      sink.stage(t.getKey(), p.apply(t.getKey(), t.getValue()));
    }
    sink.publish("{}");

    assertNothingOf(tmp, List.of(RITA, rita, MONA, mona, "Rita Ruiz", "Mona Marsh", KEY));
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    String ritaToken = Pseudonymizer.token(key, rita);
    try (DuckDb db = new DuckDb()) {
      assertEquals(
          List.of(ritaToken + " | null | " + Pseudonymizer.token(key, mona)),
          db.rows(
              "SELECT user_id, user_name, manager_id FROM '" + tmp + "/rep_tenure/*/*.parquet'"));
      assertEquals(
          List.of(ritaToken),
          db.rows(
              "SELECT t.user_id FROM '"
                  + tmp
                  + "/rep_tenure/*/*.parquet' t JOIN '"
                  + tmp
                  + "/deal_takeovers/*/*.parquet' d ON d.from_owner_id = t.user_id"),
          "tokens join across tables");
      assertEquals(
          List.of(
              "User | " + ritaToken + " | ManagerId '***' is not an Id | null",
              "Opportunity | 0065g00000Op014 | has 14 fields, the header has 13 | null"),
          db.rows(
              "SELECT object, record_id, reason, raw FROM '"
                  + tmp
                  + "/rejected_rows/*/*.parquet' ORDER BY line"));
      assertEquals(
          List.of(
              "manager | " + Pseudonymizer.token(key, mona), "org | null", "rep | " + ritaToken),
          db.rows(
              "SELECT level, entity_id FROM '" + tmp + "/win_rates/*/*.parquet' ORDER BY level"));
      assertEquals(
          List.of("null | 55.0"),
          db.rows(
              "SELECT manager_name, micromanagement_index FROM '"
                  + tmp
                  + "/manager_scorecard/*/*.parquet'"));
      String monaToken = Pseudonymizer.token(key, mona);
      assertEquals(
          List.of(monaToken + " | " + ritaToken + " | 3"),
          db.rows(
              "SELECT manager_id, rep_id, one_to_ones FROM '" + tmp + "/coaching/*/*.parquet'"));
      assertEquals(
          List.of("manager | " + monaToken, "org | null"),
          db.rows(
              "SELECT level, entity_id FROM '"
                  + tmp
                  + "/takeover_effect/*/*.parquet' ORDER BY level"));
      assertEquals(
          List.of("manager | " + monaToken, "org | null"),
          db.rows(
              "SELECT level, entity_id FROM '"
                  + tmp
                  + "/takeover_effect_balance/*/*.parquet' ORDER BY level"));
    }
  }

  /** Every Id (15- and 18-character form) and Name of User.csv, and any other first column. */
  static Set<String> userIdsAndNames(Path userCsv) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    for (String line : Files.readAllLines(userCsv).subList(1, Files.readAllLines(userCsv).size())) {
      String[] f = line.split(",");
      out.add(f[0]);
      if (Ids.to18(f[0]) != null) {
        out.add(Ids.to18(f[0]));
        out.add(Ids.to18(f[0]).substring(0, 15));
      }
      out.add(f[1]);
    }
    return out;
  }

  /**
   * No file under {@code dir} holds any of {@code needles}: neither in any value DuckDB reads from
   * the Parquet files, nor anywhere in any file's bytes (footers, statistics, the manifest).
   */
  static void assertNothingOf(Path dir, List<String> needles) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertFalse(files.isEmpty());
    try (DuckDb db = new DuckDb()) {
      for (Path f : files) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        List<String> values =
            f.toString().endsWith(".parquet")
                ? db.rows("SELECT * FROM read_parquet('" + f + "')")
                : List.of();
        for (String needle : needles) {
          assertFalse(bytes.contains(needle), f + " holds '" + needle + "'");
          for (String v : values) {
            assertFalse(v.contains(needle), f + " holds '" + needle + "' in row " + v);
          }
        }
      }
    }
  }

  private static Dataset<Row> table(String name, Row... rows) {
    return spark.createDataFrame(List.of(rows), OutputTables.ALL.get(name));
  }

  private static Row tenureRow(String id, String name, String manager) {
    return row(id, name, manager, Date.valueOf("2021-03-01"), null, true, 1217);
  }

  private static Timestamp ts(String text) {
    return Timestamp.valueOf(text);
  }
}
