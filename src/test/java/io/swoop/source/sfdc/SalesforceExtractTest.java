package io.swoop.source.sfdc;

import static io.swoop.source.sfdc.SfdcTesting.config;
import static io.swoop.source.sfdc.SfdcTesting.mirror;
import static io.swoop.source.sfdc.SfdcTesting.watermark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.testing.SparkTestBase;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full and incremental pulls into the raw mirror, against the fake org. */
class SalesforceExtractTest extends SparkTestBase {
  @TempDir File dir;

  private String raw() {
    return new File(dir, "raw").toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> summary, String object) {
    return (Map<String, Object>) ((Map<String, Object>) summary.get("objects")).get(object);
  }

  @Test
  void aFullPullMakesOneCallPerPageOfEachObject() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Map<String, Object> s =
          Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);

      // 450 Tasks in pages of 200 take 3 calls; every other object fits in one page, and one
      // query finds UserHistory absent (the fixture org has no User field history). Then a
      // COUNT() per object, and the oldest row of each history object, for the reconciliation.
      assertEquals(8 + 7 + 2, sf.count("queryAll"));
      assertEquals(2, sf.count("queryMore"));
      assertEquals(0, sf.count("query"));
      assertEquals(10L + 9, s.get("api_calls"));
      assertEquals(10L, s.get("data_calls"));
      assertEquals(10L, s.get("min_data_calls"));
      assertEquals(0L, s.get("auth_calls"));
      assertEquals(0, sf.notGzipped());
      assertTrue(sf.calls().stream().allMatch(c -> c.path().equals("/services/Soap/u/65.0")));
      Map<String, Object> task = object(s, "Task");
      assertEquals("full", task.get("mode"));
      assertEquals(450L, task.get("rows_fetched"));
      assertEquals(4L, task.get("deleted_fetched"));
      assertEquals(446L, task.get("rows"));
      assertEquals(3L, task.get("pages"));
      assertEquals(3L + 1, task.get("api_calls"));
      assertEquals(3L, task.get("data_calls"));
      assertEquals(
          "SELECT Id, WhatId, OwnerId, ActivityDate, CreatedDate, CreatedById, Subject, Type, TaskSubtype,"
              + " DurationInMinutes, IsDeleted, SystemModstamp FROM Task ORDER BY SystemModstamp, Id",
          sf.calls().stream()
              .filter(c -> "Task".equals(c.object()) && c.op().equals("queryAll"))
              .findFirst()
              .orElseThrow()
              .soql());
      assertEquals(
          List.of(2, 3),
          sf.calls().stream()
              .filter(c -> c.op().equals("queryMore"))
              .map(FakeSalesforce.Call::page)
              .toList());

      List<Row> tasks = mirror(spark, raw(), "Task");
      assertEquals(446, tasks.size());
      assertTrue(tasks.stream().noneMatch(r -> "true".equals(r.getAs("IsDeleted"))));
      assertEquals(11, mirror(spark, raw(), "Opportunity").size());
      assertEquals(7, mirror(spark, raw(), "User").size());
      // The newest SystemModstamp of all Tasks, deleted ones included, is the watermark.
      assertEquals(
          SmallOrg.T0.plus(Duration.ofHours(13L * 150 + 24)), watermark(spark, raw(), "Task"));
      assertEquals(
          watermark(spark, raw(), "Task").toString(),
          ((Map<?, ?>) s.get("watermarks")).get("Task"));
    }
  }

  @Test
  void anIncrementalPullTakesChangedNewAndDeletedRows() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), "parquet", false);
      Instant taskMark = watermark(spark, raw(), "Task");
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      FakeOrg org = sf.org();
      synchronized (org) {
        Map<String, Object> won = org.table("Opportunity").find(SmallOrg.opp(1));
        won.put("StageName", "Closed Won");
        won.put("SystemModstamp", now);
        org.table("Task")
            .row(
                "Id",
                FakeOrg.id("00T", 1000),
                "WhatId",
                SmallOrg.opp(1),
                "OwnerId",
                SmallOrg.user(4),
                "ActivityDate",
                FakeOrg.date("2024-05-01"),
                "CreatedDate",
                now,
                "CreatedById",
                SmallOrg.user(4),
                "Subject",
                "New call",
                "Type",
                "Call",
                "TaskSubtype",
                "Task",
                "IsDeleted",
                false,
                "SystemModstamp",
                now);
        Map<String, Object> gone = org.table("Event").find(FakeOrg.id("00U", 5));
        gone.put("IsDeleted", true);
        gone.put("SystemModstamp", now);
      }
      sf.resetCounts();

      Map<String, Object> s =
          Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), "parquet", false);

      // One query per object, UserHistory's finding it absent again.
      assertEquals(8L + 9, s.get("api_calls"));
      assertEquals(8L, s.get("data_calls"));
      String since = Soql.literal(taskMark.minus(Duration.ofMinutes(10)));
      assertTrue(
          sf.calls().stream()
              .anyMatch(
                  c ->
                      "Task".equals(c.object())
                          && c.soql().contains("WHERE SystemModstamp >= " + since + " ORDER BY")),
          sf.calls().toString());
      Map<String, Object> task = object(s, "Task");
      assertEquals("incremental", task.get("mode"));
      // The new Task, and the last three (one SystemModstamp) again: they are within the 10-minute
      // lookback.
      assertEquals(4L, task.get("rows_fetched"));
      assertEquals(447L, task.get("rows"));
      assertEquals(447, mirror(spark, raw(), "Task").size());
      Row won =
          mirror(spark, raw(), "Opportunity").stream()
              .filter(r -> r.getAs("Id").equals(SmallOrg.opp(1)))
              .findFirst()
              .orElseThrow();
      assertEquals("Closed Won", won.getAs("StageName"));
      assertEquals(11, mirror(spark, raw(), "Opportunity").size());
      List<Row> events = mirror(spark, raw(), "Event");
      assertEquals(SmallOrg.EVENTS - 1, events.size());
      assertTrue(events.stream().noneMatch(r -> r.getAs("Id").equals(FakeOrg.id("00U", 5))));
      assertEquals(now, watermark(spark, raw(), "Event"));
      // Only the new version is left.
      assertEquals(
          List.of("v00000002"),
          Arrays.stream(new File(raw()).list()).filter(n -> n.startsWith("v")).sorted().toList());
    }
  }

  /**
   * Issue 18: a record hard-deleted (or purged from the recycle bin) never comes back as a deleted
   * row. The reconciliation sees the mirror hold more than Salesforce counts, asks for the Ids
   * (SOAP for a small object, Bulk API 2.0 for a large one) and drops the others; history stays.
   */
  @Test
  void aRecordDeletedWithoutADeletedRowLeavesTheMirrorButHistoryStays() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);
      FakeOrg org = sf.org();
      String task = FakeOrg.id("00T", 10);
      String history;
      synchronized (org) {
        org.table("Opportunity").rows().remove(org.table("Opportunity").find(SmallOrg.opp(3)));
        org.table("Task").rows().remove(org.table("Task").find(task));
        history = (String) org.table("OpportunityHistory").rows().get(0).get("Id");
        org.table("OpportunityHistory").rows().remove(0);
      }
      assertTrue(mirror(spark, raw(), "Task").stream().anyMatch(r -> task.equals(r.getAs("Id"))));
      sf.resetCounts();

      Map<String, Object> s =
          Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);

      assertEquals(
          1,
          sf.calls().stream()
              .filter(
                  c ->
                      "SELECT Id, IsDeleted, SystemModstamp FROM Task ORDER BY SystemModstamp, Id"
                          .equals(c.soql()))
              .count());
      assertEquals(1L, object(s, "Task").get("rows_hard_deleted"));
      assertEquals(1L, object(s, "Task").get("rows_removed"));
      assertEquals(445L, object(s, "Task").get("rows"));
      assertEquals(445L, object(s, "Task").get("salesforce_rows"));
      assertEquals(445L, object(s, "Task").get("mirror_rows_compared"));
      assertTrue(mirror(spark, raw(), "Task").stream().noneMatch(r -> task.equals(r.getAs("Id"))));
      assertEquals(1L, object(s, "Opportunity").get("rows_hard_deleted"));
      assertTrue(
          mirror(spark, raw(), "Opportunity").stream()
              .noneMatch(r -> SmallOrg.opp(3).equals(r.getAs("Id"))));
      assertEquals(0L, object(s, "Event").get("rows_hard_deleted"));
      // History never leaves this way (CONTRACT §4).
      assertEquals(0L, object(s, "OpportunityHistory").get("rows_hard_deleted"));
      assertTrue(
          mirror(spark, raw(), "OpportunityHistory").stream()
              .anyMatch(r -> history.equals(r.getAs("Id"))));
      assertTrue(
          ((List<?>) s.get("warnings")).stream().noneMatch(w -> w.toString().startsWith("Task")),
          s.get("warnings").toString());

      // A large object's Ids come through one Bulk API job.
      String another = FakeOrg.id("00T", 20);
      synchronized (org) {
        org.table("Task").rows().remove(org.table("Task").find(another));
      }
      sf.resetCounts();
      Map<String, Object> bulk =
          Salesforce.extract(
              spark,
              config("sfdc.bulk", "auto", "sfdc.bulk_min_rows", "100"),
              sf.accessTokenEnv(),
              raw(),
              null,
              false);
      assertEquals(
          List.of("SELECT Id, IsDeleted, SystemModstamp FROM Task"),
          sf.calls().stream()
              .filter(c -> c.op().equals("bulkCreate"))
              .map(FakeSalesforce.Call::soql)
              .toList());
      assertEquals(1L, object(bulk, "Task").get("rows_hard_deleted"));
      assertEquals(444, mirror(spark, raw(), "Task").size());
      assertTrue(
          mirror(spark, raw(), "Task").stream().noneMatch(r -> another.equals(r.getAs("Id"))));
    }
  }

  @Test
  void aQueryThatTimesOutIsHalvedUntilItAnswers() {
    Pattern bound = Pattern.compile("SystemModstamp (>|<=) (\\S+Z)");
    Instant floor = Instant.parse("2019-05-01T08:00:00Z");
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(
          c -> {
            if (!"Task".equals(c.object()) || !c.op().equals("queryAll")) {
              return null;
            }
            Instant lo = floor;
            Instant hi = Instant.now();
            Matcher m = bound.matcher(c.soql());
            while (m.find()) {
              if (m.group(1).equals(">")) {
                lo = Instant.parse(m.group(2));
              } else {
                hi = Instant.parse(m.group(2));
              }
            }
            return Duration.between(lo, hi).toDays() > 200
                ? FakeSalesforce.fault(
                    "QUERY_TIMEOUT",
                    "Your query request was running for too long.",
                    "UnexpectedErrorFault")
                : null;
          });
      Map<String, Object> s =
          Salesforce.extract(
              spark, config("sfdc.window_days", "365"), sf.accessTokenEnv(), raw(), null, false);

      assertEquals(446, mirror(spark, raw(), "Task").size());
      Map<String, Object> task = object(s, "Task");
      assertEquals(450L, task.get("rows_fetched"));
      // The one query timed out and was halved, and each half again, until the windows answered:
      // each window that timed out became two, so one more window answered than timed out.
      long asked =
          sf.calls().stream()
              .filter(
                  c ->
                      "Task".equals(c.object())
                          && c.op().equals("queryAll")
                          && !c.soql().startsWith("SELECT COUNT()"))
              .count();
      long windows = (long) task.get("queries");
      long timedOut = asked - windows;
      assertTrue(timedOut >= 7, "asked " + asked + ", answered " + windows);
      assertEquals(timedOut + 1, windows, "asked " + asked + ", answered " + windows);
    }
  }

  @Test
  void eventRelationsArePulledAndMirroredLikeTheOtherObjects() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Map<String, Object> s =
          Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);

      assertEquals(
          "SELECT Id, EventId, RelationId, IsInvitee, IsWhat, Status, IsDeleted, CreatedDate, SystemModstamp"
              + " FROM EventRelation ORDER BY SystemModstamp, Id",
          sf.calls().stream()
              .filter(c -> "EventRelation".equals(c.object()) && c.op().equals("queryAll"))
              .findFirst()
              .orElseThrow()
              .soql());
      Map<String, Object> relations = object(s, "EventRelation");
      assertEquals(true, relations.get("present"));
      assertEquals("full", relations.get("mode"));
      assertEquals((long) SmallOrg.EVENT_RELATIONS, relations.get("rows_fetched"));
      assertEquals(1L, relations.get("deleted_fetched"));
      assertEquals(SmallOrg.EVENT_RELATIONS - 1L, relations.get("rows"));
      assertEquals(SmallOrg.EVENT_RELATIONS - 1, mirror(spark, raw(), "EventRelation").size());
      Instant mark = watermark(spark, raw(), "EventRelation");

      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      FakeOrg org = sf.org();
      synchronized (org) {
        Map<String, Object> declined = org.table("EventRelation").find(FakeOrg.id("0RE", 1));
        declined.put("Status", "Declined");
        declined.put("SystemModstamp", now);
        Map<String, Object> gone = org.table("EventRelation").find(FakeOrg.id("0RE", 2));
        gone.put("IsDeleted", true);
        gone.put("SystemModstamp", now);
      }
      s = Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);

      relations = object(s, "EventRelation");
      assertEquals("incremental", relations.get("mode"));
      assertTrue(
          sf.calls().stream()
              .anyMatch(
                  c ->
                      "EventRelation".equals(c.object())
                          && c.soql()
                              .contains(
                                  "WHERE SystemModstamp >= "
                                      + Soql.literal(mark.minus(Duration.ofMinutes(10))))));
      // The two changed rows, and the newest one again: it is within the 10-minute lookback.
      assertEquals(3L, relations.get("rows_fetched"));
      assertEquals(SmallOrg.EVENT_RELATIONS - 2L, relations.get("rows"));
      List<Row> mirrored = mirror(spark, raw(), "EventRelation");
      assertEquals("Declined", mirrored.get(0).getAs("Status"));
      assertTrue(mirrored.stream().noneMatch(r -> r.getAs("Id").equals(FakeOrg.id("0RE", 2))));
      assertEquals(now, watermark(spark, raw(), "EventRelation"));
    }
  }
}
