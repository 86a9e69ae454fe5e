package io.swoop.signals;

import static io.swoop.signals.Fixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swoop.config.SwoopConfig;
import io.swoop.model.ColumnNames;
import io.swoop.model.OutputTables;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 {@code manager_scorecard}, as of 2024-12-31 with the default 365-day window, which
 * (2024 being a leap year) runs from 2024-01-02 to 2024-12-31.
 *
 * <p>The team: boss ← mgr ← r1, r2, r3, r4 (active; 100, 200, 300 and 1000 days of tenure), r5
 * (left 2024-06-30, in the window) and r6 (left 2023-05-01, before it).
 */
class ManagerScorecardTest extends SignalsTestBase {

  private static Fixture team() {
    Fixture f =
        new Fixture()
            .user("boss", null)
            .user("mgr", "boss")
            .user("r1", "mgr", true, "2020-01-01T00:00:00", null, "2024-09-22", null)
            .user("r2", "mgr", true, "2020-01-01T00:00:00", null, "2024-06-14", null)
            .user("r3", "mgr", true, "2020-01-01T00:00:00", null, "2024-03-06", null)
            .user("r4", "mgr", true, "2020-01-01T00:00:00", null, "2022-04-06", null)
            .user("r5", "mgr", false, "2020-01-01T00:00:00", "2024-06-30T10:00:00", null, null)
            .user("r6", "mgr", false, "2020-01-01T00:00:00", "2023-05-01T10:00:00", null, null);
    // dA: r1's, late from March, taken over by mgr, won.
    f.deal("dA", "mgr", "Closed Won", 100, "100.00", "2024-04-01", true, true)
        .stage("dA", "2024-01-15T00:00:00", "Prospecting", 10, "100.00", "r1")
        .stage("dA", "2024-03-01T00:00:00", "Negotiation", 80, "100.00", "r1")
        .stage("dA", "2024-04-01T00:00:00", "Closed Won", 100, "100.00", "mgr")
        .ownerChange("dA", "2024-03-05T10:00:00", "r1", "mgr");
    // dB: r2's, late, lost, never taken over.
    f.deal("dB", "r2", "Closed Lost", 0, "100.00", "2024-05-01", true, false)
        .stage("dB", "2024-01-15T00:00:00", "Prospecting", 10, "100.00", "r2")
        .stage("dB", "2024-03-01T00:00:00", "Negotiation", 80, "100.00", "mgr")
        .stage("dB", "2024-05-01T00:00:00", "Closed Lost", 0, "100.00", "r2");
    // dC: r3's, late, still open.
    f.deal("dC", "r3", "Negotiation", 80, "100.00", "2025-03-01", false, false)
        .stage("dC", "2024-01-15T00:00:00", "Prospecting", 10, "100.00", "r3")
        .stage("dC", "2024-03-01T00:00:00", "Negotiation", 80, "100.00", "r3");
    // dD: r4's, never late.
    f.deal("dD", "r4", "Prospecting", 10, "100.00", "2025-03-01", false, false)
        .stage("dD", "2024-01-15T00:00:00", "Prospecting", 10, "100.00", "mgr");
    // dE: r1's, late and won before the window.
    f.deal("dE", "r1", "Closed Won", 100, "100.00", "2023-06-01", true, true)
        .stage("dE", "2023-03-01T00:00:00", "Negotiation", 80, "100.00", "mgr")
        .stage("dE", "2023-06-01T00:00:00", "Closed Won", 100, "100.00", "mgr");
    // dF: r2's, late since before the window until won inside it.
    f.deal("dF", "r2", "Closed Won", 100, "100.00", "2024-02-01", true, true)
        .stage("dF", "2023-12-01T00:00:00", "Negotiation", 80, "100.00", "r2")
        .stage("dF", "2024-02-01T00:00:00", "Closed Won", 100, "100.00", "r2");
    // dG: r4's, lost in the window without ever being late.
    f.deal("dG", "r4", "Closed Lost", 0, "100.00", "2024-07-01", true, false)
        .stage("dG", "2024-01-15T00:00:00", "Prospecting", 10, "100.00", "r4")
        .stage("dG", "2024-07-01T00:00:00", "Closed Lost", 0, "100.00", "r4");
    // Activity on the late-stage deals in the window: 6, of which mgr's 3.
    f.task("dA", "mgr", "2024-03-06")
        .event("dA", "r1", "2024-03-02")
        .task("dA", "mgr", "2024-03-10");
    f.task("dB", "r2", "2024-04-01");
    f.event("dC", "r3", "2024-06-01").task("dC", "mgr", "2024-06-02");
    // Not counted: on a deal that was never late, and before the window.
    f.task("dD", "mgr", "2024-06-02").task("dA", "mgr", "2024-01-01");
    return f;
  }

