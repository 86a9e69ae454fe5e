package io.swoop.signals;

import static io.swoop.signals.Fixture.assertRows;
import static io.swoop.signals.Fixture.day;
import static io.swoop.signals.Fixture.money;
import static io.swoop.signals.Fixture.opp;
import static io.swoop.signals.Fixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ColumnNames;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 {@code win_rates} and its credited rep. The org: vp ← mgr ← rep1, rep2; solo has no
 * manager.
 */
class WinRatesTest extends SignalsTestBase {

  private static Fixture org() {
    return new Fixture()
        .user("vp", null)
        .user("mgr", "vp")
        .user("rep1", "mgr")
        .user("rep2", "mgr")
        .user("solo", null);
  }

  /** A deal closed on {@code closeDate} (Prospecting from 2024-01-01, closed at noon that day). */
  private static Fixture closed(
      Fixture f, String deal, String owner, boolean won, String amount, String closeDate) {
    String stage = won ? "Closed Won" : "Closed Lost";
    double probability = won ? 100 : 0;
    f.deal(deal, owner, stage, probability, amount, closeDate, true, won)
        .stage(deal, "2024-01-01T00:00:00", "Prospecting", 10);
    if (closeDate != null) {
      f.stage(deal, closeDate + "T12:00:00", stage, probability, amount, null);
    }
    return f;
  }

  private static Dataset<Row> credited(CanonicalModel m) {
    SwoopConfig config = SwoopConfig.defaults();
    Dataset<Row> changes = OwnerChanges.from(m.opportunityFieldHistory());
    Dataset<Row> takeovers =
        Takeovers.compute(
            changes,
            m.opportunityHistory(),
            m.opportunities(),
            ManagerHistory.of(m.users(), m.userHistory()),
            RepTenure.all(m.users(), m.snapshotDate()),
            config);
    return CreditedReps.of(m.opportunities(), changes, takeovers);
  }

  private static Dataset<Row> creditedReps(Fixture f) {
    return credited(f.model(spark, "2024-12-31"))
        .select(ColumnNames.OPPORTUNITY_ID, ColumnNames.CREDITED_REP_ID);
  }

  private static Dataset<Row> winRates(Fixture f) {
    CanonicalModel m = f.model(spark, "2024-12-31");
    return WinRates.compute(credited(m), ManagerHistory.of(m.users(), m.userHistory()));
  }

  private static Row credit(String deal, String rep) {
    return row(opp(deal), user(rep));
  }

  @Test
  void aTakenOverDealIsCreditedToTheRepOfItsEarliestTakeover() {
    Fixture f =
        org()
            .deal("t1", "mgr", "Closed Won", 100, "500.00", "2024-03-20", true, true)
            .lateFromMarch("t1");
    f.ownerChange("t1", "2024-03-05T10:00:00", "rep2", "mgr")
        .ownerChange("t1", "2024-03-06T10:00:00", "mgr", "rep1")
        .ownerChange("t1", "2024-03-07T10:00:00", "rep1", "mgr");
    f.openDeal("o1", "mgr").lateFromMarch("o1");
    f.ownerChange("o1", "2024-03-05T10:00:00", "rep1", "mgr");
    assertRows(List.of(credit("t1", "rep2"), credit("o1", "rep1")), creditedReps(f));
  }

  @Test
  void aClosedDealIsCreditedToItsOwnerAtClose() {
    Fixture f = closed(org(), "a2", "mgr", false, "100.00", "2024-05-15");
    f.ownerChange("a2", "2024-04-10T10:00:00", "rep2", "rep1")
        .ownerChange("a2", "2024-07-01T10:00:00", "rep1", "mgr");
    assertRows(List.of(credit("a2", "rep1")), creditedReps(f));
  }

  @Test
  void aChangeUntilTheLastMillisecondOfTheCloseDateCountsAsBeforeClose() {
    Fixture f = closed(org(), "onday", "rep1", true, "100.00", "2024-05-20");
    f.ownerChange("onday", "2024-05-20T23:59:59.999", "rep2", "rep1");
    closed(f, "nextday", "rep1", true, "100.00", "2024-05-20");
    f.ownerChange("nextday", "2024-05-21T00:00:00", "rep2", "rep1");
    assertRows(List.of(credit("onday", "rep1"), credit("nextday", "rep2")), creditedReps(f));
  }

  @Test
  void dealsReassignedAfterTheyClosedStayWithTheRepWhoWorkedThem() {
    Fixture f = closed(org(), "a1", "mgr", true, "200.00", "2024-05-01");
    f.ownerChange("a1", "2024-06-01T10:00:00", "rep1", "rep2")
        .ownerChange("a1", "2024-06-02T10:00:00", "rep2", "mgr");
    assertRows(List.of(credit("a1", "rep1")), creditedReps(f));
  }

