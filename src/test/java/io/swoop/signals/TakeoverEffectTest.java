package io.swoop.signals;

import static io.swoop.signals.Fixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swoop.config.SwoopConfig;
import io.swoop.model.ColumnNames;
import io.swoop.model.ColumnValues;
import io.swoop.model.OutputTables;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 {@code takeover_effect} on a hand-worked org, with {@code effect.controls} = 2.
 *
 * <p>boss ← mgr ← r1. Every deal is in Negotiation (80) from 2024-03-01 and closes on 2024-04-01,
 * unless said otherwise. Treated deals: t1 (1000, won; taken by mgr on 03-05, given back, then
 * taken by boss on 03-07), t2 (100000, lost, mgr), t3 (in Proposal at its takeover, won, mgr), t4
 * (2000, won, taken by boss from mgr), t5 (taken by mgr, still open), t6 (no amount, won, mgr).
 * Candidates: c1 (1000, won), c2 (1000, lost), c3 (1000, won), c4 (3000, won), c7 (no amount, won).
 * Not candidates: c5 (in Negotiation only from 03-10), c6 (open).
 */
class TakeoverEffectTest extends SignalsTestBase {
  private static final SwoopConfig TWO_CONTROLS =
      SwoopConfig.from(Map.of(SwoopConfig.EFFECT_CONTROLS, "2"));

  private static Fixture org() {
    Fixture f = new Fixture().user("boss", null).user("mgr", "boss").user("r1", "mgr");
    closed(f, "t1", "r1", "1000.00", true).ownerChange("t1", "2024-03-05T10:00:00", "r1", "mgr");
    f.ownerChange("t1", "2024-03-06T10:00:00", "mgr", "r1");
    f.ownerChange("t1", "2024-03-07T10:00:00", "r1", "boss");
    closed(f, "t2", "mgr", "100000.00", false)
        .ownerChange("t2", "2024-03-05T11:00:00", "r1", "mgr");
    f.deal("t3", "mgr", "Closed Won", 100, "1000.00", "2024-04-01", true, true)
        .stage("t3", "2024-03-01T00:00:00", "Proposal", 75, "1000.00", null)
        .stage("t3", "2024-04-01T00:00:00", "Closed Won", 100, "1000.00", null)
        .ownerChange("t3", "2024-03-05T10:00:00", "r1", "mgr");
    closed(f, "t4", "boss", "2000.00", true)
        .ownerChange("t4", "2024-03-05T12:00:00", "mgr", "boss");
    f.deal("t5", "mgr", "Negotiation", 80, "1000.00", "2024-06-30", false, false)
        .stage("t5", "2024-03-01T00:00:00", "Negotiation", 80, "1000.00", null)
        .ownerChange("t5", "2024-03-05T10:00:00", "r1", "mgr");
    closed(f, "t6", "mgr", null, true).ownerChange("t6", "2024-03-05T10:00:00", "r1", "mgr");
    closed(f, "c1", "r1", "1000.00", true);
    closed(f, "c2", "r1", "1000.00", false);
    closed(f, "c3", "r1", "1000.00", true);
    closed(f, "c4", "r1", "3000.00", true);
    closed(f, "c7", "r1", null, true);
    f.deal("c5", "r1", "Closed Won", 100, "1000.00", "2024-04-01", true, true)
        .stage("c5", "2024-01-01T00:00:00", "Prospecting", 10, "1000.00", null)
        .stage("c5", "2024-03-10T00:00:00", "Negotiation", 80, "1000.00", null)
        .stage("c5", "2024-04-01T00:00:00", "Closed Won", 100, "1000.00", null);
    f.deal("c6", "r1", "Negotiation", 80, "1000.00", "2024-06-30", false, false)
        .stage("c6", "2024-03-01T00:00:00", "Negotiation", 80, "1000.00", null);
    return f;
  }

