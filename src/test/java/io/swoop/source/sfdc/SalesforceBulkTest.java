package io.swoop.source.sfdc;

import static io.swoop.source.sfdc.SfdcTesting.config;
import static io.swoop.source.sfdc.SfdcTesting.failedPull;
import static io.swoop.source.sfdc.SfdcTesting.mirror;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.core.SwoopException;
import io.swoop.model.SfObject;
import io.swoop.testing.SparkTestBase;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk API 2.0 pulls: which objects take it, and the faults they survive (a failed job, an expired
 * session in the middle of the results, gzip or not, an object Bulk does not serve).
 */
class SalesforceBulkTest extends SparkTestBase {
  @TempDir static Path shared;
  @TempDir Path dir;

  /** Task as a SOAP pull mirrors it: what every Bulk pull of Task must give. */
  private static List<String> soapTasks;

  @BeforeAll
  static void pullThroughSoap() {
    String raw = shared.resolve("soap").toString();
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      Salesforce.extract(
          spark, config("sfdc.bulk", "never"), sf.accessTokenEnv(), raw, null, false);
    }
    soapTasks = rows(mirror(spark, raw, "Task"));
  }

  private String raw() {
    return dir.resolve("raw").toString();
  }

  private static List<String> rows(List<Row> rows) {
    return rows.stream().map(Row::toString).toList();
  }

  private static final List<String> ALL_OBJECTS =
      List.of(
              "User",
              "Opportunity",
              "OpportunityHistory",
              "OpportunityFieldHistory",
              "Task",
              "Event",
              "EventRelation",
              // Not in the fixture org: its count answers INVALID_TYPE, and it reads as absent.
              "UserHistory")
          .stream()
          .sorted()
          .toList();

  private static List<?> warnings(Map<String, Object> summary) {
    return (List<?>) summary.get("warnings");
  }

  private static Map<?, ?> object(Map<String, Object> summary, String object) {
    return (Map<?, ?>) ((Map<?, ?>) summary.get("objects")).get(object);
  }

  private static List<FakeSalesforce.Call> calls(FakeSalesforce sf, String object, String op) {
    return sf.calls().stream().filter(c -> object.equals(c.object()) && c.op().equals(op)).toList();
  }

  @Test
  void autoPullsObjectsAboveBulkMinRowsThroughBulkAndTheOthersThroughSoap() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      var auto = config("sfdc.bulk", "auto", "sfdc.bulk_min_rows", "100");
      Map<String, Object> s =
          Salesforce.extract(spark, auto, sf.accessTokenEnv(), raw(), null, false);

      // A full pull counts each object's live rows once: the count routes the pull and is the
      // reconciliation's too.
      List<String> counted =
          sf.calls().stream()
              .filter(c -> c.soql() != null && c.soql().startsWith("SELECT COUNT() FROM "))
              .map(FakeSalesforce.Call::object)
              .sorted()
              .toList();
      assertEquals(ALL_OBJECTS, counted);
      assertTrue(
          sf.calls().stream()
              .filter(c -> c.soql() != null && c.soql().startsWith("SELECT COUNT() FROM "))
              .allMatch(
                  c ->
                      Arrays.stream(SfObject.values())
                          .map(Soql::liveCount)
                          .toList()
                          .contains(c.soql())),
          sf.calls().toString());
      assertTrue(warnings(s).isEmpty(), warnings(s).toString());
      assertEquals(446L, object(s, "Task").get("salesforce_rows"));
      assertEquals(446L, object(s, "Task").get("mirror_rows_compared"));
      // Only Task (450 rows) is above 100: one job, no SOAP page; Event (30) stays on SOAP.
      assertEquals(
          Set.of("Task"),
          sf.calls().stream()
              .filter(c -> c.op().equals("bulkCreate"))
              .map(FakeSalesforce.Call::object)
              .collect(Collectors.toSet()));
      assertTrue(
          calls(sf, "Task", "queryAll").stream()
              .allMatch(c -> c.soql().startsWith("SELECT COUNT()")));
      assertFalse(
          calls(sf, "Event", "queryAll").stream()
              .allMatch(c -> c.soql().startsWith("SELECT COUNT()")));
      assertEquals("bulk", object(s, "Task").get("api"));
      assertEquals(1L, object(s, "Task").get("bulk_jobs"));
      assertEquals("soap", object(s, "Event").get("api"));
      assertEquals(0L, object(s, "Event").get("bulk_jobs"));
      assertEquals(soapTasks, rows(mirror(spark, raw(), "Task")));

      // Incremental: objects whose mirror is below the threshold are not even counted; Task is,
      // and its few changes come through SOAP.
      sf.resetCounts();
      Map<String, Object> again =
          Salesforce.extract(spark, auto, sf.accessTokenEnv(), raw(), null, false);
      assertEquals(
          List.of("Task"),
          sf.calls().stream()
              .filter(c -> c.soql() != null && c.soql().startsWith("SELECT COUNT()"))
              .filter(c -> c.soql().contains(" WHERE SystemModstamp >= "))
              .map(FakeSalesforce.Call::object)
              .toList());
      // The reconciliation counts every object's live rows after an incremental pull.
      assertEquals(
          ALL_OBJECTS,
          sf.calls().stream()
              .filter(c -> c.soql() != null && c.soql().startsWith("SELECT COUNT()"))
              .filter(c -> !c.soql().contains("SystemModstamp"))
              .map(FakeSalesforce.Call::object)
              .sorted()
              .toList());
      assertEquals(0, sf.bulkCalls());
      assertEquals("soap", object(again, "Task").get("api"));
      assertEquals(soapTasks, rows(mirror(spark, raw(), "Task")));
    }
  }

  @Test
  void aBulkPullCountsEveryRequestAsADataCallAndOneJobAsTheMinimum() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.bulkPageSize(100);
      sf.bulkPollsBeforeComplete(0);
      Map<String, Object> s =
          Salesforce.extract(
              spark, config("sfdc.bulk", "always"), sf.accessTokenEnv(), raw(), null, false);

      Map<?, ?> task = object(s, "Task");
      // 450 rows in pages of 100: a create, a poll that finds the job complete, 5 pages.
      assertEquals(5L, task.get("pages"));
      assertEquals(7L, task.get("data_calls"));
      assertEquals(7L, task.get("min_data_calls"));
      assertEquals(
          sf.calls().stream()
              .filter(c -> "Task".equals(c.object()) && c.op().startsWith("bulk"))
              .count(),
          task.get("data_calls"));
      // Then the reconciliation's COUNT() through SOAP.
      assertEquals(7L + 1, task.get("api_calls"));
      assertEquals(446L, task.get("salesforce_rows"));
      assertEquals(sf.allCalls(), s.get("api_calls"));
      assertEquals(s.get("min_data_calls"), s.get("data_calls"));
    }
  }

  @Test
  void aRequiredFieldHiddenByFieldLevelSecurityStopsABulkPullWithExit3() {
    FakeOrg org = SmallOrg.completeOrg();
    org.table("Opportunity").hide("StageName");
    try (FakeSalesforce sf = FakeSalesforce.start(org)) {
      SwoopException e =
          failedPull(spark, config("sfdc.bulk", "always"), sf.accessTokenEnv(), raw());

      assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
      assertTrue(e.getMessage().startsWith(SfdcTesting.STAGE_NAME_HIDDEN), e.getMessage());
      assertEquals(1, calls(sf, "Opportunity", "bulkCreate").size());
      assertEquals(0, calls(sf, "Opportunity", "queryAll").size());
      assertTrue(
          new RawMirror(raw(), spark.sparkContext().hadoopConfiguration()).current().isEmpty());
    }
  }

  @Test
  void aFailedJobIsRunAgainAsTwoJobsOfHalfTheWindow() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      sf.rule(
          FakeSalesforce.once(
              c ->
                  "Task".equals(c.object()) && c.op().equals("bulkPoll")
                      ? FakeSalesforce.bulkJobFailed("InternalServerError: retry later")
                      : null));
      Map<String, Object> s =
          Salesforce.extract(
              spark, config("sfdc.bulk", "always"), sf.accessTokenEnv(), raw(), null, false);

      List<FakeSalesforce.Call> created = calls(sf, "Task", "bulkCreate");
      // The first job asked for Task.DurationInMinutes, which the org lacks: refused, field
      // dropped.
      assertTrue(created.get(0).soql().contains("DurationInMinutes"));
      created = created.subList(1, created.size());
      assertEquals(3, created.size());
      assertTrue(created.get(0).soql().endsWith(" FROM Task"), created.get(0).soql());
      String mid = created.get(1).soql().replaceFirst(".*SystemModstamp <= (\\S+).*", "$1");
      assertTrue(created.get(1).soql().endsWith(" FROM Task WHERE SystemModstamp <= " + mid));
      assertTrue(created.get(2).soql().endsWith(" FROM Task WHERE SystemModstamp > " + mid));
      // The failed job was deleted; the two halves gave every row once.
      assertEquals(1, calls(sf, "Task", "bulkDelete").size());
      assertEquals(3L, object(s, "Task").get("bulk_jobs"));
      assertEquals(soapTasks, rows(mirror(spark, raw(), "Task")));
    }
  }

  @Test
  void aJobThatFailsAgainOnHalfTheWindowStopsNamingObjectAndQuery() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      sf.rule(
          c ->
              "Task".equals(c.object()) && c.op().equals("bulkPoll")
                  ? FakeSalesforce.bulkJobFailed("InternalServerError: retry later")
                  : null);
      SwoopException e =
          failedPull(
              spark,
              config("sfdc.bulk", "always", "sfdc.parallelism", "1"),
              sf.accessTokenEnv(),
              raw());

      assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Salesforce extract of Task stopped: the Bulk API job failed, and failed again on"
                      + " a window half as wide (job Failed: InternalServerError: retry later)."
                      + " Query: SELECT Id, WhatId, "),
          e.getMessage());
      assertTrue(e.getMessage().contains(" FROM Task WHERE SystemModstamp <= "), e.getMessage());
      // Refused for DurationInMinutes, failed, failed on half the window; both jobs deleted.
      assertEquals(3, calls(sf, "Task", "bulkCreate").size());
      assertEquals(2, calls(sf, "Task", "bulkDelete").size());
      assertTrue(
          new RawMirror(raw(), spark.sparkContext().hadoopConfiguration()).current().isEmpty());
    }
  }

  @Test
  void anExpiredSessionIsRenewedInTheMiddleOfTheResultsAndPagingGoesOn() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      sf.bulkPageSize(100);
      AtomicBoolean expired = new AtomicBoolean();
      sf.rule(
          c -> {
            if ("Task".equals(c.object())
                && c.op().equals("bulkResults")
                && c.page() == 3
                && expired.compareAndSet(false, true)) {
              sf.expireSessions();
            }
            return null;
          });
      Map<String, Object> s =
          Salesforce.extract(
              spark,
              config("sfdc.bulk", "always", "sfdc.parallelism", "1"),
              sf.passwordEnv(),
              raw(),
              null,
              false);

      assertEquals(2, sf.count("login"));
      List<FakeSalesforce.Call> page3 =
          calls(sf, "Task", "bulkResults").stream().filter(c -> c.page() == 3).toList();
      assertEquals(2, page3.size());
      assertFalse(page3.get(0).sessionId().equals(page3.get(1).sessionId()));
      assertEquals(6, calls(sf, "Task", "bulkResults").size());
      assertEquals(sf.allCalls(), s.get("api_calls"));
      assertEquals(soapTasks, rows(mirror(spark, raw(), "Task")));
    }
  }

  @Test
  void resultsAreReadGzippedAndPlain() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      sf.bulkPageSize(200);
      Salesforce.extract(
          spark, config("sfdc.bulk", "always"), sf.accessTokenEnv(), raw(), null, false);
      long pages = sf.count("bulkResults");
      assertTrue(pages >= 9, "pages: " + pages);
      assertEquals(pages, sf.gzippedResults());
      assertEquals(soapTasks, rows(mirror(spark, raw(), "Task")));

      sf.gzip(false);
      String plain = dir.resolve("plain").toString();
      Salesforce.extract(
          spark, config("sfdc.bulk", "always"), sf.accessTokenEnv(), plain, null, false);
      assertEquals(pages, sf.gzippedResults());
      assertEquals(soapTasks, rows(mirror(spark, plain, "Task")));
    }
  }

  @Test
  void anObjectBulkDoesNotServeIsPulledThroughSoap() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      sf.bulkUnsupported("Task");
      Map<String, Object> s =
          Salesforce.extract(
              spark, config("sfdc.bulk", "always"), sf.accessTokenEnv(), raw(), null, false);
      assertEquals("soap", object(s, "Task").get("api"));
      assertEquals("bulk", object(s, "Event").get("api"));
      assertEquals(soapTasks, rows(mirror(spark, raw(), "Task")));
    }
  }

  @Test
  void bulkCsvCellsBecomeTheTextOfTheSoapPath() {
    assertNull(SoapText.ofCsv("", false));
    assertEquals("2024-01-05T10:00:00.000Z", SoapText.ofCsv("2024-01-05T10:00:00.000+0000", false));
    assertEquals(
        "2024-01-05T08:00:00.000Z", SoapText.ofCsv("2024-01-05T10:00:00.000+02:00", false));
    assertEquals("2024-01-05", SoapText.ofCsv("2024-01-05", false));
    assertEquals("5000.0", SoapText.ofCsv("5000", true));
    assertEquals("16.99", SoapText.ofCsv("16.99", true));
    assertEquals("5000", SoapText.ofCsv("5000", false));
    assertEquals("n/a", SoapText.ofCsv("n/a", true));
  }

  @Test
  void bulkCsvReadsQuotedCommasQuotesAndLineBreaks() throws Exception {
    BulkCsv csv =
        new BulkCsv(
            new StringReader("\"Id\",\"Title\",X\n\"a\",\"Manager, \"\"East\"\"\nWest\",\n,,\r\n"));
    assertArrayEquals(new String[] {"Id", "Title", "X"}, csv.next());
    assertArrayEquals(new String[] {"a", "Manager, \"East\"\nWest", ""}, csv.next());
    assertArrayEquals(new String[] {"", "", ""}, csv.next());
    assertNull(csv.next());
    Exception e =
        assertThrows(Exception.class, () -> new BulkCsv(new StringReader("\"a,b\n")).next());
    assertEquals("the Bulk API result ends inside a quoted value", e.getMessage());
  }
}
