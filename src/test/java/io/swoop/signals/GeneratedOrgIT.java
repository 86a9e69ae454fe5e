package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
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
  void takeoverEffectAgreesWithANaiveSearchOverTheInputRows() {
    // Every closed opportunity: won or not.
    Map<String, Boolean> closedWon = new java.util.HashMap<>();
    for (Row o : model.opportunities().collectAsList()) {
      if (Boolean.TRUE.equals(o.getAs(ColumnNames.IS_CLOSED))) {
        closedWon.put(
            o.getAs(ColumnNames.OPPORTUNITY_ID), Boolean.TRUE.equals(o.getAs(ColumnNames.IS_WON)));
      }
    }
    Map<String, List<Row>> historyOf =
        model.opportunityHistory().collectAsList().stream()
            .collect(Collectors.groupingBy(r -> (String) r.getAs(ColumnNames.OPPORTUNITY_ID)));
    List<Row> takeovers = tables.get(OutputTables.DEAL_TAKEOVERS).collectAsList();
    Set<String> taken = new TreeSet<>();
    Map<String, Row> earliest = new java.util.TreeMap<>();
    for (Row t : takeovers) {
      String id = t.getAs(ColumnNames.OPPORTUNITY_ID);
      taken.add(id);
      Row e = earliest.get(id);
      Comparator<Row> byTimeThenTaker =
          Comparator.comparing((Row r) -> (java.sql.Timestamp) r.getAs(ColumnNames.CHANGED_AT))
              .thenComparing(r -> (String) r.getAs(ColumnNames.TO_OWNER_ID));
      if (e == null || byTimeThenTaker.compare(t, e) < 0) {
        earliest.put(id, t);
      }
    }
    int k = SwoopConfig.defaults().effectControls();
    Map<String, List<double[]>> byEntity = new java.util.TreeMap<>();
    for (Row t : earliest.values()) {
      String id = t.getAs(ColumnNames.OPPORTUNITY_ID);
      if (!closedWon.containsKey(id)) {
        continue;
      }
      java.sql.Timestamp at = t.getAs(ColumnNames.CHANGED_AT);
      String stage = t.getAs(ColumnNames.STAGE_NAME);
      double x = logAmount(t.getAs(ColumnNames.AMOUNT));
      List<Object[]> candidates = new java.util.ArrayList<>();
      for (var c : closedWon.entrySet()) {
        Row inForce = inForce(historyOf.getOrDefault(c.getKey(), List.of()), at);
        if (taken.contains(c.getKey())
            || inForce == null
            || !stage.equals(inForce.getAs(ColumnNames.STAGE_NAME))) {
          continue;
        }
        double dist = Math.abs(logAmount(inForce.getAs(ColumnNames.AMOUNT)) - x);
        candidates.add(new Object[] {dist, c.getKey(), c.getValue()});
      }
      if (candidates.isEmpty()) {
        continue;
      }
      candidates.sort(
          Comparator.comparing((Object[] c) -> (Double) c[0]).thenComparing(c -> (String) c[1]));
      List<Object[]> controls = candidates.subList(0, Math.min(k, candidates.size()));
      double c = controls.stream().filter(o -> (Boolean) o[2]).count() / (double) controls.size();
      double y = closedWon.get(id) ? 1 : 0;
      double[] deal = {y, c, y - c};
      byEntity
          .computeIfAbsent(t.getAs(ColumnNames.TO_OWNER_ID), e -> new java.util.ArrayList<>())
          .add(deal);
      byEntity.computeIfAbsent("org", e -> new java.util.ArrayList<>()).add(deal);
    }
    assertTrue(byEntity.getOrDefault("org", List.of()).size() >= 10, "too few matched deals");

    Map<String, Row> actual =
        tables.get(OutputTables.TAKEOVER_EFFECT).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.isNullAt(1) ? "org" : r.getString(1), r -> r));
    assertEquals(byEntity.keySet(), actual.keySet());
    for (var e : byEntity.entrySet()) {
      List<double[]> deals = e.getValue();
      Row r = actual.get(e.getKey());
      int n = deals.size();
      double won = deals.stream().mapToDouble(d -> d[0]).sum();
      double meanC = deals.stream().mapToDouble(d -> d[1]).sum() / n;
      double meanD = deals.stream().mapToDouble(d -> d[2]).sum() / n;
      double ss = deals.stream().mapToDouble(d -> (d[2] - meanD) * (d[2] - meanD)).sum();
      String who = e.getKey();
      assertEquals(n, r.getLong(2), who);
      assertEquals((long) won, r.getLong(3), who);
      assertEquals(n - (long) won, r.getLong(4), who);
      assertEquals(won / n, r.getDouble(5), 1e-9, who);
      assertEquals(meanC, r.getDouble(6), 1e-9, who);
      assertEquals(meanD, r.getDouble(7), 1e-9, who);
      if (n < 2 || ss == 0) {
        assertTrue(r.isNullAt(8) && r.isNullAt(9) && r.isNullAt(10), who);
        continue;
      }
      double se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
      var dist = new org.apache.commons.math3.distribution.TDistribution(n - 1.0);
      double half = dist.inverseCumulativeProbability(0.975) * se;
      assertEquals(Math.max(-1, meanD - half), r.getDouble(8), 1e-9, who);
      assertEquals(Math.min(1, meanD + half), r.getDouble(9), 1e-9, who);
      double p = 2 * dist.cumulativeProbability(-Math.abs(meanD / se));
      assertEquals(p, r.getDouble(10), 1e-9, who);
    }
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

  /** The history row in force at {@code at}: the latest written at or before it. */
  private static Row inForce(List<Row> history, java.sql.Timestamp at) {
    Comparator<java.sql.Timestamp> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
    Comparator<Row> order =
        Comparator.comparing((Row h) -> (java.sql.Timestamp) h.getAs(ColumnNames.CREATED_DATE))
            .thenComparing(
                h -> (java.sql.Timestamp) h.getAs(ColumnNames.SYSTEM_MODSTAMP), nullsFirst)
            .thenComparing(h -> (String) h.getAs(ColumnNames.HISTORY_ID));
    return history.stream()
        .filter(h -> !((java.sql.Timestamp) h.getAs(ColumnNames.CREATED_DATE)).after(at))
        .max(order)
        .orElse(null);
  }

  private static double logAmount(BigDecimal amount) {
    return amount == null ? 0 : Math.log1p(Math.max(0, amount.doubleValue()));
  }
}
