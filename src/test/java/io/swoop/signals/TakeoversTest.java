package io.swoop.signals;

import static io.swoop.signals.Fixture.assertRows;
import static io.swoop.signals.Fixture.at;
import static io.swoop.signals.Fixture.money;
import static io.swoop.signals.Fixture.opp;
import static io.swoop.signals.Fixture.user;
import static io.swoop.signals.Fixture.user15;

import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of CONTRACT §3 {@code deal_takeovers}. The org: vp ← mgr ← rep1, rep2 (mgr
 * manages rep1 and rep2, vp manages mgr); ghost (not a user) ← mgr2 ← rep3; c1 and c2 manage each
 * other. Deals are in Prospecting (10) from 2024-01-01 and Negotiation (80) from 2024-03-01 09:00.
 */
class TakeoversTest extends SignalsTestBase {
  private static final SwoopConfig DEFAULTS = SwoopConfig.defaults();

  private static Fixture org() {
    return new Fixture()
        .user("vp", null)
        .user("mgr", "vp")
        .user("rep1", "mgr")
        .user("rep2", "mgr")
        .user("mgr2", "ghost")
        .user("rep3", "mgr2")
        .user("c1", "c2")
        .user("c2", "c1");
  }

  private static Dataset<Row> takeovers(Fixture f, SwoopConfig config) {
    CanonicalModel m = f.model(spark, "2024-12-31");
    Dataset<Row> changes = OwnerChanges.from(m.opportunityFieldHistory());
    return Takeovers.compute(
        changes,
        m.opportunityHistory(),
        m.opportunities(),
        ManagerHistory.of(m.users(), m.userHistory()),
        RepTenure.all(m.users(), m.snapshotDate(), config.terminationDateField() != null),
        config);
  }

  /** A takeover in Negotiation (80), amount 1000, deal still open, never returned. */
  private static Row takeover(String deal, String at, String from, String to, int levels) {
    return row(
        opp(deal),
        at(at),
        user(from),
        user(to),
        levels,
        "Negotiation",
        80.0,
        money("1000.00"),
        "open",
        null);
  }

  @Test
  void lateStageReassignmentToTheDirectManagerIsATakeover() {
    Fixture f = org().openDeal("d1", "mgr").lateFromMarch("d1");
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep1", "mgr");
    assertRows(
        List.of(takeover("d1", "2024-03-05T10:00:00", "rep1", "mgr", 1)), takeovers(f, DEFAULTS));
  }

  @Test
  void reassignmentToAPeerIsNotATakeover() {
    Fixture f = org().openDeal("d1", "rep2").lateFromMarch("d1");
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep1", "rep2");
    assertRows(List.of(), takeovers(f, DEFAULTS));
  }

  @Test
  void reassignmentToTheManagerWhileTheDealIsEarlyIsNotATakeover() {
    Fixture f = org().openDeal("d1", "mgr").lateFromMarch("d1");
    f.ownerChange("d1", "2024-02-01T10:00:00", "rep1", "mgr");
    assertRows(List.of(), takeovers(f, DEFAULTS));
  }

  @Test
  void reassignmentBeforeAnyStageHistoryIsNotATakeover() {
    Fixture f = org().openDeal("d1", "mgr").lateFromMarch("d1");
    f.ownerChange("d1", "2023-12-31T23:59:59", "rep1", "mgr");
    assertRows(List.of(), takeovers(f, DEFAULTS));
  }

  @Test
  void reassignmentAfterTheDealClosedIsNotATakeover() {
    Fixture f =
        org()
            .deal("d1", "mgr", "Closed Won", 100, "1000.00", "2024-03-10", true, true)
            .lateFromMarch("d1")
            .stage("d1", "2024-03-10T12:00:00", "Closed Won", 100);
    f.ownerChange("d1", "2024-03-15T10:00:00", "rep1", "mgr");
    assertRows(List.of(), takeovers(f, DEFAULTS));
  }

