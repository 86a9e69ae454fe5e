package io.swoop.sink.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.job.Main;
import io.swoop.model.Ids;
import io.swoop.testing.DuckDb;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SampleOutput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT §3, the report: every number it shows equals the published tables, as DuckDB reads them,
 * and is written as its format says; a pseudonymized run shows no name.
 */
class ReportIT {
  /**
   * A marked number: the element's attributes (quoted values may hold a {@code >}, which HTML does
   * not require to be escaped there) and its text.
   */
  private static final Pattern MARK =
      Pattern.compile(
          "<(data|text)\\b((?:\\s+[a-z-]+=\"[^\"]*\")*?\\s+data-(?:table|part)=\"[^\"]*\""
              + "(?:\\s+[a-z-]+=\"[^\"]*\")*)\\s*>([^<]*)</\\1>");

  private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");

  @TempDir Path tmp;

  @Test
  void everyNumberOnTheSampleReportEqualsTheTables() throws Exception {
    SampleOutput.Run run = SampleOutput.get();
    int checked = assertNumbersEqualTables(run.output(), run.snapshotDate());
    assertTrue(checked > 200, "the sample report marks " + checked + " numbers");
  }

  @Test
  void aPseudonymizedReportShowsTokensAndNoUserNameOrId() throws Exception {
    Path conf = tmp.resolve("swoop.properties");
    Files.writeString(
        conf,
        Files.readString(Fixtures.tinyOrgConf()) + "\n" + SwoopConfig.PSEUDONYMIZE + " = true\n");
    Path out = tmp.resolve("out");
    Map<String, String> env =
        Map.of(SwoopConfig.PSEUDONYMIZE_KEY_ENV, "a-test-key-of-32-characters-long");
    assertEquals(
        0, Main.run(env, Fixtures.runArgs(Fixtures.tinyOrg(), out, Fixtures.TINY_SNAPSHOT, conf)));

    String html = report(out, Fixtures.TINY_SNAPSHOT);
    assertTrue(html.matches("(?s).*>u_[0-9a-f]{16}</a>.*"), "managers are named by their tokens");
    List<String> lines = Files.readAllLines(Fixtures.tinyOrg().resolve("User.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      for (String secret : List.of(f[0], f[1], String.valueOf(Ids.to18(f[0])))) {
        if (!secret.isBlank() && !secret.equals("null")) {
          assertFalse(html.contains(secret), "the report shows " + secret);
        }
      }
    }
    assertTrue(assertNumbersEqualTables(out, Fixtures.TINY_SNAPSHOT) > 20);
  }

  private static String report(Path output, LocalDate date) throws Exception {
    return Files.readString(output.resolve("_reports").resolve("snapshot_date=" + date + ".html"));
  }

  /** Checks every marked number of the report of {@code date}; returns how many it checked. */
  private static int assertNumbersEqualTables(Path output, LocalDate date) throws Exception {
    String html = report(output, date);
    Matcher m = MARK.matcher(html);
    int checked = 0;
    Map<String, Double> partSums = new HashMap<>();
    Map<String, Long> partShown = new HashMap<>();
    try (DuckDb db = new DuckDb()) {
      db.execute("SET TimeZone = 'UTC'");
      while (m.find()) {
        Map<String, String> a = new LinkedHashMap<>();
        Matcher am = ATTRIBUTE.matcher(m.group(2));
        while (am.find()) {
          a.put(am.group(1), unescape(am.group(2)));
        }
        String shown = unescape(m.group(3));
        if (a.containsKey("data-part")) {
          partSums.merge(a.get("data-manager"), Double.parseDouble(a.get("value")), Double::sum);
          partShown.merge(a.get("data-manager"), Long.parseLong(shown), Long::sum);
          continue;
        }
        String value = a.containsKey("value") ? a.get("value") : a.get("data-value");
        String from =
            " FROM read_parquet('"
                + output.resolve(a.get("data-table")).resolve("snapshot_date=" + date)
                + "/*.parquet') WHERE "
                + a.get("data-where");
        String what =
            a.get("data-table") + "." + a.get("data-column") + " where " + a.get("data-where");
        if (!a.get("data-column").contains("(")) {
          assertEquals(List.of("1"), db.rows("SELECT count(*)" + from), what + " names one row");
        }
        Object actual = single(db, "SELECT " + a.get("data-column") + from);
        if (value.isEmpty()) {
          assertNull(actual, what);
          assertEquals("n/a", shown, what);
        } else {
          assertEquals(
              normal(actual),
              normal(actual instanceof Double ? Double.valueOf(value) : value),
              what);
          assertEquals(written(a.get("data-format"), value), shown, what + " as shown");
        }
        checked++;
      }
      for (Map.Entry<String, Double> parts : partSums.entrySet()) {
        String index =
            db.rows(
                    "SELECT micromanagement_index FROM read_parquet('"
                        + output.resolve("manager_scorecard").resolve("snapshot_date=" + date)
                        + "/*.parquet') WHERE manager_id = '"
                        + parts.getKey()
                        + "'")
                .get(0);
        String who = "the parts of " + parts.getKey() + "'s index";
        assertEquals(Double.parseDouble(index), parts.getValue(), 1e-9, who);
        assertEquals(
            written("index", index), partShown.get(parts.getKey()).toString(), who + " as shown");
      }
    }
    return checked;
  }

