package io.swoop.signals;

import static io.swoop.signals.Fixture.assertRows;
import static io.swoop.signals.Fixture.user;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swoop.model.CanonicalModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** CONTRACT §3 {@code rep_survival} and the scorecard's median and log-rank, worked by hand. */
class RepSurvivalTest extends SignalsTestBase {
  private static final double EPS = 1e-12;

  /** Spells of {@code manager}: (duration, departs) pairs. */
  private static List<Row> spellsOf(String manager, Object... durationDeparts) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < durationDeparts.length; i += 2) {
      out.add(row(manager, durationDeparts[i], durationDeparts[i + 1]));
    }
    return out;
  }

  private static Dataset<Row> spells(List<Row> rows) {
    StructType schema =
        new StructType()
            .add(RepSurvival.SPELL_MANAGER, DataTypes.StringType)
            .add(RepSurvival.DURATION, DataTypes.IntegerType)
            .add(RepSurvival.DEPARTS, DataTypes.BooleanType);
    return spark.createDataFrame(rows, schema);
  }

  private static List<Row> rowsOf(Dataset<Row> survival, String level, String entity) {
    return survival
        .filter(
            col("level")
                .equalTo(level)
                .and(entity == null ? col("entity_id").isNull() : col("entity_id").equalTo(entity)))
        .orderBy("day")
        .collectAsList();
  }

  /** day, at_risk, departures, censored, then survival, low, high (null or within EPS). */
  private static void assertRow(
      Row r, int day, long n, long d, long c, Double s, Double lo, Double hi) {
    assertEquals(day, r.getInt(2), r.toString());
    assertEquals(n, r.getLong(3), r.toString());
    assertEquals(d, r.getLong(4), r.toString());
    assertEquals(c, r.getLong(5), r.toString());
    assertClose(s, r, 6);
    assertClose(lo, r, 7);
    assertClose(hi, r, 8);
  }

  private static void assertClose(Double expected, Row r, int i) {
    if (expected == null) {
      assertNull(r.get(i), r.toString());
    } else {
      assertEquals(expected, r.getDouble(i), EPS, r.toString());
    }
  }

  private static final List<Row> M =
      spellsOf("m", 0, true, 10, true, 10, false, 20, true, 30, false);
  private static final List<Row> M2 = spellsOf("m2", 3, false, 5, true, 5, true);

  @Test
  void kaplanMeierWithADepartureAndACensoringOnTheSameDayAndAZeroDaySpell() {
    // n = 5. Day 0: 1 of 5 departs, S = 0.8, V = 1/(5*4) = 0.05. Day 10: 1 of 4 departs and 1 is
    // censored, S = 0.8*3/4 = 0.6, V = 0.05 + 1/(4*3). Day 20: 1 of 2, S = 0.3, V += 1/(2*1).
    // Day 30: only a censoring, S and V unchanged. Intervals: se = sqrt(V)/|ln S|, S^exp(±z se).
    List<Row> m = rowsOf(RepSurvival.table(spells(M)), "manager", "m");
    assertEquals(4, m.size());
    assertRow(m.get(0), 0, 5, 1, 0, 0.8, 0.20380925824553706, 0.9691797893367761);
    assertRow(m.get(1), 10, 4, 1, 1, 0.6, 0.12573018011323547, 0.8817564086197571);
    assertRow(m.get(2), 20, 2, 1, 0, 0.3, 0.012301528872543654, 0.7192180232327993);
    assertRow(m.get(3), 30, 1, 0, 1, 0.3, 0.012301528872543654, 0.7192180232327993);
  }

  @Test
  void survivalReachingZeroHasNoIntervalNorDoesSurvivalOfOne() {
    List<Row> m2 = rowsOf(RepSurvival.table(spells(M2)), "manager", "m2");
    assertEquals(2, m2.size());
    assertRow(m2.get(0), 3, 3, 0, 1, 1.0, null, null);
    assertRow(m2.get(1), 5, 2, 2, 0, 0.0, null, null);
  }

  @Test
  void theOrgRowsEstimateOverEverySpell() {
    List<Row> all = new ArrayList<>(M);
    all.addAll(M2);
    List<Row> org = rowsOf(RepSurvival.table(spells(all)), "org", null);
    // n = 8: day 0 1/8 departs; day 3 a censoring; day 5 2 of 6; day 10 1 of 4 (+1 censored);
    // day 20 1 of 2; day 30 a censoring.
    double s0 = 7.0 / 8;
    double s5 = s0 * 4 / 6;
    double s10 = s5 * 3 / 4;
    double s20 = s10 / 2;
    double[] expected = {s0, s0, s5, s10, s20, s20};
    int[] days = {0, 3, 5, 10, 20, 30};
    long[] atRisk = {8, 7, 6, 4, 2, 1};
    assertEquals(6, org.size());
    for (int i = 0; i < 6; i++) {
      assertEquals(days[i], org.get(i).getInt(2));
      assertEquals(atRisk[i], org.get(i).getLong(3));
      assertEquals(expected[i], org.get(i).getDouble(6), EPS);
    }
    assertEquals(0.4375, s10, EPS);
  }

  @Test
  void theMedianIsTheFirstDayWithSurvivalAtMostOneHalf() {
    List<Row> all = new ArrayList<>(M);
    all.addAll(M2);
    all.addAll(spellsOf("stayers", 40, false, 50, true, 60, false, 70, false));
    Map<String, Object> medians =
        RepSurvival.medians(RepSurvival.table(spells(all))).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.get(1)));
    // m: 0.8, 0.6, 0.3 at day 20; m2: 0 at day 5; stayers: 1 of 3 at risk departs on day 50,
    // S = 2/3, never <= 0.5.
    assertEquals(Map.of("m", 20, "m2", 5), medians);
  }

  @Test
  void logRankOnTheFreireichLeukaemiaData() {
    // Freireich et al. (1963), 6-MP against placebo, as in Kleinbaum & Klein, Survival Analysis,
    // ch. 2: O1 = 9, E1 = 19.25, Var = 6.257, chi-square = 16.79 (1 df).
    List<Row> all =
        new ArrayList<>(
            spellsOf(
                "sixMp", 6, true, 6, true, 6, true, 7, true, 10, true, 13, true, 16, true, 22, true,
                23, true, 6, false, 9, false, 10, false, 11, false, 17, false, 19, false, 20, false,
                25, false, 32, false, 32, false, 34, false, 35, false));
    for (int t :
        new int[] {1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23}) {
      all.add(row("placebo", t, true));
    }
    Map<String, Double> p =
        RepSurvival.logRank(RepSurvival.table(spells(all))).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
    // chi-square 16.79294098921654 (O - E)^2 / W computed by hand from the table; its upper tail.
    double expected = 4.1688091093345274e-05;
    assertEquals(expected, p.get("sixMp"), expected * 1e-6);
    assertEquals(expected, p.get("placebo"), expected * 1e-6);
  }

  @Test
  void logRankIsTheSameToTheLastBitWhateverTheNumberOfPartitions() {
    // Its sums over days add doubles: in the order the partitions delivered them, the last bits
    // depended on how many partitions there were (the machine's cores, the input's size), as a
    // scale-4 org showed between 4 and 6 shuffle partitions.
    List<Row> all = new ArrayList<>();
    for (int m = 0; m < 6; m++) {
      for (int i = 0; i < 40; i++) {
        all.add(row("m" + m, (i * 37 + m * 11) % 97 + 1, (i + m) % 3 != 0));
      }
    }
    List<Row> table = RepSurvival.table(spells(all)).collectAsList();
    StructType schema = RepSurvival.table(spells(all)).schema();
    String partitions = "spark.sql.shuffle.partitions";
    String broadcast = "spark.sql.autoBroadcastJoinThreshold";
    String adaptive = "spark.sql.adaptive.enabled";
    Map<String, String> before =
        Map.of(
            partitions, spark.conf().get(partitions),
            broadcast, spark.conf().get(broadcast),
            adaptive, spark.conf().get(adaptive));
    Map<String, Double> once = null;
    try {
      spark.conf().set(broadcast, "-1");
      spark.conf().set(adaptive, "false");
      for (int n : new int[] {1, 3, 7}) {
        spark.conf().set(partitions, Integer.toString(n));
        List<Row> rows = new ArrayList<>(table);
        java.util.Collections.shuffle(rows, new java.util.Random(n));
        Map<String, Double> p =
            RepSurvival.logRank(spark.createDataFrame(rows, schema).repartition(n))
                .collectAsList()
                .stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
        if (once == null) {
          once = p;
        } else {
          for (Map.Entry<String, Double> e : once.entrySet()) {
            assertEquals(
                Double.doubleToLongBits(e.getValue()),
                Double.doubleToLongBits(p.get(e.getKey())),
                e.getKey()
                    + ": "
                    + e.getValue()
                    + ", then with "
                    + n
                    + " partitions "
                    + p.get(e.getKey()));
          }
        }
      }
    } finally {
      before.forEach(spark.conf()::set);
    }
  }

  @Test
  void logRankIsNullWhenNoSpellOfTheOrgDeparts() {
    Dataset<Row> survival = RepSurvival.table(spells(spellsOf("m", 10, false, 20, false)));
    assertRows(List.of(row("m", null)), RepSurvival.logRank(survival));
  }

  @Test
  void spellsEndOnAMoveCensoredOrOnTheEndDateDeparting() {
    // r1 moves from a to b on 2024-03-01 and stays; r2 leaves a on 2024-06-30; r3 moves to b on
    // 2024-06-30 and leaves that evening: a 0-day spell under b that departs.
    Fixture f =
        new Fixture()
            .user("a", null)
            .user("b", null)
            .user("r1", "b", true, "2020-01-01T00:00:00", null, "2024-01-01", null)
            .user(
                "r2", "a", false, "2020-01-01T00:00:00", "2024-09-01T00:00:00", "2024-01-01", null)
            .user(
                "r3", "b", false, "2020-01-01T00:00:00", "2024-09-01T00:00:00", "2024-01-01", null)
            .managerChange("r1", "2024-03-01T10:00:00", "a", "b")
            .deactivated("r2", "2024-06-30T18:00:00")
            .managerChange("r3", "2024-06-30T10:00:00", "a", "b")
            .deactivated("r3", "2024-06-30T18:00:00")
            .openDeal("o1", "r1")
            .openDeal("o2", "r2")
            .openDeal("o3", "r3");
    CanonicalModel m = f.model(spark, "2024-12-31");
    Dataset<Row> stretches = ManagerHistory.of(m.users(), m.userHistory());
    Dataset<Row> tenure =
        RepTenure.all(
            m.users(),
            m.snapshotDate(),
            false,
            stretches,
            ManagerHistory.deactivations(m.userHistory()));
    Dataset<Row> spells =
        RepSurvival.spells(
            tenure,
            stretches,
            m.opportunities(),
            OwnerChanges.from(m.opportunityFieldHistory()),
            m.snapshotDate());
    assertRows(
        List.of(
            row(user("r1"), user("a"), 59, false),
            row(user("r1"), user("b"), 305, false),
            row(user("r2"), user("a"), 181, true),
            row(user("r3"), user("a"), 180, false),
            row(user("r3"), user("b"), 0, true)),
        spells.select(
            "user_id", RepSurvival.SPELL_MANAGER, RepSurvival.DURATION, RepSurvival.DEPARTS));
  }
}