  @Test
  void reassignmentDownTheChainIsNotATakeover() {
    Fixture f = org().openDeal("d1", "rep1").lateFromMarch("d1");
    f.ownerChange("d1", "2024-03-05T10:00:00", "mgr", "rep1");
    assertRows(List.of(), takeovers(f, DEFAULTS));
  }

  @Test
  void reassignmentToTheManagersManagerIsATakeoverTwoLevelsUp() {
    Fixture f = org().openDeal("d1", "vp").lateFromMarch("d1");
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep1", "vp");
    assertRows(
        List.of(takeover("d1", "2024-03-05T10:00:00", "rep1", "vp", 2)), takeovers(f, DEFAULTS));
  }

  @Test
  void takeoverBeyondMaxLevelsIsNotATakeover() {
    Fixture f = org().openDeal("d1", "vp").lateFromMarch("d1");
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep1", "vp");
    assertRows(List.of(), takeovers(f, SwoopConfig.from(Map.of("takeover.max_levels", "1"))));
  }

  @Test
  void aDealThatComesBackHasReturnedAtTheFirstChangeBackToTheRep() {
    Fixture f =
        org()
            .deal("d1", "rep1", "Closed Won", 100, "1500.00", "2024-04-30", true, true)
            .lateFromMarch("d1")
            .stage("d1", "2024-03-04T08:00:00", "Negotiation", 85, "1200.00", null)
            .stage("d1", "2024-04-30T12:00:00", "Closed Won", 100, "1500.00", null);
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep1", "mgr")
        .ownerChange("d1", "2024-03-06T10:00:00", "mgr", "rep2")
        .ownerChange("d1", "2024-03-07T10:00:00", "rep2", "rep1")
        .ownerChange("d1", "2024-03-20T10:00:00", "rep1", "rep2");
    assertRows(
        List.of(
            row(
                opp("d1"),
                at("2024-03-05T10:00:00"),
                user("rep1"),
                user("mgr"),
                1,
                "Negotiation",
                85.0,
                money("1200.00"),
                "won",
                at("2024-03-07T10:00:00"))),
        takeovers(f, DEFAULTS));
  }

  @Test
  void outcomeIsLostForAClosedDealThatWasNotWon() {
    Fixture f =
        org()
            .deal("d1", "mgr", "Closed Lost", 0, "1000.00", "2024-04-30", true, false)
            .lateFromMarch("d1");
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep1", "mgr");
    assertRows(
        List.of(
            row(
                opp("d1"),
                at("2024-03-05T10:00:00"),
                user("rep1"),
                user("mgr"),
                1,
                "Negotiation",
                80.0,
                money("1000.00"),
                "lost",
                null)),
        takeovers(f, DEFAULTS));
  }

  @Test
  void handOverByARepWhoLeavesWithinDepartureDaysIsNotATakeover() {
    Fixture f =
        org()
            // left 30 days after the change (the limit): a hand-over
            .user("leaver", "mgr", false, "2020-01-01T00:00:00", "2024-04-04T18:00:00", null, null)
            // left 31 days after: still a takeover
            .user("stayer", "mgr", false, "2020-01-01T00:00:00", "2024-04-05T09:00:00", null, null)
            // had already left: a hand-over
            .user("gone", "mgr", false, "2020-01-01T00:00:00", "2024-02-01T09:00:00", null, null);
    for (String d : List.of("d1", "d2", "d3")) {
      f.openDeal(d, "mgr").lateFromMarch(d);
    }
    f.ownerChange("d1", "2024-03-05T10:00:00", "leaver", "mgr")
        .ownerChange("d2", "2024-03-05T10:00:00", "stayer", "mgr")
        .ownerChange("d3", "2024-03-05T10:00:00", "gone", "mgr");
    assertRows(
        List.of(takeover("d2", "2024-03-05T10:00:00", "stayer", "mgr", 1)), takeovers(f, DEFAULTS));
  }