  private static Object single(DuckDb db, String sql) throws Exception {
    try (Statement s = db.connection().createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      Object o = rs.getObject(1);
      assertFalse(rs.next(), sql);
      return o;
    }
  }

  /** A value as text both sides can agree on: doubles exactly, other numbers by value, dates. */
  private static String normal(Object v) {
    assertTrue(v != null, "a value where the table has null");
    if (v instanceof Double d) {
      return Double.toString(d);
    }
    String s = v.toString();
    if (v instanceof Number || s.matches("-?[0-9]+(\\.[0-9]+)?")) {
      return new BigDecimal(s).stripTrailingZeros().toPlainString();
    }
    return s.length() > 10 && s.charAt(4) == '-' ? s.substring(0, 10) : s;
  }

  /** How the report must write {@code value} in {@code format}: the rules of the README. */
  private static String written(String format, String value) {
    if (format.equals("date")) {
      return value;
    }
    BigDecimal v = new BigDecimal(value);
    return switch (format) {
      case "int" -> group(v);
      case "money" -> "$" + group(v);
      case "index", "days" -> signed(v.setScale(0, RoundingMode.HALF_UP), "");
      case "hours" -> {
        long minutes =
            v.multiply(BigDecimal.valueOf(60)).setScale(0, RoundingMode.HALF_UP).longValue();
        yield minutes < 60 ? minutes + " min" : v.setScale(1, RoundingMode.HALF_UP) + " h";
      }
      case "pct" -> {
        BigDecimal p = v.scaleByPowerOfTen(2).setScale(0, RoundingMode.HALF_UP);
        yield p.signum() == 0 && v.signum() > 0 ? "<1%" : signed(p, "") + "%";
      }
      case "points" -> signed(v.scaleByPowerOfTen(2).setScale(0, RoundingMode.HALF_UP), "+");
      case "abs_points" ->
          v.abs().scaleByPowerOfTen(2).setScale(0, RoundingMode.HALF_UP).toPlainString();
      case "slope" -> signed(v.scaleByPowerOfTen(2).setScale(1, RoundingMode.HALF_UP), "+");
      case "p" -> {
        BigDecimal p = v.setScale(3, RoundingMode.HALF_UP);
        yield p.signum() == 0 ? "<0.001" : p.toPlainString();
      }
      case "ratio" -> signed(v.setScale(1, RoundingMode.HALF_UP), "");
      case "months" ->
          signed(
              v.multiply(BigDecimal.valueOf(12))
                  .divide(new BigDecimal("365.25"), 0, RoundingMode.HALF_UP),
              "");
      case "smd" -> signed(v.setScale(2, RoundingMode.HALF_UP), "+");
      default -> throw new AssertionError("unknown format " + format);
    };
  }

  private static String signed(BigDecimal v, String plus) {
    if (v.signum() == 0) {
      return v.abs().toPlainString();
    }
    return (v.signum() < 0 ? "\u2212" : plus) + v.abs().toPlainString();
  }

  private static String group(BigDecimal v) {
    String s =
        new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US))
            .format(v.setScale(0, RoundingMode.HALF_UP).abs());
    return (v.signum() < 0 ? "\u2212" : "") + s;
  }

  private static String unescape(String s) {
    return s.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
