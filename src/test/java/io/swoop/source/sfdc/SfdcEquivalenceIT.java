package io.swoop.source.sfdc;

import static io.swoop.source.sfdc.SfdcTesting.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ModelBuilder;
import io.swoop.model.Source;
import io.swoop.source.export.ExportSource;
import io.swoop.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same org read through Salesforce and through its CSV exports gives the same canonical model.
 */
class SfdcEquivalenceIT extends SparkTestBase {
  private static final LocalDate SNAPSHOT = LocalDate.of(2024, 6, 30);

  @TempDir Path dir;

  private static Map<String, Dataset<Row>> tables(CanonicalModel m) {
    Map<String, Dataset<Row>> t = new LinkedHashMap<>();
    t.put("users", m.users());
    t.put("opportunities", m.opportunities());
    t.put("opportunity_history", m.opportunityHistory());
    t.put("opportunity_field_history", m.opportunityFieldHistory());
    t.put("tasks", m.tasks());
    t.put("events", m.events());
    t.put("event_relations", m.eventRelations().orElseThrow());
    return t;
  }

  private static List<String> sorted(Dataset<Row> d) {
    return d.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static void assertSameModel(CanonicalModel expected, CanonicalModel actual) {
    assertSameModel(expected, actual, false);
  }

  /** With {@code userHistory}, the user_history tables too, which must then hold rows. */
  private static void assertSameModel(
      CanonicalModel expected, CanonicalModel actual, boolean userHistory) {
    Map<String, Dataset<Row>> e = tables(expected);
    Map<String, Dataset<Row>> a = tables(actual);
    if (userHistory) {
      e.put("user_history", expected.userHistory());
      a.put("user_history", actual.userHistory());
    } else {
      assertEquals(0, expected.userHistory().count());
      assertEquals(0, actual.userHistory().count());
    }
    for (String table : e.keySet()) {
      assertEquals(e.get(table).schema(), a.get(table).schema(), table);
      List<String> rows = sorted(e.get(table));
      assertFalse(rows.isEmpty(), table);
      List<String> other = sorted(a.get(table));
      List<String> missing = rows.stream().filter(r -> !other.contains(r)).toList();
      List<String> extra = other.stream().filter(r -> !rows.contains(r)).toList();
      assertEquals(
          List.of(),
          missing.subList(0, Math.min(3, missing.size())),
          table
              + ": "
              + missing.size()
              + " rows differ; instead: "
              + extra.subList(0, Math.min(3, extra.size())));
      assertEquals(rows.size(), other.size(), table);
    }
    assertEquals(0, expected.rejected().count());
    assertEquals(0, actual.rejected().count());
  }

  @Test
  void theSfdcSourceGivesTheModelOfTheExports() throws Exception {
    SwoopConfig config = config();
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      sf.typedValues(true);
      Path exports = dir.resolve("exports");
      sf.writeExports(exports);
      CanonicalModel fromExports =
          ModelBuilder.build(spark, new ExportSource(exports.toString()), config, SNAPSHOT);
      Source source = Salesforce.source(spark, config, sf.accessTokenEnv(), null, false);
      CanonicalModel fromSfdc = ModelBuilder.build(spark, source, config, SNAPSHOT);

      assertSameModel(fromExports, fromSfdc);
      // Hire_Date__c reached the model; deleted records did not.
      assertTrue(fromSfdc.users().filter("hire_date is not null").count() == 2);
      assertEquals(11, fromSfdc.opportunities().count());
      Map<String, Object> described = source.describe();
      assertEquals("sfdc", described.get("source"));
      assertTrue(((Map<?, ?>) described.get("watermarks")).containsKey("OpportunityFieldHistory"));
      assertEquals(sf.allCalls(), described.get("api_calls"));

      String temporary = (String) described.get("raw");
      assertTrue(Files.isDirectory(Path.of(temporary)));
      ((AutoCloseable) source).close();
      assertFalse(Files.exists(Path.of(temporary)), "a run without --raw leaves no mirror behind");
    }
  }

