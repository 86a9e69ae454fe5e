package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.generate.ContractRules;
import io.swoop.generate.SyntheticOrg;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ColumnNames;
import io.swoop.model.ModelBuilder;
import io.swoop.model.OutputTables;
import io.swoop.source.export.ExportSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signals on a synthetic org whose answers are known: the generator plants takeovers, owner
 * changes that only look like takeovers, and micromanaging managers, and writes the truth beside
 * the exports.
 */
class GeneratedOrgIT extends SignalsTestBase {
  private static final long SEED = 20240917L;
  private static final double SCALE = 0.3;

  private static Path dir;
  private static Map<String, Dataset<Row>> tables;
  private static SyntheticOrg.Summary summary;
  private static CanonicalModel model;

  @BeforeAll
  static void generateAndCompute() throws Exception {
    dir = Files.createTempDirectory("swoop-generated-org");
    summary = SyntheticOrg.generate(dir, SEED, SCALE);
    SwoopConfig config = SwoopConfig.defaults();
    model =
        ModelBuilder.build(
            spark, new ExportSource(dir.toString()), config, SyntheticOrg.DEFAULT_AS_OF);
    tables = Signals.compute(model, config, (name, ds) -> ds.localCheckpoint(true));
  }

  @AfterAll
  static void removeOrg() throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static List<Row> truth(String file) {
    return spark
        .read()
        .option("header", "true")
        .csv(dir.resolve(SyntheticOrg.TRUTH_DIR).resolve(file).toString())
        .collectAsList();
  }

  /** The owner change a row of a truth file names. */
  private static String truthChange(Row t) {
    return change(
        t.getAs("opportunity_id"),
        t.getAs("changed_at"),
        t.getAs("from_owner_id"),
        t.getAs("to_owner_id"));
  }

  /** The owner change of a deal_takeovers row (its first four columns). */
  private static String tableChange(Row r) {
    return change(r.get(0), r.get(1), r.get(2), r.get(3));
  }

  private static String change(Object opportunity, Object changedAt, Object from, Object to) {
    String at =
        changedAt instanceof java.sql.Timestamp t
            ? t.toInstant().toString()
            : java.time.Instant.parse((String) changedAt).toString();
    return opportunity + " " + at + " " + from + " -> " + to;
  }

