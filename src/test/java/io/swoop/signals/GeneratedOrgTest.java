package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.generate.SyntheticOrg;
import io.swoop.model.CanonicalModel;
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
class GeneratedOrgTest extends SignalsTestBase {
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
    tables = Signals.compute(spark, model, config);
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

  private static String change(Object opportunity, Object changedAt, Object from, Object to) {
    String at =
        changedAt instanceof java.sql.Timestamp t
            ? t.toInstant().toString()
            : java.time.Instant.parse((String) changedAt).toString();
    return opportunity + " " + at + " " + from + " -> " + to;
  }

  private static Set<String> found() {
    return tables.get(OutputTables.DEAL_TAKEOVERS).collectAsList().stream()
        .map(r -> change(r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theExportSourceReadsBackEveryGeneratedRow() {
    for (var object : io.swoop.model.SfObject.values()) {
      var stats = model.stats().get(object.apiName());
      long written = summary.rowsPerFile().get(object.fileName());
      org.junit.jupiter.api.Assertions.assertEquals(written, stats.read(), object.fileName());
      org.junit.jupiter.api.Assertions.assertEquals(0, stats.rejected(), object.fileName());
      org.junit.jupiter.api.Assertions.assertEquals(Map.of(), stats.unparseableOptional(), object.fileName());
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
            .collect(Collectors.toMap(r -> change(r.get(0), r.get(1), r.get(2), r.get(3)), r -> r));
    for (Row p : planted) {
      String key =
          change(
              p.getAs("opportunity_id"),
              p.getAs("changed_at"),
              p.getAs("from_owner_id"),
              p.getAs("to_owner_id"));
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
      String key =
          change(
              l.getAs("opportunity_id"),
              l.getAs("changed_at"),
              l.getAs("from_owner_id"),
              l.getAs("to_owner_id"));
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
}
