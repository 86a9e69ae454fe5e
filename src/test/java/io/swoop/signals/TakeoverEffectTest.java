package io.swoop.signals;

import static io.swoop.signals.Fixture.opp;
import static io.swoop.signals.Fixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swoop.config.SwoopConfig;
import io.swoop.model.ColumnNames;
import io.swoop.model.ColumnValues;
import io.swoop.model.OutputTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 {@code takeover_effect} and {@code takeover_effect_balance}, one rule per test, on
 * hand-worked orgs.
 *
 * <p>Unless said otherwise a deal is created on 2024-01-01, is in Negotiation (80) from 2024-03-01
 * with its CloseDate never moved, closes on 2024-04-01, and is taken over on 2024-03-05 10:00. Its
 * stage days, pushes and age at t are then those of every other such deal, so the distance between
 * two of them is that of their amounts.
 */
class TakeoverEffectTest extends SignalsTestBase {
  private static final SwoopConfig ONE_CONTROL =
      SwoopConfig.from(Map.of(SwoopConfig.EFFECT_CONTROLS, "1"));
  private static final SwoopConfig TWO_CONTROLS =
      SwoopConfig.from(Map.of(SwoopConfig.EFFECT_CONTROLS, "2"));
  private static final String T = "2024-03-05T10:00:00";