  /** A deal in Negotiation from 2024-03-01 that closed on 2024-04-01. */
  private static Fixture closed(Fixture f, String name, String owner, String amount, boolean won) {
    String stage = won ? "Closed Won" : "Closed Lost";
    return f.deal(name, owner, stage, won ? 100 : 0, amount, "2024-04-01", true, won)
        .stage(name, "2024-03-01T00:00:00", "Negotiation", 80, amount, null)
        .stage(name, "2024-04-01T00:00:00", stage, won ? 100 : 0, amount, null);
  }

  private static Map<String, Dataset<Row>> tables(Fixture f, SwoopConfig config) {
    return Signals.compute(
        f.model(spark, "2024-12-31"), config, (name, ds) -> ds.localCheckpoint(true));
  }

  private static Map<String, Row> byEntity(Dataset<Row> effect) {
    return effect.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.isNullAt(1) ? r.getString(0) : r.getString(1), r -> r));
  }

  private static Map<String, Row> orgEffect;

  /** The table for the unchanged {@link #org()}, computed once for the tests that read it. */
  private static synchronized Map<String, Row> effectOfOrg() {
    if (orgEffect == null) {
      orgEffect = byEntity(tables(org(), TWO_CONTROLS).get(OutputTables.TAKEOVER_EFFECT));
    }
    return orgEffect;
  }

  @Test
  void eachManagersMatchedDealsAreComparedWithTheirNearestControls() {
    // t1: c1, c2 (c3 ties at distance 0 but has the larger Id) -> c 0.5, d 0.5.
    // t2: c4 (|ln 3001 - ln 100001| = 3.51), then c1 (4.60; ties with c2, c3) -> c 1, d -1.
    // t6: c7 (no amount, distance 0), then c1 (ln 1001) -> c 1, d 0.
    Row mgr = effectOfOrg().get(user("mgr"));
    assertEquals(ColumnValues.LEVEL_MANAGER, mgr.getString(0));
    assertEquals(3L, mgr.getLong(2));
    assertEquals(2L, mgr.getLong(3));
    assertEquals(1L, mgr.getLong(4));
    assertEquals(2.0 / 3, mgr.getDouble(5), 1e-12);
    assertEquals(5.0 / 6, mgr.getDouble(6), 1e-12);
    assertEquals(-1.0 / 6, mgr.getDouble(7), 1e-12);
    // s = sqrt(7/12), t = -(1/6) / sqrt(7/36) = -1/sqrt(7); with 2 degrees of freedom the
    // t distribution's CDF is 1/2 + t / (2 sqrt(2 + t^2)), so p = 1 - 1/sqrt(15).
    assertEquals(1 - 1 / Math.sqrt(15), mgr.getDouble(10), 1e-9);
    // -1/6 -+ 4.303 x 0.441 reaches past both ends: clipped.
    assertEquals(-1.0, mgr.getDouble(8), 0.0);
    assertEquals(1.0, mgr.getDouble(9), 0.0);
  }

  @Test
  void aTreatedDealWithoutACandidateIsLeftOut() {
    // t3 was in Proposal at its takeover, and no closed deal was: mgr has t1, t2, t6 only.
    assertEquals(3L, effectOfOrg().get(user("mgr")).getLong(2));
  }

  @Test
  void aDealIsCreditedToItsEarliestTakeoverOnly() {
    // boss also took t1 on 03-07, but t1 is mgr's: boss has t4 alone.
    assertEquals(1L, effectOfOrg().get(user("boss")).getLong(2));
  }

  @Test
  void withOneMatchedDealTheIntervalAndPValueAreNull() {
    // t4 (2000): c4 (0.405), then c1 (0.693) -> both won, c 1, d 0.
    Row boss = effectOfOrg().get(user("boss"));
    assertEquals(0.0, boss.getDouble(7), 1e-12);
    assertNull(boss.get(8));
    assertNull(boss.get(9));
    assertNull(boss.get(10));
  }

  @Test
  void theOrgRowCoversEveryMatchedDeal() {
    Row org = effectOfOrg().get(ColumnValues.LEVEL_ORG);
    assertNull(org.get(1));
    assertEquals(4L, org.getLong(2));
    assertEquals(3L, org.getLong(3));
    assertEquals(0.75, org.getDouble(5), 1e-12);
    assertEquals(0.875, org.getDouble(6), 1e-12);
    assertEquals(-0.125, org.getDouble(7), 1e-12);
    // d = 0.5, -1, 0, 0: s^2 = 1.1875 / 3, t = -0.125 / (s / 2), 3 degrees of freedom, whose CDF
    // is 1/2 + (theta + sin theta cos theta) / pi with theta = atan(t / sqrt 3).
    double s = Math.sqrt(1.1875 / 3);
    double theta = Math.atan(Math.abs(-0.125 / (s / 2)) / Math.sqrt(3));
    assertEquals(
        1 - 2 * (theta + Math.sin(theta) * Math.cos(theta)) / Math.PI, org.getDouble(10), 1e-9);
    assertEquals(3, effectOfOrg().size());
  }

  @Test
  void theScorecardShowsEachManagersEffect() {
    Map<String, Row> card =
        tables(org(), TWO_CONTROLS).get(OutputTables.MANAGER_SCORECARD).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    int column = OutputTables.MANAGER_SCORECARD_SCHEMA.fieldIndex(ColumnNames.TAKEOVER_EFFECT);
    assertEquals(-1.0 / 6, card.get(user("mgr")).getDouble(column), 1e-12);
    assertEquals(0.0, card.get(user("boss")).getDouble(column), 1e-12);
  }

  @Test
  void noMatchedDealNoRow() {
    Fixture f = new Fixture().user("mgr", null).user("r1", "mgr");
    closed(f, "t1", "mgr", "1000.00", true).ownerChange("t1", "2024-03-05T10:00:00", "r1", "mgr");
    Dataset<Row> effect = tables(f, TWO_CONTROLS).get(OutputTables.TAKEOVER_EFFECT);
    assertEquals(OutputTables.TAKEOVER_EFFECT_SCHEMA, effect.schema());
    assertEquals(0, effect.count());
    Row card = tables(f, TWO_CONTROLS).get(OutputTables.MANAGER_SCORECARD).first();
    assertNull(
        card.get(OutputTables.MANAGER_SCORECARD_SCHEMA.fieldIndex(ColumnNames.TAKEOVER_EFFECT)));
  }

  @Test
  void theDefaultIsFiveControls() {
    // With every candidate (c1, c2, c3, c4, c7) as t1's controls: 4 of 5 won.
    Row mgr =
        byEntity(tables(org(), SwoopConfig.defaults()).get(OutputTables.TAKEOVER_EFFECT))
            .get(user("mgr"));
    assertEquals((0.8 + 0.8 + 0.8) / 3, mgr.getDouble(6), 1e-12);
  }

  @Test
  void thePValueAndIntervalMatchStudentsSleepData() {
    // Student (1908), "The probable error of a mean", Biometrika 6(1), 1-25: the extra hours of
    // sleep of 10 patients under two drugs (Cushny and Peebles), differences drug 2 - drug 1. The
    // paired t-test gives t = 4.0621, df = 9, p = 0.002833, 95 % interval 0.7001142 to 2.4598858
    // (as printed for R's example(t.test) on datasets::sleep). Divided by 10 to fit in [-1, 1]:
    // t and p do not change, the interval scales.
    double[] d = {1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4};
    double mean = 0;
    for (double v : d) {
      mean += v / 10 / d.length;
    }
    double ss = 0;
    for (double v : d) {
      ss += (v / 10 - mean) * (v / 10 - mean);
    }
    TakeoverEffect.Interval i =
        TakeoverEffect.interval((long) d.length, mean, Math.sqrt(ss / (d.length - 1)));
    assertEquals(0.002833, i.pValue(), 5e-7);
    assertEquals(0.07001142, i.low(), 1e-8);
    assertEquals(0.24598858, i.high(), 1e-8);
  }

  @Test
  void aZeroDeviationHasNoIntervalNorPValue() {
    assertNull(TakeoverEffect.interval(4L, 0.5, 0.0));
    assertNull(TakeoverEffect.interval(1L, 0.5, null));
  }
}