  private static Map<String, Row> scorecard(Fixture f, SwoopConfig config) {
    var tables =
        Signals.compute(
            f.model(spark, "2024-12-31"), config, (name, ds) -> ds.localCheckpoint(true));
    List<Row> rows = tables.get(OutputTables.MANAGER_SCORECARD).collectAsList();
    return rows.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
  }

  private static Map<String, Row> scorecard(Fixture f) {
    return scorecard(f, SwoopConfig.defaults());
  }

  private static Map<String, Row> teamCard;

  /** The scorecard of the unchanged {@link #team()}, computed once for the tests that read it. */
  private static synchronized Map<String, Row> teamScorecard() {
    if (teamCard == null) {
      teamCard = scorecard(team());
    }
    return teamCard;
  }

  private static Object value(Row r, String column) {
    return r.get(r.fieldIndex(column));
  }

  private static double number(Row r, String column) {
    return ((Number) value(r, column)).doubleValue();
  }

  @Test
  void aTeamsScorecardCountsItsLateStageDealsTakeoversActivityAndEdits() {
    Row mgr = teamScorecard().get(user("mgr"));
    assertEquals("User mgr", value(mgr, ColumnNames.MANAGER_NAME));
    assertEquals(4L, value(mgr, ColumnNames.TEAM_SIZE));
    // dA, dB, dC and dF were late at some moment of the window.
    assertEquals(4L, value(mgr, ColumnNames.LATE_STAGE_DEALS));
    assertEquals(1L, value(mgr, ColumnNames.TAKEOVERS));
    assertEquals(0.25, number(mgr, ColumnNames.TAKEOVER_RATE), 1e-12);
    // taken over: dA won -> 1/1; the rest closed: dB lost, dF won -> 1/2.
    assertEquals(1.0, number(mgr, ColumnNames.TAKEOVER_WIN_RATE), 1e-12);
    assertEquals(0.5, number(mgr, ColumnNames.OTHER_WIN_RATE), 1e-12);
    assertEquals(3.0 / 6, number(mgr, ColumnNames.ACTIVITY_SHARE), 1e-12);
    // History rows in the window on dA, dB, dC, dF: 3 + 3 + 2 + 1 = 9, of which mgr wrote 2.
    assertEquals(2.0 / 9, number(mgr, ColumnNames.EDIT_SHARE), 1e-12);
  }