  /**
   * boss ← mgr ← r1, r2; boss ← mgr2 ← r3. Treated: t1 (r1, 1000, won; taken by mgr, given back,
   * then taken by boss), t2 (r1, 100000, lost, mgr), t3 (r2, in Proposal at its takeover, won,
   * mgr), t4 (mgr's own, 2000, won, taken by boss: its team is boss's), t5 (taken by mgr, still
   * open), t6 (r2, no amount, won, mgr). Candidates of mgr's team: c1 (r1, 1000, won), c2 (r2,
   * 1000, lost), c3 (r1, 1000, won), c4 (r2, 3000, won), c7 (r1, no amount, won); of boss's team:
   * c8 (mgr2, 2000, won). Of mgr2's team, never chosen for mgr: a0 (r3, 1000, lost). Not
   * candidates: c5 (in Negotiation only from 03-10), c6 (open).
   */
  private static Fixture org() {
    Fixture f =
        new Fixture()
            .user("boss", null)
            .user("mgr", "boss")
            .user("mgr2", "boss")
            .user("r1", "mgr")
            .user("r2", "mgr")
            .user("r3", "mgr2");
    closed(f, "t1", "r1", "1000.00", true).ownerChange("t1", T, "r1", "mgr");
    f.ownerChange("t1", "2024-03-06T10:00:00", "mgr", "r1");
    f.ownerChange("t1", "2024-03-07T10:00:00", "r1", "boss");
    closed(f, "t2", "mgr", "100000.00", false).ownerChange("t2", T, "r1", "mgr");
    f.deal("t3", "mgr", "Closed Won", 100, "1000.00", "2024-04-01", true, true)
        .stage("t3", "2024-03-01T00:00:00", "Proposal", 75, "1000.00", null)
        .stage("t3", "2024-04-01T00:00:00", "Closed Won", 100, "1000.00", null)
        .ownerChange("t3", T, "r2", "mgr");
    closed(f, "t4", "boss", "2000.00", true).ownerChange("t4", T, "mgr", "boss");
    f.deal("t5", "mgr", "Negotiation", 80, "1000.00", "2024-06-30", false, false)
        .stage("t5", "2024-03-01T00:00:00", "Negotiation", 80, "1000.00", null)
        .ownerChange("t5", T, "r1", "mgr");
    closed(f, "t6", "mgr", null, true).ownerChange("t6", T, "r2", "mgr");
    closed(f, "c1", "r1", "1000.00", true);
    closed(f, "c2", "r2", "1000.00", false);
    closed(f, "c3", "r1", "1000.00", true);
    closed(f, "c4", "r2", "3000.00", true);
    closed(f, "c7", "r1", null, true);
    closed(f, "c8", "mgr2", "2000.00", true);
    closed(f, "a0", "r3", "1000.00", false);
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

  /**
   * The intermediates the effect rests on: checkpointed; every other table is planned but never
   * computed.
   */
  private static final java.util.Set<String> NEEDED =
      java.util.Set.of(
          "owner changes",
          "management chain",
          "manager history",
          "tenure",
          OutputTables.DEAL_TAKEOVERS,
          Signals.MATCHES);

  /**
   * The matches intermediate (under {@link Signals#MATCHES}), takeover_effect and its balance; with
   * {@code scorecard}, every table.
   */
  private static Map<String, Dataset<Row>> tables(
      Fixture f, SwoopConfig config, boolean scorecard) {
    Map<String, Dataset<Row>> kept = new HashMap<>();
    Map<String, Dataset<Row>> out =
        Signals.plan(
            f.model(spark, "2024-12-31"),
            config,
            (name, ds) -> {
              if (!scorecard && !NEEDED.contains(name)) {
                return ds;
              }
              Dataset<Row> k = ds.localCheckpoint(true);
              kept.put(name, k);
              return k;
            });
    Map<String, Dataset<Row>> all = new HashMap<>(out);
    all.put(Signals.MATCHES, kept.get(Signals.MATCHES));
    return all;
  }

  private static Map<String, Dataset<Row>> tables(Fixture f, SwoopConfig config) {
    return tables(f, config, false);
  }

  private static Map<String, Row> byEntity(Dataset<Row> table) {
    return table.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.isNullAt(1) ? r.getString(0) : r.getString(1), r -> r));
  }

  /** Each treated deal's controls, nearest first. */
  private static Map<String, List<String>> controls(Dataset<Row> matches) {
    Map<String, List<String>> out = new TreeMap<>();
    matches.orderBy(TakeoverEffect.T_OPP, TakeoverEffect.RANK).collectAsList().stream()
        .forEach(
            r -> {
              List<String> list =
                  out.computeIfAbsent(r.getAs(TakeoverEffect.T_OPP), k -> new ArrayList<String>());
              if (r.getAs(TakeoverEffect.C_OPP) != null) {
                list.add(r.getAs(TakeoverEffect.C_OPP));
              }
            });
    return out;
  }

  private static double value(Row row, String column) {
    return row.getDouble(row.fieldIndex(column));
  }

  private static Object get(Row row, String column) {
    return row.get(row.fieldIndex(column));
  }

  private static Map<String, Dataset<Row>> orgTables;

  /** The tables of the unchanged {@link #org()} with two controls, computed once. */
  private static synchronized Map<String, Dataset<Row>> ofOrg() {
    if (orgTables == null) {
      orgTables = tables(org(), TWO_CONTROLS, true);
    }
    return orgTables;
  }

  private static Map<String, Row> effectOfOrg() {
    return byEntity(ofOrg().get(OutputTables.TAKEOVER_EFFECT));
  }

  @Test
  void eachManagersMatchedDealsAreComparedWithTheirTeamsNearestControls() {
    // t1: c1, c2 (c3 and a0 tie at distance 0 but c3 has the larger Id, a0 another team)
    //     -> c 0.5, d 0.5.
    // t2: c4 (|ln 3001 - ln 100001| = 3.51), then c1 (4.60; ties with c2, c3) -> c 1, d -1.
    // t6: c7 (no amount, distance 0), then c1 (ln 1001) -> c 1, d 0.
    assertEquals(
        Map.of(
            opp("t1"), List.of(opp("c1"), opp("c2")),
            opp("t2"), List.of(opp("c4"), opp("c1")),
            opp("t3"), List.of(),
            opp("t4"), List.of(opp("c8")),
            opp("t6"), List.of(opp("c7"), opp("c1"))),
        controls(ofOrg().get(Signals.MATCHES)));
    Row mgr = effectOfOrg().get(user("mgr"));
    assertEquals(ColumnValues.LEVEL_MANAGER, get(mgr, ColumnNames.LEVEL));
    assertEquals(3L, get(mgr, ColumnNames.MATCHED_TAKEOVERS));
    assertEquals(1L, get(mgr, ColumnNames.UNMATCHED_TAKEOVERS));
    assertEquals(2L, get(mgr, ColumnNames.TAKEN_OVER_WON));
    assertEquals(1L, get(mgr, ColumnNames.TAKEN_OVER_LOST));
    assertEquals(2.0 / 3, value(mgr, ColumnNames.TAKEN_OVER_WIN_RATE), 1e-12);
    assertEquals(5.0 / 6, value(mgr, ColumnNames.MATCHED_WIN_RATE), 1e-12);
    assertEquals(-1.0 / 6, value(mgr, ColumnNames.EFFECT), 1e-12);
    // s = sqrt(7/12), t = -(1/6) / sqrt(7/36) = -1/sqrt(7); with 2 degrees of freedom the
    // t distribution's CDF is 1/2 + t / (2 sqrt(2 + t^2)), so p = 1 - 1/sqrt(15).
    assertEquals(1 - 1 / Math.sqrt(15), value(mgr, ColumnNames.P_VALUE), 1e-9);
    // -1/6 -+ 4.303 x 0.441 reaches past both ends: clipped.
    assertEquals(-1.0, value(mgr, ColumnNames.EFFECT_LOW), 0.0);
    assertEquals(1.0, value(mgr, ColumnNames.EFFECT_HIGH), 0.0);
    // RR = (2/3) / (5/6) = 0.8, RR* = 1.25: 1.25 + sqrt(1.25 x 0.25). The interval holds 0.
    assertEquals(1.25 + Math.sqrt(1.25 * 0.25), value(mgr, ColumnNames.E_VALUE), 1e-12);
    assertEquals(1.0, value(mgr, ColumnNames.E_VALUE_BOUND), 0.0);
  }

  @Test
  void aDealIsCreditedToItsEarliestTakeoverAndItsTeamIsTheRepsManager() {
    // boss also took t1 on 03-07, but t1 is mgr's. boss took t4 from mgr, whose manager is boss:
    // its only candidate is c8, of mgr2, boss's other report.
    Row boss = effectOfOrg().get(user("boss"));
    assertEquals(1L, get(boss, ColumnNames.MATCHED_TAKEOVERS));
    assertEquals(0L, get(boss, ColumnNames.UNMATCHED_TAKEOVERS));
  }

  @Test
  void withOneMatchedDealTheIntervalPValueAndBoundAreNull() {
    Row boss = effectOfOrg().get(user("boss"));
    assertEquals(0.0, value(boss, ColumnNames.EFFECT), 1e-12);
    assertNull(get(boss, ColumnNames.EFFECT_LOW));
    assertNull(get(boss, ColumnNames.EFFECT_HIGH));
    assertNull(get(boss, ColumnNames.P_VALUE));
    assertNull(get(boss, ColumnNames.E_VALUE_BOUND));
    // RR = 1 / 1.
    assertEquals(1.0, value(boss, ColumnNames.E_VALUE), 1e-12);
  }

  @Test
  void theOrgRowCoversEveryTreatedDeal() {
    Row org = effectOfOrg().get(ColumnValues.LEVEL_ORG);
    assertNull(get(org, ColumnNames.ENTITY_ID));
    assertEquals(4L, get(org, ColumnNames.MATCHED_TAKEOVERS));
    assertEquals(1L, get(org, ColumnNames.UNMATCHED_TAKEOVERS));
    assertEquals(3L, get(org, ColumnNames.TAKEN_OVER_WON));
    assertEquals(0.75, value(org, ColumnNames.TAKEN_OVER_WIN_RATE), 1e-12);
    assertEquals(0.875, value(org, ColumnNames.MATCHED_WIN_RATE), 1e-12);
    assertEquals(-0.125, value(org, ColumnNames.EFFECT), 1e-12);
    // d = 0.5, -1, 0, 0: s^2 = 1.1875 / 3, t = -0.125 / (s / 2), 3 degrees of freedom, whose CDF
    // is 1/2 + (theta + sin theta cos theta) / pi with theta = atan(t / sqrt 3).
    double s = Math.sqrt(1.1875 / 3);
    double theta = Math.atan(Math.abs(-0.125 / (s / 2)) / Math.sqrt(3));
    assertEquals(
        1 - 2 * (theta + Math.sin(theta) * Math.cos(theta)) / Math.PI,
        value(org, ColumnNames.P_VALUE),
        1e-9);
    // RR = 0.75 / 0.875 = 6/7, RR* = 7/6.
    assertEquals(7.0 / 6 + Math.sqrt(7.0 / 6 / 6), value(org, ColumnNames.E_VALUE), 1e-12);
    assertEquals(3, effectOfOrg().size());
  }

  @Test
  void theScorecardShowsEachManagersEffect() {
    Map<String, Row> card =
        ofOrg().get(OutputTables.MANAGER_SCORECARD).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    assertEquals(-1.0 / 6, value(card.get(user("mgr")), ColumnNames.TAKEOVER_EFFECT), 1e-12);
    assertEquals(0.0, value(card.get(user("boss")), ColumnNames.TAKEOVER_EFFECT), 1e-12);
    assertNull(get(card.get(user("mgr2")), ColumnNames.TAKEOVER_EFFECT));
  }

  @Test
  void theDefaultIsFiveControls() {
    // Every candidate of mgr's team (c1, c2, c3, c4, c7) is a control of t1, t2 and t6: 4 of 5 won.
    Row mgr =
        byEntity(tables(org(), SwoopConfig.defaults()).get(OutputTables.TAKEOVER_EFFECT))
            .get(user("mgr"));
    assertEquals(0.8, value(mgr, ColumnNames.MATCHED_WIN_RATE), 1e-12);
  }

  @Test
  void aCandidateOfAnotherTeamIsNeverChosenEvenWhenNearer() {
    // t1 (1000) of r1, mgr's report. b1 (1000, distance 0) is owned now by r1 but was r3's at t
    // (mgr2's team); b2 (1000) is r3's now but was r1's at t; c1 (5000) is r1's. With one control:
    // b2, the nearest of mgr's team at t. With b2 gone: c1, never b1.
    Fixture f =
        new Fixture()
            .user("boss", null)
            .user("mgr", "boss")
            .user("mgr2", "boss")
            .user("r1", "mgr")
            .user("r3", "mgr2");
    closed(f, "t1", "mgr", "1000.00", true).ownerChange("t1", T, "r1", "mgr");
    closed(f, "b1", "r1", "1000.00", true).ownerChange("b1", "2024-03-20T00:00:00", "r3", "r1");
    closed(f, "c1", "r1", "5000.00", true);
    assertEquals(
        Map.of(opp("t1"), List.of(opp("c1"))),
        controls(tables(f, ONE_CONTROL).get(Signals.MATCHES)));
    closed(f, "b2", "r3", "1000.00", true).ownerChange("b2", "2024-03-20T00:00:00", "r1", "r3");
    assertEquals(
        Map.of(opp("t1"), List.of(opp("b2"))),
        controls(tables(f, ONE_CONTROL).get(Signals.MATCHES)));
  }

  @Test
  void eachCovariateIsTakenAtTheMomentOfTheTakeover() {
    // t1: Negotiation from 02-01, left for Proposal on 02-10, back in Negotiation from 02-20 with
    // no amount; its CloseDate moved later on 02-01 and 02-20 and earlier on 02-10 (2 pushes),
    // and later again on 03-10, after t. Created 01-01.
    // c1: created 02-01, in Negotiation from 03-01 (2000) and, with its CloseDate moved earlier,
    // 03-03; no push.
    Fixture f = new Fixture().user("mgr", null).user("r1", "mgr");
    f.deal("t1", "mgr", "Closed Won", 100, "500.00", "2024-04-01", true, true)
        .stage("t1", "2024-01-01T00:00:00", "Prospecting", 10, "500.00", null, "2024-04-01")
        .stage("t1", "2024-02-01T00:00:00", "Negotiation", 80, "500.00", null, "2024-04-15")
        .stage("t1", "2024-02-10T00:00:00", "Proposal", 75, "500.00", null, "2024-04-10")
        .stage("t1", "2024-02-20T00:00:00", "Negotiation", 80, null, null, "2024-04-30")
        .stage("t1", "2024-03-10T00:00:00", "Negotiation", 80, null, null, "2024-05-15")
        .stage("t1", "2024-04-01T00:00:00", "Closed Won", 100, "500.00", null, "2024-04-01")
        .ownerChange("t1", T, "r1", "mgr");
    f.deal("c1", "r1", "Closed Lost", 0, "2000.00", "2024-04-01", true, false)
        .created("c1", "2024-02-01T00:00:00")
        .stage("c1", "2024-03-01T00:00:00", "Negotiation", 80, "2000.00", null, "2024-04-01")
        .stage("c1", "2024-03-03T00:00:00", "Negotiation", 80, "2000.00", null, "2024-03-25")
        .stage("c1", "2024-04-01T00:00:00", "Closed Lost", 0, "2000.00", null, "2024-04-01");
    Row pair = tables(f, TWO_CONTROLS).get(Signals.MATCHES).first();
    double hours = 10.0 / 24;
    assertEquals(opp("c1"), pair.getAs(TakeoverEffect.C_OPP));
    assertEquals(0.0, value(pair, TakeoverEffect.treated(ColumnValues.COVARIATE_AMOUNT)), 1e-12);
    assertEquals(
        Math.log(1 + 14 + hours),
        value(pair, TakeoverEffect.treated(ColumnValues.COVARIATE_STAGE_DAYS)),
        1e-12);
    assertEquals(
        Math.log(3), value(pair, TakeoverEffect.treated(ColumnValues.COVARIATE_PUSHES)), 1e-12);
    assertEquals(
        Math.log(1 + 31 + 29 + 4 + hours),
        value(pair, TakeoverEffect.treated(ColumnValues.COVARIATE_AGE_DAYS)),
        1e-12);
    assertEquals(
        Math.log(2001), value(pair, TakeoverEffect.control(ColumnValues.COVARIATE_AMOUNT)), 1e-12);
    assertEquals(
        Math.log(1 + 4 + hours),
        value(pair, TakeoverEffect.control(ColumnValues.COVARIATE_STAGE_DAYS)),
        1e-12);
    assertEquals(0.0, value(pair, TakeoverEffect.control(ColumnValues.COVARIATE_PUSHES)), 1e-12);
    assertEquals(
        Math.log(1 + 29 + 4 + hours),
        value(pair, TakeoverEffect.control(ColumnValues.COVARIATE_AGE_DAYS)),
        1e-12);
  }

  @Test
  void aCloserCovariateOtherThanAmountWins() {
    // t1 and both candidates are 1000. c1 was created on 2023-01-01 (a year older at t), c2 on
    // 2024-01-01 like t1: c2 is nearer although c1 has the smaller Id.
    Fixture f = new Fixture().user("mgr", null).user("r1", "mgr");
    closed(f, "t1", "mgr", "1000.00", true).ownerChange("t1", T, "r1", "mgr");
    closed(f, "c1", "r1", "1000.00", true).created("c1", "2023-01-01T00:00:00");
    closed(f, "c2", "r1", "1000.00", true);
    assertEquals(
        Map.of(opp("t1"), List.of(opp("c2"))),
        controls(tables(f, ONE_CONTROL).get(Signals.MATCHES)));
  }

  @Test
  void tiesAreBrokenByTheSmallerId() {
    Fixture f = new Fixture().user("mgr", null).user("r1", "mgr");
    closed(f, "t1", "mgr", "1000.00", true).ownerChange("t1", T, "r1", "mgr");
    closed(f, "c2", "r1", "1000.00", false);
    closed(f, "c1", "r1", "1000.00", true);
    closed(f, "c3", "r1", "1000.00", false);
    assertEquals(
        Map.of(opp("t1"), List.of(opp("c1"))),
        controls(tables(f, ONE_CONTROL).get(Signals.MATCHES)));
  }

  @Test
  void aManagerWithOnlyUnmatchedDealsStillGetsARow() {
    // mgr took t1 from r1; the only deal in Negotiation then is r3's, of mgr2's team: unmatched.
    // mgr2 took t2 (2000, lost) from r3, matched with a1 (won).
    Fixture f =
        new Fixture().user("mgr", null).user("mgr2", null).user("r1", "mgr").user("r3", "mgr2");
    closed(f, "t1", "mgr", "1000.00", true).ownerChange("t1", T, "r1", "mgr");
    closed(f, "t2", "mgr2", "2000.00", false).ownerChange("t2", T, "r3", "mgr2");
    closed(f, "a1", "r3", "1000.00", true);
    Map<String, Dataset<Row>> tables = tables(f, TWO_CONTROLS, true);
    Map<String, Row> effect = byEntity(tables.get(OutputTables.TAKEOVER_EFFECT));
    Row mgr = effect.get(user("mgr"));
    assertEquals(0L, get(mgr, ColumnNames.MATCHED_TAKEOVERS));
    assertEquals(1L, get(mgr, ColumnNames.UNMATCHED_TAKEOVERS));
    assertEquals(0L, get(mgr, ColumnNames.TAKEN_OVER_WON));
    assertEquals(0L, get(mgr, ColumnNames.TAKEN_OVER_LOST));
    for (String column :
        List.of(
            ColumnNames.TAKEN_OVER_WIN_RATE,
            ColumnNames.MATCHED_WIN_RATE,
            ColumnNames.EFFECT,
            ColumnNames.EFFECT_LOW,
            ColumnNames.EFFECT_HIGH,
            ColumnNames.P_VALUE,
            ColumnNames.E_VALUE,
            ColumnNames.E_VALUE_BOUND)) {
      assertNull(get(mgr, column), column);
    }
    Row org = effect.get(ColumnValues.LEVEL_ORG);
    assertEquals(1L, get(org, ColumnNames.MATCHED_TAKEOVERS));
    assertEquals(1L, get(org, ColumnNames.UNMATCHED_TAKEOVERS));
    assertEquals(-1.0, value(org, ColumnNames.EFFECT), 0.0);
    assertNull(get(org, ColumnNames.E_VALUE), "the taken-over deals' win rate is 0");
    // Balance: mgr2 and the org, four covariates each; none for mgr.
    Dataset<Row> balance = tables.get(OutputTables.TAKEOVER_EFFECT_BALANCE);
    assertEquals(OutputTables.TAKEOVER_EFFECT_BALANCE_SCHEMA, balance.schema());
    assertEquals(8, balance.count());
    assertEquals(
        0, balance.filter(balance.col(ColumnNames.ENTITY_ID).equalTo(user("mgr"))).count());
    Row card =
        tables.get(OutputTables.MANAGER_SCORECARD).collectAsList().stream()
            .filter(r -> r.getString(0).equals(user("mgr")))
            .findFirst()
            .orElseThrow();
    assertNull(get(card, ColumnNames.TAKEOVER_EFFECT));
  }

  @Test
  void theBalanceWeighsEachControlOfADealByOneOverItsCount() {
    // mgr took a1 (1000, Negotiation; controls c1 2000 and c2 4000, weight 1/2 each) and a2 (500,
    // Proposal; its only candidate c3 100, weight 1). Stage days, pushes and age are the same for
    // every deal at t: their SMD has a zero denominator.
    Fixture f = new Fixture().user("mgr", null).user("r1", "mgr");
    closed(f, "a1", "mgr", "1000.00", true).ownerChange("a1", T, "r1", "mgr");
    closed(f, "c1", "r1", "2000.00", true);
    closed(f, "c2", "r1", "4000.00", false);
    proposal(f, "a2", "mgr", "500.00").ownerChange("a2", T, "r1", "mgr");
    proposal(f, "c3", "r1", "100.00");
    double[] treated = {Math.log(1001), Math.log(501)};
    double[][] controls = {{Math.log(2001), 0.5}, {Math.log(4001), 0.5}, {Math.log(101), 1}};
    double tm = (treated[0] + treated[1]) / 2;
    double cm = 0;
    for (double[] c : controls) {
      cm += c[0] * c[1] / 2;
    }
    double vt = 0;
    for (double x : treated) {
      vt += (x - tm) * (x - tm) / 2;
    }
    double vc = 0;
    for (double[] c : controls) {
      vc += c[1] * (c[0] - cm) * (c[0] - cm) / 2;
    }
    Dataset<Row> balance = tables(f, TWO_CONTROLS).get(OutputTables.TAKEOVER_EFFECT_BALANCE);
    Map<String, Row> rows = new HashMap<>();
    for (Row r : balance.collectAsList()) {
      String entity = r.isNullAt(1) ? r.getString(0) : r.getString(1);
      rows.put(entity + " " + r.getAs(ColumnNames.COVARIATE), r);
    }
    assertEquals(8, rows.size());
    for (String entity : List.of(user("mgr"), ColumnValues.LEVEL_ORG)) {
      Row amount = rows.get(entity + " " + ColumnValues.COVARIATE_AMOUNT);
      assertEquals(tm, value(amount, ColumnNames.TREATED_MEAN), 1e-12);
      assertEquals(cm, value(amount, ColumnNames.CONTROL_MEAN), 1e-12);
      assertEquals((tm - cm) / Math.sqrt((vt + vc) / 2), value(amount, ColumnNames.SMD), 1e-12);
      Row age = rows.get(entity + " " + ColumnValues.COVARIATE_AGE_DAYS);
      assertEquals(Math.log(1 + 64 + 10.0 / 24), value(age, ColumnNames.CONTROL_MEAN), 1e-12);
      assertNull(get(age, ColumnNames.SMD));
    }
  }

  @Test
  void theBalanceBeforeMatchingIsOverTheWholeSameTeamPoolEachPairWeighingTheSame() {
    // One control each, but the pools hold more: a1 (1000, Negotiation) has c1, c2, c3 (2000,
    // 4000, 8000; c1 is its control), a2 (500, Proposal) has c4, c5 (100, 300). b1 (1000,
    // Negotiation) is of another team and in no pool. By hand, over ln(1 + amount): treated mean
    // (ln 1001 + ln 501) / 2 = 6.56268, pool mean over the five pairs 7.04105, v_T 0.11977, v_P
    // 2.66743, SMD before matching -0.40522.
    Fixture f =
        new Fixture().user("mgr", null).user("r1", "mgr").user("mgr2", null).user("r3", "mgr2");
    closed(f, "a1", "mgr", "1000.00", true).ownerChange("a1", T, "r1", "mgr");
    closed(f, "c1", "r1", "2000.00", true);
    closed(f, "c2", "r1", "4000.00", false);
    closed(f, "c3", "r1", "8000.00", false);
    closed(f, "b1", "r3", "1000.00", true);
    proposal(f, "a2", "mgr", "500.00").ownerChange("a2", T, "r1", "mgr");
    proposal(f, "c4", "r1", "100.00");
    proposal(f, "c5", "r1", "300.00");
    double[] treated = {Math.log(1001), Math.log(501)};
    double[] pool = {Math.log(2001), Math.log(4001), Math.log(8001), Math.log(101), Math.log(301)};
    double tm = (treated[0] + treated[1]) / 2;
    double pm = 0;
    for (double x : pool) {
      pm += x / pool.length;
    }
    double vt = 0;
    for (double x : treated) {
      vt += (x - tm) * (x - tm) / treated.length;
    }
    double vp = 0;
    for (double x : pool) {
      vp += (x - pm) * (x - pm) / pool.length;
    }
    double smd = (tm - pm) / Math.sqrt((vt + vp) / 2);
    assertEquals(-0.40522, smd, 1e-5, "the hand computation");

    Map<String, Dataset<Row>> tables = tables(f, ONE_CONTROL);
    assertEquals(
        Map.of("a1", List.of("c1"), "a2", List.of("c5")),
        controls(tables.get(Signals.MATCHES)).entrySet().stream()
            .collect(
                Collectors.toMap(
                    e -> name(e.getKey()), e -> e.getValue().stream().map(c -> name(c)).toList())));
    Map<String, Row> rows = new HashMap<>();
    for (Row r : TakeoverEffect.poolBalance(tables.get(Signals.MATCHES)).collectAsList()) {
      String entity = r.isNullAt(1) ? r.getString(0) : r.getString(1);
      rows.put(entity + " " + r.getAs(ColumnNames.COVARIATE), r);
    }
    assertEquals(8, rows.size());
    Map<String, Row> after = new HashMap<>();
    for (Row r : tables.get(OutputTables.TAKEOVER_EFFECT_BALANCE).collectAsList()) {
      String entity = r.isNullAt(1) ? r.getString(0) : r.getString(1);
      after.put(entity + " " + r.getAs(ColumnNames.COVARIATE), r);
    }
    for (String entity : List.of(user("mgr"), ColumnValues.LEVEL_ORG)) {
      Row amount = rows.get(entity + " " + ColumnValues.COVARIATE_AMOUNT);
      assertEquals(tm, value(amount, ColumnNames.TREATED_MEAN), 1e-12);
      assertEquals(
          value(after.get(entity + " " + ColumnValues.COVARIATE_AMOUNT), ColumnNames.TREATED_MEAN),
          value(amount, ColumnNames.TREATED_MEAN),
          "the same treated deals as after matching");
      assertEquals(pm, value(amount, ColumnNames.POOL_MEAN), 1e-12);
      assertEquals(5L, (Long) get(amount, ColumnNames.POOL_SIZE));
      assertEquals(smd, value(amount, ColumnNames.SMD), 1e-12);
      // Stage days, pushes and age are the same for every deal at t: a zero denominator.
      Row age = rows.get(entity + " " + ColumnValues.COVARIATE_AGE_DAYS);
      assertEquals(Math.log(1 + 64 + 10.0 / 24), value(age, ColumnNames.POOL_MEAN), 1e-12);
      assertNull(get(age, ColumnNames.SMD));
    }
  }

  /** The fixture's name of an 18-character opportunity Id. */
  private static String name(String id) {
    for (String n : List.of("a1", "a2", "b1", "c1", "c2", "c3", "c4", "c5")) {
      if (opp(n).equals(id)) {
        return n;
      }
    }
    return id;
  }

  /** A deal in Proposal (75) from 2024-03-01 that was lost on 2024-04-01. */
  private static Fixture proposal(Fixture f, String name, String owner, String amount) {
    return f.deal(name, owner, "Closed Lost", 0, amount, "2024-04-01", true, false)
        .stage(name, "2024-03-01T00:00:00", "Proposal", 75, amount, null)
        .stage(name, "2024-04-01T00:00:00", "Closed Lost", 0, amount, null);
  }

  @Test
  void noTreatedDealNoRow() {
    Fixture f = new Fixture().user("mgr", null).user("r1", "mgr");
    closed(f, "c1", "r1", "1000.00", true);
    Map<String, Dataset<Row>> tables = tables(f, TWO_CONTROLS);
    Dataset<Row> effect = tables.get(OutputTables.TAKEOVER_EFFECT);
    assertEquals(OutputTables.TAKEOVER_EFFECT_SCHEMA, effect.schema());
    assertEquals(0, effect.count());
    assertEquals(0, tables.get(OutputTables.TAKEOVER_EFFECT_BALANCE).count());
  }

  @Test
  void theEValueOfTheRatioOfWinRates() {
    // RR = 0.5 / 0.8 = 0.625, RR* = 1.6: 1.6 + sqrt(1.6 x 0.6) = 2.5797959.
    assertEquals(2.5797958971, TakeoverEffect.eValue(0.5, 0.8), 1e-9);
    // RR = 0.9 / 0.6 = 1.5: 1.5 + sqrt(0.75) = 2.3660254.
    assertEquals(2.3660254038, TakeoverEffect.eValue(0.9, 0.6), 1e-9);
    assertNull(TakeoverEffect.eValue(0.0, 0.6));
    assertNull(TakeoverEffect.eValue(0.5, 0.0));
    assertNull(TakeoverEffect.eValue(null, 0.6));
  }

  @Test
  void theEValueBoundUsesTheLimitNearerToZero() {
    // An interval holding 0: 1.
    assertEquals(1.0, TakeoverEffect.eValueBound(0.5, new TakeoverEffect.Interval(-0.2, 0.1, 0.3)));
    // Below 0: L = -0.2, RR = (0.8 - 0.2) / 0.8 = 0.75, RR* = 4/3: 4/3 + sqrt(4/9) = 2.
    assertEquals(
        2.0, TakeoverEffect.eValueBound(0.8, new TakeoverEffect.Interval(-0.5, -0.2, 0.01)), 1e-12);
    // Above 0: L = 0.1, RR = 0.5 / 0.4 = 1.25: 1.25 + sqrt(0.3125) = 1.8090170.
    assertEquals(
        1.8090169944,
        TakeoverEffect.eValueBound(0.4, new TakeoverEffect.Interval(0.1, 0.5, 0.01)),
        1e-9);
    // RR = (0.2 - 0.3) / 0.2 = -0.5 is not positive: null.
    assertNull(TakeoverEffect.eValueBound(0.2, new TakeoverEffect.Interval(-0.6, -0.3, 0.01)));
    assertNull(TakeoverEffect.eValueBound(0.5, null));
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