  @Test
  void handOverUsesTheConfiguredTerminationDate() {
    Fixture f = org().user("leaver", "mgr", true, "2020-01-01T00:00:00", null, null, "2024-03-20");
    f.openDeal("d1", "mgr").lateFromMarch("d1");
    f.ownerChange("d1", "2024-03-05T10:00:00", "leaver", "mgr");
    assertRows(
        List.of(),
        takeovers(f, SwoopConfig.from(Map.of(SwoopConfig.TERMINATION_DATE_FIELD, "Left_On__c"))));
  }

  @Test
  void bulkReassignmentOfMoreThanBulkMinDealsInOneMinuteIsNotATakeover() {
    Fixture f = org();
    for (int i = 1; i <= 11; i++) {
      String d = "bulk" + i;
      f.openDeal(d, "mgr").lateFromMarch(d);
      // all within 10:00 UTC, seconds apart
      f.ownerChange(d, String.format("2024-03-05T10:00:%02d", i * 5), "rep1", "mgr");
    }
    assertRows(List.of(), takeovers(f, DEFAULTS));
  }

  @Test
  void tenDealsInOneMinuteAreStillTakeovers() {
    Fixture f = org();
    java.util.List<Row> expected = new java.util.ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      String d = "bulk" + i;
      String t = String.format("2024-03-05T10:00:%02d", i * 5);
      f.openDeal(d, "mgr").lateFromMarch(d);
      f.ownerChange(d, t, "rep1", "mgr");
      expected.add(takeover(d, t, "rep1", "mgr", 1));
    }
    // An eleventh deal in the same minute but early: bulk counts every change, late or not.
    assertRows(expected, takeovers(f, DEFAULTS));
    f.openDeal("early", "mgr").stage("early", "2024-01-01T00:00:00", "Prospecting", 10);
    f.ownerChange("early", "2024-03-05T10:00:59", "rep1", "mgr");
    assertRows(List.of(), takeovers(f, DEFAULTS));
  }

  @Test
  void nameRowsOfOwnerChangesAreIgnored() {
    Fixture f = org().openDeal("d1", "mgr").lateFromMarch("d1");
    f.openDeal("d2", "mgr").lateFromMarch("d2");
    // Names that happen to look like Ids: DataType says they are names.
    f.fieldRow("d1", "2024-03-05T10:00:00", "Alexanderjohnso", "Christopherjone", "Text");
    // No DataType column: names with spaces are not Ids.
    f.fieldRow("d2", "2024-03-05T10:00:00", "User rep1", "User mgr", null);
    // No DataType, but both values are Ids: an Id row.
    f.openDeal("d3", "mgr").lateFromMarch("d3");
    f.fieldRow("d3", "2024-03-05T10:00:00", user("rep1"), user("mgr"), null);
    assertRows(
        List.of(takeover("d3", "2024-03-05T10:00:00", "rep1", "mgr", 1)), takeovers(f, DEFAULTS));
  }

  @Test
  void ownerChangeInTheSameSecondAsAStageChangeSeesTheNewStage() {
    // d1: both written at 10:00:00, so the late stage is in force (CreatedDate <= t).
    // d2: the stage row is 300 ms after the change, so the early stage is still in force.
    Fixture f =
        org()
            .openDeal("d1", "mgr")
            .stage("d1", "2024-01-01T00:00:00", "Prospecting", 10)
            .stage("d1", "2024-03-05T10:00:00", "Negotiation", 80);
    f.openDeal("d2", "mgr")
        .stage("d2", "2024-01-01T00:00:00", "Prospecting", 10)
        .stage("d2", "2024-03-05T10:00:00.400", "Negotiation", 80);
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep1", "mgr");
    f.ownerChange("d2", "2024-03-05T10:00:00.100", "rep1", "mgr");
    assertRows(
        List.of(takeover("d1", "2024-03-05T10:00:00", "rep1", "mgr", 1)), takeovers(f, DEFAULTS));
  }

  @Test
  void stageRowsWrittenAtTheSameInstantAreOrderedByHistoryId() {
    // Both rows at 09:00:00 without SystemModstamp: the later Id (Negotiation) is in force.
    Fixture f =
        org()
            .openDeal("d1", "mgr")
            .stage("d1", "2024-03-01T09:00:00", "Prospecting", 10)
            .stage("d1", "2024-03-01T09:00:00", "Negotiation", 80);
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep1", "mgr");
    assertRows(
        List.of(takeover("d1", "2024-03-05T10:00:00", "rep1", "mgr", 1)), takeovers(f, DEFAULTS));
  }

  @Test
  void lateProbabilityIsInclusiveAndOneHundredIsNotLate() {
    Fixture f = org();
    f.openDeal("d70", "mgr").stage("d70", "2024-03-01T09:00:00", "Proposal", 70);
    f.openDeal("d100", "mgr").stage("d100", "2024-03-01T09:00:00", "Verbal", 100);
    f.openDeal("d69", "mgr").stage("d69", "2024-03-01T09:00:00", "Proposal", 69.9);
    f.ownerChange("d70", "2024-03-05T10:00:00", "rep1", "mgr")
        .ownerChange("d100", "2024-03-05T10:00:00", "rep1", "mgr")
        .ownerChange("d69", "2024-03-05T10:00:00", "rep1", "mgr");
    assertRows(
        List.of(
            row(
                opp("d70"),
                at("2024-03-05T10:00:00"),
                user("rep1"),
                user("mgr"),
                1,
                "Proposal",
                70.0,
                money("1000.00"),
                "open",
                null)),
        takeovers(f, DEFAULTS));
  }

  @Test
  void managerWhoseOwnManagerIsMissingStillTakesOverAtLevelOne() {
    Fixture f = org().openDeal("d1", "mgr2").lateFromMarch("d1");
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep3", "mgr2");
    assertRows(
        List.of(takeover("d1", "2024-03-05T10:00:00", "rep3", "mgr2", 1)), takeovers(f, DEFAULTS));
  }

  @Test
  void aCycleInManagerIdTerminates() {
    Fixture f = org().openDeal("d1", "c2").lateFromMarch("d1");
    f.ownerChange("d1", "2024-03-05T10:00:00", "c1", "c2");
    assertRows(
        List.of(takeover("d1", "2024-03-05T10:00:00", "c1", "c2", 1)),
        takeovers(f, SwoopConfig.from(Map.of("takeover.max_levels", "6"))));
  }

  @Test
  void lateStagesListReplacesTheProbabilityRule() {
    SwoopConfig config = SwoopConfig.from(Map.of("takeover.late_stages", "Proposal, Commit"));
    Fixture f = org();
    f.openDeal("proposal", "mgr").stage("proposal", "2024-03-01T09:00:00", " proposal ", 40);
    f.openDeal("negotiation", "mgr").lateFromMarch("negotiation");
    f.ownerChange("proposal", "2024-03-05T10:00:00", "rep1", "mgr")
        .ownerChange("negotiation", "2024-03-05T10:00:00", "rep1", "mgr");
    assertRows(
        List.of(
            row(
                opp("proposal"),
                at("2024-03-05T10:00:00"),
                user("rep1"),
                user("mgr"),
                1,
                " proposal ",
                40.0,
                money("1000.00"),
                "open",
                null)),
        takeovers(f, config));
  }

  @Test
  void fifteenCharacterIdsInFieldHistoryAreNormalised() {
    Fixture f = org().openDeal("d1", "mgr").lateFromMarch("d1");
    f.fieldRow("d1", "2024-03-05T10:00:00", user15("rep1"), user15("mgr"), "EntityId");
    assertRows(
        List.of(takeover("d1", "2024-03-05T10:00:00", "rep1", "mgr", 1)), takeovers(f, DEFAULTS));
  }

  @Test
  void aDealMissingFromOpportunityHasNoTakeoverRow() {
    Fixture f = org().lateFromMarch("gone");
    f.ownerChange("gone", "2024-03-05T10:00:00", "rep1", "mgr");
    assertRows(List.of(), takeovers(f, DEFAULTS));
  }
}