  @Test
  void medianTenureOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    // Active direct reports: 100, 200, 300, 1000 days -> (200 + 300) / 2.
    assertEquals(
        250.0, number(teamScorecard().get(user("mgr")), ColumnNames.MEDIAN_TENURE_DAYS), 1e-12);
  }

  @Test
  void attritionCountsDirectReportsWhoLeftInTheWindow() {
    // r5 left in the window, r6 before it: 1 / (1 + 4 active).
    assertEquals(0.2, number(teamScorecard().get(user("mgr")), ColumnNames.ATTRITION_RATE), 1e-12);
  }

  @Test
  void teamWinRateCoversEveryDealOfDirectReportsClosedInTheWindow() {
    // dA won (credited to r1), dB lost, dF won, dG lost; dE closed before the window.
    assertEquals(0.5, number(teamScorecard().get(user("mgr")), ColumnNames.TEAM_WIN_RATE), 1e-12);
  }

  @Test
  void teamTrendSlopeIsTheManagersWinRateTrend() {
    // mgr's quarters: 2023-Q2 1/0, 2024-Q1 1/0, 2024-Q2 1/1, 2024-Q3 0/1. numpy lstsq on
    // sqrt(w)-scaled rows: slope -0.17567567567567, p 0.19222 (not declining at alpha 0.10).
    assertEquals(
        -0.17567567567567,
        number(teamScorecard().get(user("mgr")), ColumnNames.TEAM_TREND_SLOPE),
        1e-9);
  }

  @Test
  void ratesWithAnEmptyDenominatorAreNullNeverZero() {
    Fixture f = team().user("lonely", null).user("newbie", "lonely");
    Map<String, Row> card = scorecard(f);
    Row boss = card.get(user("boss"));
    // boss took nothing over: no takeover win rate; no deals credited to mgr: no team win rate.
    assertEquals(0.0, number(boss, ColumnNames.TAKEOVER_RATE), 1e-12);
    assertNull(value(boss, ColumnNames.TAKEOVER_WIN_RATE));
    assertEquals(2.0 / 3, number(boss, ColumnNames.OTHER_WIN_RATE), 1e-12);
    assertEquals(0.0, number(boss, ColumnNames.ACTIVITY_SHARE), 1e-12);
    assertNull(value(boss, ColumnNames.TEAM_WIN_RATE));
    assertNull(value(boss, ColumnNames.TEAM_TREND_SLOPE));
    Row lonely = card.get(user("lonely"));
    assertEquals(1L, value(lonely, ColumnNames.TEAM_SIZE));
    assertEquals(0L, value(lonely, ColumnNames.LATE_STAGE_DEALS));
    assertEquals(0L, value(lonely, ColumnNames.TAKEOVERS));
    for (String c :
        List.of(
            ColumnNames.TAKEOVER_RATE,
            ColumnNames.TAKEOVER_WIN_RATE,
            ColumnNames.OTHER_WIN_RATE,
            ColumnNames.ACTIVITY_SHARE,
            ColumnNames.EDIT_SHARE,
            ColumnNames.TEAM_WIN_RATE,
            ColumnNames.TEAM_TREND_SLOPE)) {
      assertNull(value(lonely, c), c);
    }
    assertEquals(0.0, number(lonely, ColumnNames.ATTRITION_RATE), 1e-12);
    // Only managers: nobody reports to r1, so r1 has no row.
    assertEquals(3, card.size());
  }

  @Test
  void editShareIsNullWhenTheExportHasNoCreatedById() {
    Fixture f = team();
    List<Row> anonymous = new java.util.ArrayList<>();
    int createdBy =
        io.swoop.model.Canonical.schema(io.swoop.model.SfObject.OPPORTUNITY_HISTORY)
            .fieldIndex(ColumnNames.CREATED_BY_ID);
    for (Row r : f.history) {
      Object[] values = new Object[r.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = i == createdBy ? null : r.get(i);
      }
      anonymous.add(row(values));
    }
    f.history.clear();
    f.history.addAll(anonymous);
    Row mgr = scorecard(f).get(user("mgr"));
    assertNull(value(mgr, ColumnNames.EDIT_SHARE));
    assertEquals(0.5, number(mgr, ColumnNames.ACTIVITY_SHARE), 1e-12);
  }

  @Test
  void micromanagementIndexCombinesItsPartsOnFixedScales() {
    // Worked out with scipy: binomtest(1, 4).proportion_ci(0.95, 'wilson').low = 0.0455873;
    // takeovers: log10(0.0455873 / 0.001) / log10(0.10 / 0.001) = 0.8294217.
    // activity_share 0.5 -> 1; edit_share 2/9 -> (2/9 - 0.05) / 0.25 = 0.6888889;
    // attrition 0.2 -> 0 (below 0.25); trend not declining -> 0.
    // 100 × (0.40 × 0.8294217 + 0.20 × 1 + 0.20 × 0.6888889 + 0.10 × 0 + 0.10 × 0) = 66.954648.
    Map<String, Row> card = teamScorecard();
    assertEquals(66.954648, number(card.get(user("mgr")), ColumnNames.MICROMANAGEMENT_INDEX), 1e-5);
    // boss: no takeover of 4 deals, no activity, no edits, no attrition, no trend -> 0.
    assertEquals(0.0, number(card.get(user("boss")), ColumnNames.MICROMANAGEMENT_INDEX), 1e-12);
  }

  @Test
  void aManagersIndexDoesNotMoveWhenAnotherManagerJoins() {
    Fixture f = team().user("other", null).user("o1", "other");
    // other takes over every late deal of o1: a far higher index, and it must not move mgr's.
    for (String d : List.of("x1", "x2")) {
      f.deal(d, "other", "Negotiation", 80, "100.00", "2025-03-01", false, false)
          .stage(d, "2024-03-01T00:00:00", "Negotiation", 80, "100.00", "other")
          .ownerChange(d, "2024-03-05T10:00:00", "o1", "other")
          .task(d, "other", "2024-03-06");
    }
    Map<String, Row> card = scorecard(f);
    // other: 2 takeovers of 2 deals (Wilson low 0.342 >= 0.10), activity 2/2, edits 2/2 -> 1
    // each; attrition 0 -> 0; no trend: 100 × (0.40 + 0.20 + 0.20) / 0.90 = 88.888889.
    assertEquals(
        88.888889, number(card.get(user("other")), ColumnNames.MICROMANAGEMENT_INDEX), 1e-5);
    assertEquals(66.954648, number(card.get(user("mgr")), ColumnNames.MICROMANAGEMENT_INDEX), 1e-5);
  }

  @Test
  void coachingHoursPerRepWeekIsTheMeanOverTheActiveDirectReports() {
    // mgr meets r1 for 2 hours and r2 for 1 hour; r3 and r4 get none. Weeks since the later of
    // 2024-01-02 and their start: r1 (2024-09-22) 101 days, r2 (2024-06-14) 201.
    Fixture f =
        team()
            .meeting("a", "mgr", "2024-10-01", "duration_in_minutes", 120.0)
            .relation("a", user("r1"))
            .meeting("b", "r2", "2024-10-02", "duration_in_minutes", 60.0)
            .relation("b", user("mgr"));
    Row mgr = scorecard(f).get(user("mgr"));
    double expected = (2 / (101 / 7.0) + 1 / (201 / 7.0) + 0 + 0) / 4;
    assertEquals(expected, number(mgr, ColumnNames.COACHING_HOURS_PER_REP_WEEK), 1e-12);
  }

  @Test
  void coachingHoursPerRepWeekIsNullWithoutEventRelationInput() {
    assertNull(value(teamScorecard().get(user("mgr")), ColumnNames.COACHING_HOURS_PER_REP_WEEK));
  }

  @Test
  void coachingHoursPerRepWeekIsNullWithoutAnActiveDirectReport() {
    // "former" manages only someone who left.
    Fixture f =
        team()
            .withEventRelations()
            .user("former", null)
            .user(
                "leaver",
                "former",
                false,
                "2020-01-01T00:00:00",
                "2024-03-01T10:00:00",
                null,
                null);
    Map<String, Row> card = scorecard(f);
    assertNull(value(card.get(user("former")), ColumnNames.COACHING_HOURS_PER_REP_WEEK));
    assertEquals(
        0.0, number(card.get(user("mgr")), ColumnNames.COACHING_HOURS_PER_REP_WEEK), 1e-12);
  }
}