  private static Set<String> found() {
    return tables.get(OutputTables.DEAL_TAKEOVERS).collectAsList().stream()
        .map(r -> tableChange(r))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theExportSourceReadsBackEveryGeneratedRow() {
    for (var object : io.swoop.model.SfObject.values()) {
      var stats = model.stats().get(object.apiName());
      long written = summary.rowsPerFile().get(object.fileName());
      org.junit.jupiter.api.Assertions.assertEquals(written, stats.read(), object.fileName());
      org.junit.jupiter.api.Assertions.assertEquals(0, stats.rejected(), object.fileName());
      org.junit.jupiter.api.Assertions.assertEquals(
          Map.of(), stats.unparseableOptional(), object.fileName());
      org.junit.jupiter.api.Assertions.assertEquals(
          stats.read() - stats.deleted() - stats.afterSnapshot(), stats.kept(), object.fileName());
    }
    org.junit.jupiter.api.Assertions.assertEquals(0, model.rejected().count());
  }

  @Test
  void everyPlantedTakeoverIsFoundWithItsDetails() {
    List<Row> planted = truth("planted_takeovers.csv");
    assertTrue(planted.size() > 20, "the generator planted only " + planted.size());
    Map<String, Row> byChange =
        tables.get(OutputTables.DEAL_TAKEOVERS).collectAsList().stream()
            .collect(Collectors.toMap(r -> tableChange(r), r -> r));
    for (Row p : planted) {
      String key = truthChange(p);
      Row r = byChange.get(key);
      assertTrue(r != null, "planted takeover not found: " + key);
      assertEquals(Integer.parseInt(p.getAs("levels_up")), r.getInt(4), key);
      assertEquals(p.getAs("stage_name"), r.getString(5), key);
      assertEquals(Double.parseDouble(p.getAs("probability")), r.getDouble(6), 1e-9, key);
      assertEquals(new BigDecimal((String) p.getAs("amount")), r.getDecimal(7), key);
      assertEquals(p.getAs("outcome"), r.getString(8), key);
      String returned = p.getAs("returned_at");
      assertEquals(
          returned == null ? null : java.time.Instant.parse(returned),
          r.isNullAt(9) ? null : r.getTimestamp(9).toInstant(),
          key);
    }
    assertEquals(planted.size(), byChange.size(), "takeovers found beyond the planted ones");
  }

  @Test
  void noLookalikeIsReportedAsATakeover() {
    List<Row> lookalikes = truth("lookalikes.csv");
    Set<String> kinds =
        lookalikes.stream().map(r -> (String) r.getAs("kind")).collect(Collectors.toSet());
    assertEquals(Set.of("after_close", "early", "down_chain", "peer", "handover", "bulk"), kinds);
    Set<String> found = found();
    for (Row l : lookalikes) {
      String key = truthChange(l);
      assertTrue(!found.contains(key), l.getAs("kind") + " reported as a takeover: " + key);
    }
  }

  @Test
  void plantedMicromanagersRankTopOnTheMicromanagementIndex() {
    Set<String> planted =
        truth("managers.csv").stream()
            .filter(r -> "true".equals(r.getAs("planted_micromanager")))
            .map(r -> (String) r.getAs("manager_id"))
            .collect(Collectors.toSet());
    List<Row> ranked =
        tables.get(OutputTables.MANAGER_SCORECARD).collectAsList().stream()
            .sorted(
                Comparator.comparing(
                    (Row r) -> r.isNullAt(14) ? -1.0 : r.getDouble(14), Comparator.reverseOrder()))
            .toList();
    assertEquals(truth("managers.csv").size(), ranked.size(), "one scorecard row per manager");
    Set<String> top =
        ranked.subList(0, planted.size()).stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
    String table =
        ranked.stream()
            .map(
                r ->
                    r.getString(0)
                        + " "
                        + (planted.contains(r.getString(0)) ? "*" : " ")
                        + " "
                        + r.mkString(" "))
            .collect(Collectors.joining("\n"));
    assertEquals(planted, top, "planted micromanagers (*) are not the top of:\n" + table);
  }

  @Test
  void takeoverEffectAgreesWithANaiveSearchOverTheInputRows() throws Exception {
    int k = SwoopConfig.defaults().effectControls();
    ContractRules rules = new ContractRules(dir);
    Map<String, String> today =
        model.users().collectAsList().stream()
            .filter(u -> u.getAs(ColumnNames.MANAGER_ID) != null)
            .collect(
                Collectors.toMap(
                    u -> u.getAs(ColumnNames.USER_ID), u -> u.getAs(ColumnNames.MANAGER_ID)));
    long movedSince =
        tables.get(OutputTables.DEAL_TAKEOVERS).collectAsList().stream()
            .filter(
                t -> {
                  String rep = t.getAs(ColumnNames.FROM_OWNER_ID);
                  java.sql.Timestamp at = t.getAs(ColumnNames.CHANGED_AT);
                  return !java.util.Objects.equals(
                      rules.managerAt(rep, at.toInstant()), today.get(rep));
                })
            .count();
    System.out.println("takeovers whose rep's manager then is not today's: " + movedSince);
    assertTrue(movedSince > 0, "the org tests the manager as of t only if some rep moved");
    Map<String, NaiveTakeoverEffect.Entity> expected =
        new NaiveTakeoverEffect(model, tables.get(OutputTables.DEAL_TAKEOVERS), rules::managerAt)
            .compute(NaiveTakeoverEffect.Design.CONTRACT, k);
    assertTrue(expected.get("org").matched().size() >= 10, "too few matched deals");
    Map<String, Row> actual =
        tables.get(OutputTables.TAKEOVER_EFFECT).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.isNullAt(1) ? "org" : r.getString(1), r -> r));
    assertEquals(expected.keySet(), actual.keySet());
    for (var e : expected.entrySet()) {
      assertEffectRow(e.getKey(), e.getValue(), actual.get(e.getKey()));
    }
    Map<String, Row> balance =
        tables.get(OutputTables.TAKEOVER_EFFECT_BALANCE).collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r ->
                        (r.isNullAt(1) ? "org" : r.getString(1))
                            + " "
                            + r.getAs(ColumnNames.COVARIATE),
                    r -> r));
    int rows = 0;
    for (var e : expected.entrySet()) {
      List<NaiveTakeoverEffect.Matched> deals = e.getValue().matched();
      if (deals.isEmpty()) {
        continue;
      }
      for (int i = 0; i < TakeoverEffect.COVARIATES.size(); i++) {
        String key = e.getKey() + " " + TakeoverEffect.COVARIATES.get(i);
        Row r = balance.get(key);
        assertTrue(r != null, "no balance row " + key);
        rows++;
        double n = deals.size();
        double tm = 0;
        double cm = 0;
        for (var m : deals) {
          tm += m.treated()[i] / n;
          for (double[] c : m.controls()) {
            cm += c[i] / m.controls().size() / n;
          }
        }
        double vt = 0;
        double vc = 0;
        for (var m : deals) {
          vt += (m.treated()[i] - tm) * (m.treated()[i] - tm) / n;
          for (double[] c : m.controls()) {
            vc += (c[i] - cm) * (c[i] - cm) / m.controls().size() / n;
          }
        }
        assertEquals(tm, r.getDouble(3), 1e-9, key);
        assertEquals(cm, r.getDouble(4), 1e-9, key);
        if (vt + vc < 1e-12) {
          continue;
        }
        assertEquals((tm - cm) / Math.sqrt((vt + vc) / 2), r.getDouble(5), 1e-6, key);
      }
    }
    assertEquals(rows, balance.size());
  }

  /** A takeover_effect row against the naive search's deals of that entity. */
  static void assertEffectRow(String who, NaiveTakeoverEffect.Entity entity, Row r) {
    List<NaiveTakeoverEffect.Matched> deals = entity.matched();
    int n = deals.size();
    assertEquals((long) n, (Long) r.getAs(ColumnNames.MATCHED_TAKEOVERS), who);
    assertEquals(
        (long) entity.unmatched()[0], (Long) r.getAs(ColumnNames.UNMATCHED_TAKEOVERS), who);
    if (n == 0) {
      assertTrue(r.isNullAt(r.fieldIndex(ColumnNames.EFFECT)), who);
      return;
    }
    double won = deals.stream().mapToDouble(d -> d.y()).sum();
    double meanC = deals.stream().mapToDouble(d -> d.c()).sum() / n;
    double meanD = deals.stream().mapToDouble(d -> d.d()).sum() / n;
    double ss = deals.stream().mapToDouble(d -> (d.d() - meanD) * (d.d() - meanD)).sum();
    assertEquals((long) won, (Long) r.getAs(ColumnNames.TAKEN_OVER_WON), who);
    assertEquals(n - (long) won, (Long) r.getAs(ColumnNames.TAKEN_OVER_LOST), who);
    assertEquals(won / n, (Double) r.getAs(ColumnNames.TAKEN_OVER_WIN_RATE), 1e-9, who);
    assertEquals(meanC, (Double) r.getAs(ColumnNames.MATCHED_WIN_RATE), 1e-9, who);
    assertEquals(meanD, (Double) r.getAs(ColumnNames.EFFECT), 1e-9, who);
    Double e = TakeoverEffect.eValue(won / n, meanC);
    if (e == null) {
      assertTrue(r.isNullAt(r.fieldIndex(ColumnNames.E_VALUE)), who);
    } else {
      assertEquals(e, (Double) r.getAs(ColumnNames.E_VALUE), 1e-9, who);
    }
    if (n < 2 || ss == 0) {
      assertTrue(r.isNullAt(r.fieldIndex(ColumnNames.EFFECT_LOW)), who);
      assertTrue(r.isNullAt(r.fieldIndex(ColumnNames.P_VALUE)), who);
      return;
    }
    double se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    var dist = new org.apache.commons.math3.distribution.TDistribution(n - 1.0);
    double half = dist.inverseCumulativeProbability(0.975) * se;
    assertEquals(Math.max(-1, meanD - half), (Double) r.getAs(ColumnNames.EFFECT_LOW), 1e-9, who);
    assertEquals(Math.min(1, meanD + half), (Double) r.getAs(ColumnNames.EFFECT_HIGH), 1e-9, who);
    double p = 2 * dist.cumulativeProbability(-Math.abs(meanD / se));
    assertEquals(p, (Double) r.getAs(ColumnNames.P_VALUE), 1e-9, who);
  }

  @Test
  void coachingFindsExactlyThePlantedOneToOnes() {
    Set<String> planted =
        truth("coaching.csv").stream()
            .map(
                r ->
                    String.join(
                        " ",
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        String.valueOf(r.getString(4))))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> computed =
        tables.get(OutputTables.COACHING).collectAsList().stream()
            .map(
                r ->
                    String.join(
                        " ",
                        r.getString(0),
                        r.getString(1),
                        String.valueOf(r.getLong(2)),
                        String.valueOf(r.getLong(3)),
                        String.valueOf(r.get(6))))
            .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(planted.size() >= 20, "planted coaching rows: " + planted.size());
    assertTrue(
        planted.stream().anyMatch(r -> !r.contains(" 0 0 null")), "some one-to-ones planted");
    assertEquals(planted, computed);
  }
}
