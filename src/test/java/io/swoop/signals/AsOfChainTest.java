package io.swoop.signals;

import static io.swoop.signals.Fixture.assertRows;
import static io.swoop.signals.Fixture.at;
import static io.swoop.signals.Fixture.day;
import static io.swoop.signals.Fixture.money;
import static io.swoop.signals.Fixture.opp;
import static io.swoop.signals.Fixture.user;
import static org.apache.spark.sql.functions.col;

import io.swoop.config.SwoopConfig;
import io.swoop.model.OutputTables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Every signal names managers as of a moment (CONTRACT §2.1). One org where the chain as of the
 * moment and today's chain disagree, as of 2024-12-31 (window 2024-01-02 to 2024-12-31):
 *
 * <ul>
 *   <li>boss ← a, b; rep worked for a until 2024-05-01 09:00, then for b (today's ManagerId);
 *   <li>leaver worked for a, was deactivated on 2024-08-01; an admin set their manager to b on
 *       2024-10-01 (their LastModifiedDate, and today's ManagerId);
 *   <li>d1: rep's, late from March, taken by a on 2024-04-10 (a was rep's manager then), open;
 *   <li>d2: rep's, late from March, moved to b on 2024-04-10 (a peer manager then), open;
 *   <li>d3: rep's, won 2024-03-15 (never late); d5: rep's, late from March, lost 2024-04-20;
 *   <li>one-to-ones of b with rep on 2024-04-20 (30 min, before the move) and 2024-08-01 (45 min).
 * </ul>
 *
 * Each test also runs the same org without UserHistory, where today's chain holds at every moment,
 * to show the two answers differ.
 */
class AsOfChainTest extends SignalsTestBase {

  private static Fixture org(boolean withHistory) {
    Fixture f =
        new Fixture()
            .user("boss", null)
            .user("a", "boss")
            .user("b", "boss")
            .user("rep", "b")
            .user("leaver", "b", false, "2020-01-01T00:00:00", "2024-10-01T10:00:00", null, null)
            .withEventRelations();
    if (withHistory) {
      f.managerChange("rep", "2024-05-01T09:00:00", "a", "b")
          .deactivated("leaver", "2024-08-01T10:00:00")
          .managerChange("leaver", "2024-10-01T10:00:00", "a", "b");
    }
    f.openDeal("d1", "a").lateFromMarch("d1").ownerChange("d1", "2024-04-10T10:00:00", "rep", "a");
    f.openDeal("d2", "b").lateFromMarch("d2").ownerChange("d2", "2024-04-10T10:00:00", "rep", "b");
    f.deal("d3", "rep", "Closed Won", 100, "500.00", "2024-03-15", true, true)
        .stage("d3", "2024-01-01T00:00:00", "Prospecting", 10)
        .stage("d3", "2024-03-15T12:00:00", "Closed Won", 100, "500.00", null);
    f.deal("d4", "leaver", "Prospecting", 10, "100.00", "2025-03-01", false, false);
    f.deal("d5", "rep", "Closed Lost", 0, "1000.00", "2024-04-20", true, false)
        .lateFromMarch("d5")
        .stage("d5", "2024-04-20T12:00:00", "Closed Lost", 0, "1000.00", null);
    f.meeting("m1", "b", "2024-04-20", "duration_in_minutes", 30.0).relation("m1", user("rep"));
    f.meeting("m2", "b", "2024-08-01", "duration_in_minutes", 45.0).relation("m2", user("rep"));
    return f;
  }

  private static final Map<Boolean, Map<String, Dataset<Row>>> TABLES = new HashMap<>();

  /** The org's tables, computed once per class (intermediates checkpointed, as the job does). */
  private static Map<String, Dataset<Row>> tables(boolean withHistory) {
    return TABLES.computeIfAbsent(
        withHistory,
        h ->
            Signals.compute(
                org(h).model(spark, "2024-12-31"),
                SwoopConfig.defaults(),
                (name, ds) -> ds.localCheckpoint(true)));
  }

  @Test
  void aTakeoverByTheFormerManagerIsFoundAndAMoveToAPeerIsNot() {
    Row d1ByA =
        row(
            opp("d1"),
            at("2024-04-10T10:00:00"),
            user("rep"),
            user("a"),
            1,
            "Negotiation",
            80.0,
            money("1000.00"),
            "open",
            null);
    assertRows(List.of(d1ByA), tables(true).get(OutputTables.DEAL_TAKEOVERS));
    // Today's chain (rep -> b -> boss) misses a's takeover and calls the move to b one.
    assertRows(
        List.of(
            row(
                opp("d2"),
                at("2024-04-10T10:00:00"),
                user("rep"),
                user("b"),
                1,
                "Negotiation",
                80.0,
                money("1000.00"),
                "open",
                null)),
        tables(false).get(OutputTables.DEAL_TAKEOVERS));
  }

  @Test
  void dealsClosedBeforeAMoveAreCreditedToTheOldManager() {
    Dataset<Row> managerRows =
        tables(true)
            .get(OutputTables.WIN_RATES)
            .filter(col("level").equalTo("manager"))
            .select("entity_id", "period_start", "won", "lost");
    assertRows(
        List.of(
            row(user("a"), day("2024-01-01"), 1L, 0L), row(user("a"), day("2024-04-01"), 0L, 1L)),
        managerRows);
    assertRows(
        List.of(
            row(user("b"), day("2024-01-01"), 1L, 0L), row(user("b"), day("2024-04-01"), 0L, 1L)),
        tables(false)
            .get(OutputTables.WIN_RATES)
            .filter(col("level").equalTo("manager"))
            .select("entity_id", "period_start", "won", "lost"));
  }

  @Test
  void aDepartureCountsAgainstTheManagerAtTheTimeAndIsDatedByTheDeactivation() {
    assertRows(
        List.of(row(user("a"), day("2024-08-01"), false)),
        tables(true)
            .get(OutputTables.REP_TENURE)
            .filter(col("user_id").equalTo(user("leaver")))
            .select("manager_id", "end_date", "is_active"));
    assertRows(
        List.of(row(user("b"), day("2024-10-01"), false)),
        tables(false)
            .get(OutputTables.REP_TENURE)
            .filter(col("user_id").equalTo(user("leaver")))
            .select("manager_id", "end_date", "is_active"));
  }

  @Test
  void theScorecardCountsTeamsTreesAttritionAndTeamWinRatesAsOfTheirMoments() {
    // a: no active report; leaver left while reporting to a; d5 closed in a's tree; d3 and d5
    // closed while rep reported to a; a took d1. b: rep at the snapshot; d1 (open) in b's tree.
    assertRows(
        List.of(
            row(user("a"), 0L, 1.0, 1L, 1L, 0.5),
            row(user("b"), 1L, 0.0, 1L, 0L, null),
            row(user("boss"), 2L, 0.0, 3L, 0L, null)),
        tables(true)
            .get(OutputTables.MANAGER_SCORECARD)
            .select(
                "manager_id",
                "team_size",
                "attrition_rate",
                "late_stage_deals",
                "takeovers",
                "team_win_rate"));
    // Today's chain: a manages no one; b has rep and leaver (left 2024-10-01); d1, not a
    // takeover, is credited to its owner a (boss's tree); b's takeover of d2 credits it to rep,
    // so d2 and d5 are in b's tree.
    assertRows(
        List.of(row(user("b"), 1L, 0.5, 2L, 1L, 0.5), row(user("boss"), 2L, 0.0, 3L, 0L, null)),
        tables(false)
            .get(OutputTables.MANAGER_SCORECARD)
            .select(
                "manager_id",
                "team_size",
                "attrition_rate",
                "late_stage_deals",
                "takeovers",
                "team_win_rate"));
  }

  @Test
  void coachingWeeksAndOneToOnesCountOnlyTheDaysTheRepReportedToTheManager() {
    // b from the end of 2024-05-01 to 2024-12-31: 245 days = 35 weeks; only the 08-01 meeting.
    assertRows(
        List.of(row(user("b"), user("rep"), 1L, 45L, 35.0, 0.75 / 35.0, day("2024-08-01"))),
        tables(true).get(OutputTables.COACHING).filter(col("rep_id").equalTo(user("rep"))));
    assertRows(
        List.of(
            row(user("b"), user("rep"), 2L, 75L, 365 / 7.0, 1.25 / (365 / 7.0), day("2024-08-01"))),
        tables(false).get(OutputTables.COACHING).filter(col("rep_id").equalTo(user("rep"))));
  }
}