  @Test
  void bulkAndSoapPullsGiveTheSameMirrorAndTheModelOfTheExports() throws Exception {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.withUserHistory(SmallOrg.org()))) {
      sf.bulkPageSize(100);
      Path exports = dir.resolve("exports");
      sf.writeExports(exports);
      String soap = dir.resolve("soap").toString();
      String bulk = dir.resolve("bulk").toString();
      Salesforce.extract(
          spark, config("sfdc.bulk", "never"), sf.accessTokenEnv(), soap, null, false);
      assertEquals(0, sf.bulkCalls());
      sf.resetCounts();
      Map<String, Object> s =
          Salesforce.extract(
              spark, config("sfdc.bulk", "always"), sf.accessTokenEnv(), bulk, null, false);

      RawMirror.State a = SfdcTesting.current(spark, soap).state();
      RawMirror.State b = SfdcTesting.current(spark, bulk).state();
      for (String object : a.objects().keySet()) {
        Map<?, ?> summary = (Map<?, ?>) ((Map<?, ?>) s.get("objects")).get(object);
        assertEquals("bulk", summary.get("api"), object);
        assertEquals(1L, summary.get("bulk_jobs"), object);
        assertEquals(a.objects().get(object), b.objects().get(object), object);
        assertEquals(
            rows(SfdcTesting.mirror(spark, soap, object)),
            rows(SfdcTesting.mirror(spark, bulk, object)),
            object);
      }
      // Task's 450 rows came in pages of 100, in no particular order; every job was left done.
      assertEquals(
          5,
          sf.calls().stream()
              .filter(c -> c.op().equals("bulkResults") && "Task".equals(c.object()))
              .count());
      assertTrue(sf.bulkJobStates().stream().allMatch("JobComplete"::equals));
      assertEquals(sf.allCalls(), s.get("api_calls"));

      SwoopConfig config = config();
      assertSameModel(
          ModelBuilder.build(spark, new ExportSource(exports.toString()), config, SNAPSHOT),
          ModelBuilder.build(
              spark,
              Salesforce.source(
                  spark, config("sfdc.bulk", "always"), sf.accessTokenEnv(), bulk, false),
              config,
              SNAPSHOT),
          true);
    }
  }

  /**
   * A nightly mirror of an org without User field history: a pull, a manager change and a
   * deactivation in Salesforce, a pull again; the mirror then reads as the exports with the
   * equivalent UserHistory.csv (CONTRACT §4), and so do the CSV exports of the extract.
   */
  @Test
  void userChangesBetweenTwoPullsReadAsTheExportsWithTheirUserHistory() throws Exception {
    SwoopConfig config = config();
    String raw = dir.resolve("raw").toString();
    String rep4 = SmallOrg.user(4);
    String rep5 = SmallOrg.user(5);
    Instant moved = Instant.parse("2024-03-01T09:30:00Z");
    Instant left = Instant.parse("2024-04-15T17:00:00Z");
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      Map<String, Object> first =
          Salesforce.extract(spark, config, sf.accessTokenEnv(), raw, null, false);
      assertEquals(false, object(first, "UserHistory").get("present"));
      assertEquals(7L, object(first, "User").get("versions"));
      assertTrue(mirrorSource(raw).read(spark, userHistorySpec()).isEmpty());

      SmallOrg.changeManager(sf.org(), rep5, SmallOrg.user(3), moved);
      SmallOrg.deactivate(sf.org(), rep4, left);
      Map<String, Object> second =
          Salesforce.extract(spark, config, sf.accessTokenEnv(), raw, "csv", false);
      assertEquals(9L, object(second, "User").get("versions"));
      assertEquals(2L, object(second, "User").get("versions_added"));

      Path exports = dir.resolve("exports");
      sf.writeExports(exports);
      assertFalse(Files.exists(exports.resolve("UserHistory.csv")));
      Files.writeString(
          exports.resolve("UserHistory.csv"),
          "Id,UserId,Field,OldValue,NewValue,CreatedDate,DataType\r\n"
              + String.join(
                  ",",
                  UserVersions.syntheticId(rep5, "ManagerId", moved.toEpochMilli()),
                  rep5,
                  "ManagerId",
                  SmallOrg.user(2),
                  SmallOrg.user(3),
                  "2024-03-01T09:30:00.000Z",
                  "EntityId")
              + "\r\n"
              + String.join(
                  ",",
                  UserVersions.syntheticId(rep4, "IsActive", left.toEpochMilli()),
                  rep4,
                  "IsActive",
                  "true",
                  "false",
                  "2024-04-15T17:00:00.000Z",
                  "Boolean")
              + "\r\n");
      CanonicalModel fromExports =
          ModelBuilder.build(spark, new ExportSource(exports.toString()), config, SNAPSHOT);
      CanonicalModel fromMirror = ModelBuilder.build(spark, mirrorSource(raw), config, SNAPSHOT);
      assertEquals(2, fromMirror.userHistory().count());
      assertSameModel(fromExports, fromMirror, true);
      assertSameModel(
          fromExports,
          ModelBuilder.build(spark, new ExportSource((String) second.get("csv")), config, SNAPSHOT),
          true);

      // A --full pull is the truth for users, not for their versions: those are the history.
      Map<String, Object> full =
          Salesforce.extract(spark, config, sf.accessTokenEnv(), raw, null, true);
      assertEquals(9L, object(full, "User").get("versions"));
      assertEquals(0L, object(full, "User").get("versions_added"));
      assertSameModel(
          fromExports, ModelBuilder.build(spark, mirrorSource(raw), config, SNAPSHOT), true);
    }
  }

  /**
   * An org with User field history: UserHistory is pulled and mirrored, and a change that both it
   * and the User versions saw is one row, the org's, so the mirror reads as the org's exports.
   */
  @Test
  void anOrgsUserHistoryIsPulledAndAChangeItRecordsIsNotCountedTwice() throws Exception {
    SwoopConfig config = config();
    String raw = dir.resolve("raw").toString();
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.withUserHistory(SmallOrg.org()))) {
      Map<String, Object> first =
          Salesforce.extract(spark, config, sf.accessTokenEnv(), raw, null, false);
      assertEquals(true, object(first, "UserHistory").get("present"));
      assertEquals(4L, object(first, "UserHistory").get("rows"));

      SmallOrg.changeManager(
          sf.org(), SmallOrg.user(5), SmallOrg.user(3), Instant.parse("2024-03-01T09:30:00Z"));
      Map<String, Object> second =
          Salesforce.extract(spark, config, sf.accessTokenEnv(), raw, null, false);
      assertEquals("incremental", object(second, "UserHistory").get("mode"));
      // The two rows of the change, and the deactivation whose CreatedDate is the watermark.
      assertEquals(3L, object(second, "UserHistory").get("rows_fetched"));
      assertEquals(6L, object(second, "UserHistory").get("rows"));
      assertEquals(1L, object(second, "User").get("versions_added"));

      Path exports = dir.resolve("exports");
      sf.writeExports(exports);
      CanonicalModel fromExports =
          ModelBuilder.build(spark, new ExportSource(exports.toString()), config, SNAPSHOT);
      CanonicalModel fromMirror = ModelBuilder.build(spark, mirrorSource(raw), config, SNAPSHOT);
      assertEquals(6, fromMirror.userHistory().count());
      assertSameModel(fromExports, fromMirror, true);
    }
  }

  private static MirrorSource mirrorSource(String raw) {
    return new MirrorSource(SfdcTesting.current(spark, raw), Map.of(), null);
  }

  private static io.swoop.model.ObjectSpec userHistorySpec() {
    return io.swoop.model.ObjectSpec.of(io.swoop.model.SfObject.USER_HISTORY, null, null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> summary, String object) {
    return (Map<String, Object>) ((Map<String, Object>) summary.get("objects")).get(object);
  }

  private static List<String> rows(List<Row> rows) {
    return rows.stream().map(Row::toString).toList();
  }

  @Test
  void theMirrorSourceNumbersRowsInIdOrderAndRendersThem() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      Source source =
          Salesforce.source(
              spark, config(), sf.accessTokenEnv(), dir.resolve("raw").toString(), false);
      io.swoop.model.ObjectSpec spec =
          io.swoop.model.ObjectSpec.of(io.swoop.model.SfObject.USER, "Hire_Date__c", null);
      List<Row> users = source.read(spark, spec).orElseThrow().collectAsList();
      assertEquals(spec.rawSchema(), source.read(spark, spec).orElseThrow().schema());
      assertEquals(7, users.size());
      for (int i = 0; i < users.size(); i++) {
        Row r = users.get(i);
        assertEquals(i + 1L, r.getLong(spec.fields().size()));
        assertEquals(SmallOrg.user(i + 1), r.getString(0));
        assertEquals(null, r.get(spec.fields().size() + 2));
      }
      assertEquals(
          "\""
              + SmallOrg.user(2)
              + "\",\"Mark \"\"The Boss\"\" Manager\",\""
              + SmallOrg.user(1)
              + "\",\"true\",\"2020-02-03T10:11:12.345Z\",\"2023-01-01T00:00:00.000Z\",,\"Manager, East\",",
          users.get(1).getString(spec.fields().size() + 1));
    }
  }

  @Test
  void theCsvExportsOfAnExtractReadAsTheOrg() throws Exception {
    SwoopConfig config = config();
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      sf.typedValues(false);
      Path exports = dir.resolve("exports");
      sf.writeExports(exports);
      Map<String, Object> s =
          Salesforce.extract(
              spark, config, sf.accessTokenEnv(), dir.resolve("raw").toString(), "csv", false);
      String csv = (String) s.get("csv");
      assertEquals(
          dir.resolve("raw").resolve("csv").toUri().getPath().replaceAll("/$", ""),
          Path.of(csv.replaceFirst("^file:", "")).toUri().getPath().replaceAll("/$", ""));
      assertTrue(
          Files.readString(Path.of(csv.replaceFirst("^file:", ""), "User.csv"))
              .startsWith(
                  "\"Id\",\"Name\",\"ManagerId\",\"IsActive\",\"CreatedDate\",\"LastModifiedDate\",\"UserRoleId\",\"Title\","
                      + "\"Hire_Date__c\",\"SystemModstamp\"\r\n"));

      assertSameModel(
          ModelBuilder.build(spark, new ExportSource(exports.toString()), config, SNAPSHOT),
          ModelBuilder.build(spark, new ExportSource(csv), config, SNAPSHOT));
    }
  }
}
