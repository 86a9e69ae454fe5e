package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.model.OutputTables;
import io.swoop.source.sfdc.FakeSalesforce;
import io.swoop.source.sfdc.SmallOrg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One model, two sources: {@code run --source sfdc} against a Partner-API server on loopback and
 * {@code run --source export} on the same org's CSV exports publish identical tables, whether the
 * pull goes through SOAP or through Bulk API 2.0 ({@code sfdc.bulk}).
 */
class SourcesAgreeIT {
  private static final String DATE = "2024-06-30";

  @TempDir static Path dir;
  private static final List<String> APIS = List.of("never", "always");
  private static final Map<String, Path> fromSfdc = new LinkedHashMap<>();
  private static Path fromExports;

  /** The session that reads the outputs, started once the runs (which start their own) are done. */
  private static SparkSession spark;

  @BeforeAll
  static void runBothSources() throws Exception {
    Path exports = dir.resolve("exports");
    fromExports = dir.resolve("out-export");
    Path conf = dir.resolve("swoop.properties");
    Files.writeString(conf, "user.hire_date_field = Hire_Date__c\nsfdc.backoff_millis = 1\n");
    for (String bulk : APIS) {
      Path out = dir.resolve("out-sfdc-" + bulk);
      Path sfdcConf = dir.resolve("swoop-" + bulk + ".properties");
      Files.writeString(sfdcConf, Files.readString(conf) + "sfdc.bulk = " + bulk + "\n");
      try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
        sf.writeExports(exports);
        assertEquals(
            0,
            Main.run(
                sf.accessTokenEnv(),
                "run",
                "--source",
                "sfdc",
                "--output",
                out.toString(),
                "--raw",
                dir.resolve("raw-" + bulk).toString(),
                "--snapshot-date",
                DATE,
                "--conf",
                sfdcConf.toString()));
      }
      fromSfdc.put(bulk, out);
    }
    assertEquals(
        0,
        Main.run(
            Map.of(),
            "run",
            "--source",
            "export",
            "--input",
            exports.toString(),
            "--output",
            fromExports.toString(),
            "--snapshot-date",
            DATE,
            "--conf",
            conf.toString()));
    // Sized for a small input (no generated code, one shuffle partition): it reads a few rows.
    spark = Spark.session("local[2]", Map.of(), 0);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Through SOAP ({@code never}) and through Bulk API 2.0 ({@code always}). */
  @ParameterizedTest
  @ValueSource(strings = {"never", "always"})
  void sfdcAndExportRunsPublishIdenticalTables(String bulk) {
    for (String table : OutputTables.ALL.keySet()) {
      List<String> a = rows(spark, fromSfdc.get(bulk), table);
      List<String> b = rows(spark, fromExports, table);
      assertEquals(b, a, table);
      // The fixture org's one late-stage takeover is of a deal still open, so no deal can be
      // matched: takeover_effect and its balance are empty from both sources (GeneratedOrgIT
      // checks the effect).
      if (!table.equals(OutputTables.REJECTED_ROWS)
          && !table.equals(OutputTables.TAKEOVER_EFFECT)
          && !table.equals(OutputTables.TAKEOVER_EFFECT_BALANCE)) {
        assertTrue(!a.isEmpty(), table + " is empty: the org should exercise every table");
      }
    }
  }

  @Test
  void theManifestTimesEveryStageIncludingTheExtract() throws Exception {
    Map<String, Double> sfdc = stageSeconds(fromSfdc.get("never"));
    assertEquals("extract", sfdc.keySet().iterator().next(), sfdc.toString());
    assertTrue(sfdc.get("extract") > 0, sfdc.toString());
    Map<String, Double> export = stageSeconds(fromExports);
    assertFalse(export.containsKey("extract"), "an export is read, not extracted: " + export);
    for (Map<String, Double> stages : List.of(sfdc, export)) {
      // The signals stage computes the shared intermediates, each timed as "compute <name>"
      // within it: it lasts at least as long as the longest of them, and they are not empty.
      double longest = 0;
      int computed = 0;
      for (Map.Entry<String, Double> e : stages.entrySet()) {
        if (e.getKey().startsWith(NightlyJob.COMPUTE)) {
          longest = Math.max(longest, e.getValue());
          computed++;
        }
      }
      assertTrue(computed >= 5, stages.toString());
      assertTrue(longest > 0, stages.toString());
      assertTrue(stages.get("signals") >= longest, stages.toString());
      assertTrue(stages.get("model") > 0, stages.toString());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Double> stageSeconds(Path out) throws Exception {
    Map<String, Object> manifest =
        new ObjectMapper()
            .readValue(
                out.resolve("_runs").resolve("snapshot_date=" + DATE + ".json").toFile(),
                Map.class);
    Map<String, Double> seconds = new LinkedHashMap<>();
    ((Map<String, Object>) manifest.get("stage_seconds"))
        .forEach((k, v) -> seconds.put(k, ((Number) v).doubleValue()));
    return seconds;
  }

  private static List<String> rows(SparkSession spark, Path out, String table) {
    return spark.read().parquet(out.resolve(table).toString()).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .collect(Collectors.toList());
  }
}