  @Test
  void anOpenOrNeverReassignedDealIsCreditedToItsCurrentOwner() {
    Fixture f = org().openDeal("o1", "rep2").lateFromMarch("o1");
    f.ownerChange("o1", "2024-03-05T10:00:00", "rep1", "rep2");
    closed(f, "c1", "solo", true, "100.00", "2024-05-01");
    assertRows(List.of(credit("o1", "rep2"), credit("c1", "solo")), creditedReps(f));
  }

  @Test
  void winRatesCountClosedDealsPerRepManagerAndOrgByQuarterOfCloseDate() {
    Fixture f = org();
    closed(f, "w1", "rep1", true, "100.00", "2024-02-10");
    closed(f, "l1", "rep1", false, "900.00", "2024-03-31");
    f.deal("t1", "mgr", "Closed Won", 100, "500.00", "2024-03-20", true, true).lateFromMarch("t1");
    f.ownerChange("t1", "2024-03-05T10:00:00", "rep2", "mgr");
    closed(f, "a1", "rep2", true, "200.00", "2024-05-01");
    f.ownerChange("a1", "2024-06-01T10:00:00", "rep1", "rep2");
    closed(f, "a2", "rep1", false, "300.00", "2024-06-30");
    closed(f, "s1", "solo", true, "50.00", "2024-04-01");
    closed(f, "nodate", "rep1", true, "70.00", null);
    f.openDeal("open", "rep1").lateFromMarch("open");
    Dataset<Row> rates =
        winRates(f)
            .select(
                ColumnNames.LEVEL,
                ColumnNames.ENTITY_ID,
                ColumnNames.PERIOD_START,
                ColumnNames.WON,
                ColumnNames.LOST,
                ColumnNames.WIN_RATE,
                ColumnNames.BOOKINGS);
    assertRows(
        List.of(
            row("rep", user("rep1"), day("2024-01-01"), 1L, 1L, 0.5, money("100.00")),
            row("rep", user("rep2"), day("2024-01-01"), 1L, 0L, 1.0, money("500.00")),
            row("manager", user("mgr"), day("2024-01-01"), 2L, 1L, 2.0 / 3, money("600.00")),
            row("org", null, day("2024-01-01"), 2L, 1L, 2.0 / 3, money("600.00")),
            row("rep", user("rep1"), day("2024-04-01"), 1L, 1L, 0.5, money("200.00")),
            row("rep", user("solo"), day("2024-04-01"), 1L, 0L, 1.0, money("50.00")),
            row("manager", user("mgr"), day("2024-04-01"), 1L, 1L, 0.5, money("200.00")),
            row("org", null, day("2024-04-01"), 2L, 1L, 2.0 / 3, money("250.00"))),
        rates);
  }

  @Test
  void wilsonBoundsMatchTheTextbook() {
    Fixture f = org();
    for (int i = 0; i < 10; i++) {
      closed(f, "r1d" + i, "rep1", i < 8, "10.00", "2024-08-15");
    }
    for (int i = 0; i < 5; i++) {
      closed(f, "r2d" + i, "rep2", false, "10.00", "2024-08-15");
    }
    List<Row> reps =
        winRates(f).filter("level = 'rep'").orderBy(ColumnNames.ENTITY_ID).collectAsList();
    // 8 of 10, z = 1.959964: p = 0.8, z²/n = 0.384146, centre = (0.8 + 0.192073) / 1.384146
    // = 0.716740, half width = z·sqrt(0.016 + 0.0096036) / 1.384146 = 0.226578:
    // [0.490162, 0.943318] (Newcombe 1998, and scipy's binomtest(8, 10).proportion_ci('wilson')).
    Row rep1 = reps.get(0);
    assertEquals(user("rep1"), rep1.getString(1));
    assertEquals(0.8, rep1.getDouble(5), 1e-12);
    assertEquals(0.490162, rep1.getDouble(6), 1e-6);
    assertEquals(0.943318, rep1.getDouble(7), 1e-6);
    // 0 of 5: p = 0, lower bound 0, upper = z²/n / (1 + z²/n) = 0.768292 / 1.768292 = 0.434482.
    Row rep2 = reps.get(1);
    assertEquals(0.0, rep2.getDouble(5), 1e-12);
    assertEquals(0.0, rep2.getDouble(6), 1e-12);
    assertEquals(0.434482, rep2.getDouble(7), 1e-6);
    assertEquals(money("0.00"), rep2.getDecimal(8), "bookings without a won deal");
  }
}
