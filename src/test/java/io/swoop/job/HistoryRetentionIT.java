package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.model.OutputTables;
import io.swoop.source.sfdc.FakeOrg;
import io.swoop.source.sfdc.FakeSalesforce;
import io.swoop.source.sfdc.SmallOrg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONTRACT §4: after Salesforce purges old stage and field history, a {@code --full} run on the
 * same raw mirror publishes the tables the first run published.
 */
class HistoryRetentionIT {
  private static final String DATE = "2024-06-30";

  @TempDir Path dir;

  private int run(FakeSalesforce sf, Path out, boolean full, String bulk) throws Exception {
    Path conf = dir.resolve("swoop.properties");
    Files.writeString(
        conf,
        "user.hire_date_field = Hire_Date__c\nsfdc.backoff_millis = 1\nsfdc.bulk = " + bulk + "\n");
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "--source",
                "sfdc",
                "--output",
                out.toString(),
                "--raw",
                dir.resolve("raw").toString(),
                "--snapshot-date",
                DATE,
                "--conf",
                conf.toString()));
    if (full) {
      args.add("--full");
    }
    return Main.run(sf.accessTokenEnv(), args.toArray(String[]::new));
  }

  /** Through SOAP and through Bulk API 2.0 ({@code sfdc.bulk}) alike. */
  @ParameterizedTest
  @ValueSource(strings = {"never", "always"})
  void aFullRunAfterSalesforcePurgedHistoryPublishesTheSameTables(String bulk) throws Exception {
    Path first = dir.resolve("out-first");
    Path second = dir.resolve("out-second");
    int purged = 0;
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      assertEquals(0, run(sf, first, false, bulk));
      FakeOrg org = sf.org();
      Instant cut = Instant.parse("2023-03-01T00:00:00Z");
      synchronized (org) {
        for (String h : List.of("OpportunityHistory", "OpportunityFieldHistory")) {
          int before = org.table(h).rows().size();
          org.table(h).rows().removeIf(r -> ((Instant) r.get("CreatedDate")).isBefore(cut));
          purged += before - org.table(h).rows().size();
        }
      }
      assertTrue(purged > 5, "the retention cut must remove rows that matter: " + purged);
      assertEquals(0, run(sf, second, true, bulk));
    }

    JsonNode manifest =
        new ObjectMapper()
            .readTree(second.resolve("_runs").resolve("snapshot_date=" + DATE + ".json").toFile());
    JsonNode objects = manifest.path("inputs").path("objects");
    assertEquals(
        purged,
        objects.path("OpportunityHistory").path("rows_kept").asLong()
            + objects.path("OpportunityFieldHistory").path("rows_kept").asLong(),
        manifest.toString());
    assertTrue(
        manifest.path("inputs").path("warnings").toString().contains("back it up"),
        manifest.toString());
    String api = bulk.equals("always") ? "bulk" : "soap";
    assertEquals(api, objects.path("OpportunityFieldHistory").path("api").asText());

    // Sized for a small input (no generated code, one shuffle partition): it reads a few rows.
    SparkSession spark = Spark.session("local[2]", Map.of(), 0);
    try {
      for (String table : OutputTables.ALL.keySet()) {
        assertEquals(rows(spark, first, table), rows(spark, second, table), table);
      }
    } finally {
      spark.stop();
    }
  }

  private static List<String> rows(SparkSession spark, Path out, String table) {
    return spark.read().parquet(out.resolve(table).toString()).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .collect(Collectors.toList());
  }
}
