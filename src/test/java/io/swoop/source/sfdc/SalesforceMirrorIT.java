package io.swoop.source.sfdc;

import static io.swoop.source.sfdc.SfdcTesting.config;
import static io.swoop.source.sfdc.SfdcTesting.failedPull;
import static io.swoop.source.sfdc.SfdcTesting.mirror;
import static io.swoop.source.sfdc.SfdcTesting.watermark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the raw mirror keeps (CONTRACT §4), what it reconciles, what it costs in calls, and what it
 * does with fields the integration user cannot see.
 */
class SalesforceMirrorIT extends SparkTestBase {
  /** Stage and field history created before this is what Salesforce purges in these tests. */
  private static final Instant RETENTION_CUT = SmallOrg.T0.plus(Duration.ofDays(50));

  private static final List<String> HISTORY =
      List.of("OpportunityHistory", "OpportunityFieldHistory", "UserHistory");

  @TempDir File dir;

  private String raw() {
    return new File(dir, "raw").toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> summary, String object) {
    return (Map<String, Object>) ((Map<String, Object>) summary.get("objects")).get(object);
  }

  @SuppressWarnings("unchecked")
  private static List<String> warnings(Map<String, Object> summary) {
    return (List<String>) summary.get("warnings");
  }

  private static List<String> rows(List<Row> rows) {
    return rows.stream().map(Row::toString).toList();
  }

  /** Removes the history rows created before the cut, as Salesforce's retention does; how many. */
  private static int purgeHistory(FakeOrg org) {
    int purged = 0;
    synchronized (org) {
      for (String h : HISTORY) {
        if (org.find(h) == null) {
          continue;
        }
        List<Map<String, Object>> rows = org.find(h).rows();
        int before = rows.size();
        rows.removeIf(r -> ((Instant) r.get("CreatedDate")).isBefore(RETENTION_CUT));
        purged += before - rows.size();
      }
    }
    return purged;
  }

  /** Runs {@code action} and returns what it printed on stderr. */
  private static <T> String stderrOf(Supplier<T> action) {
    PrintStream was = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      action.get();
    } finally {
      System.setErr(was);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void historySalesforcePurgedStaysInTheMirrorThroughAFullPull() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.withUserHistory(SmallOrg.org()))) {
      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);
      List<String> stages = rows(mirror(spark, raw(), "OpportunityHistory"));
      List<String> fields = rows(mirror(spark, raw(), "OpportunityFieldHistory"));
      List<String> users = rows(mirror(spark, raw(), "UserHistory"));
      int purged = purgeHistory(sf.org());
      assertTrue(purged > 0);
      // A deal hard-deleted (gone from the recycle bin too): a full pull is the truth for it.
      synchronized (sf.org()) {
        sf.org()
            .table("Opportunity")
            .rows()
            .remove(sf.org().table("Opportunity").find(SmallOrg.opp(3)));
      }

      Map<String, Object> s =
          Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, true);

      assertEquals(stages, rows(mirror(spark, raw(), "OpportunityHistory")));
      assertEquals(fields, rows(mirror(spark, raw(), "OpportunityFieldHistory")));
      assertEquals(users, rows(mirror(spark, raw(), "UserHistory")));
      long kept = 0;
      for (String h : HISTORY) {
        Map<String, Object> o = object(s, h);
        assertEquals("full", o.get("mode"));
        assertEquals(0L, o.get("rows_removed"), h);
        assertEquals(o.get("rows"), (long) o.get("rows_kept") + (long) o.get("salesforce_rows"), h);
        assertEquals(o.get("rows_kept"), o.get("rows_only_in_mirror"), h);
        kept += (long) o.get("rows_kept");
        assertTrue(
            warnings(s).stream()
                .anyMatch(
                    w ->
                        w.startsWith(h + ": Salesforce's oldest row is from ")
                            && w.contains(
                                "is now the only copy of "
                                    + o.get("rows_kept")
                                    + " rows; back it up")),
            warnings(s).toString());
      }
      assertEquals(purged, kept);
      Map<String, Object> opportunity = object(s, "Opportunity");
      assertEquals(0L, opportunity.get("rows_kept"));
      assertEquals(1L, opportunity.get("rows_removed"));
      assertEquals(10L, opportunity.get("rows"));
      // The mirror and Salesforce agree on what Salesforce still has: no reconciliation warning.
      assertTrue(
          warnings(s).stream().noneMatch(w -> w.contains("Salesforce counts")),
          warnings(s).toString());
    }
  }

  @Test
  void historyReportedDeletedLeavesTheMirror() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);
      String gone = FakeOrg.id("017", 30);
      synchronized (sf.org()) {
        sf.org().table("OpportunityFieldHistory").find(gone).put("IsDeleted", true);
      }
      long before = mirror(spark, raw(), "OpportunityFieldHistory").size();

      Map<String, Object> s =
          Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, true);

      List<Row> after = mirror(spark, raw(), "OpportunityFieldHistory");
      assertEquals(before - 1, after.size());
      assertTrue(after.stream().noneMatch(r -> r.getAs("Id").equals(gone)));
      assertEquals(1L, object(s, "OpportunityFieldHistory").get("rows_removed"));
      assertEquals(0L, object(s, "OpportunityFieldHistory").get("rows_kept"));
    }
  }

  @Test
  void historyKeptWithFewerFieldsReadsNullForTheNewOnes() {
    FakeOrg org = SmallOrg.org();
    org.table("OpportunityHistory").hide("ForecastCategory");
    try (FakeSalesforce sf = FakeSalesforce.start(org)) {
      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);
      assertFalse(
          List.of(
                  spark
                      .read()
                      .parquet(
                          SfdcTesting.current(spark, raw()).object("OpportunityHistory").toString())
                      .columns())
              .contains("ForecastCategory"));
      purgeHistory(sf.org());
      synchronized (sf.org()) {
        sf.org().table("OpportunityHistory").field("ForecastCategory", FakeOrg.Kind.STRING);
      }

      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, true);

      List<Row> stages = mirror(spark, raw(), "OpportunityHistory");
      Row kept =
          stages.stream()
              .filter(r -> r.getAs("Id").equals(FakeOrg.id("008", 10)))
              .findFirst()
              .orElseThrow();
      Row pulled =
          stages.stream()
              .filter(r -> r.getAs("Id").equals(FakeOrg.id("008", 120)))
              .findFirst()
              .orElseThrow();
      assertNull(kept.getAs("ForecastCategory"));
      assertEquals("Prospecting", kept.getAs("StageName"));
      assertEquals("Pipeline", pulled.getAs("ForecastCategory"));
    }
  }

  @Test
  void aRecordSharingTheWatermarksModstampIsNotLost() {
    SwoopConfig noLookback = config("sfdc.lookback_minutes", "0");
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Salesforce.extract(spark, noLookback, sf.accessTokenEnv(), raw(), null, false);
      Instant mark = watermark(spark, raw(), "Task");
      String tie = FakeOrg.id("00T", 5000);
      synchronized (sf.org()) {
        // Committed after the pull read the page, with the modstamp the watermark already has.
        Map<String, Object> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(sf.org().table("Task").find(FakeOrg.id("00T", 1)));
        copy.put("Id", tie);
        copy.put("SystemModstamp", mark);
        sf.org().table("Task").rows().add(copy);
      }

      Map<String, Object> s =
          Salesforce.extract(spark, noLookback, sf.accessTokenEnv(), raw(), null, false);

      assertTrue(
          sf.calls().stream()
              .anyMatch(
                  c ->
                      "Task".equals(c.object())
                          && c.soql()
                              .contains(
                                  "WHERE SystemModstamp >= " + Soql.literal(mark) + " ORDER BY")));
      List<Row> tasks = mirror(spark, raw(), "Task");
      assertTrue(tasks.stream().anyMatch(r -> r.getAs("Id").equals(tie)));
      // The rows at the watermark came again and are kept once.
      assertEquals(447, tasks.size());
      assertEquals(447, tasks.stream().map(r -> r.getAs("Id")).distinct().count());
      assertEquals(447L, object(s, "Task").get("salesforce_rows"));
    }
  }

  @Test
  void aRecordCommittedLateWithAnEarlierModstampIsPickedUpByTheLookback() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);
      Instant mark = watermark(spark, raw(), "Opportunity");
      synchronized (sf.org()) {
        Map<String, Object> late = sf.org().table("Opportunity").find(SmallOrg.opp(2));
        late.put("StageName", "Negotiation");
        late.put("SystemModstamp", mark.minus(Duration.ofMinutes(4)));
      }

      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);

      Row opp =
          mirror(spark, raw(), "Opportunity").stream()
              .filter(r -> r.getAs("Id").equals(SmallOrg.opp(2)))
              .findFirst()
              .orElseThrow();
      assertEquals("Negotiation", opp.getAs("StageName"));
    }
  }

  @Test
  void aRequiredFieldHiddenByFieldLevelSecurityIsExit3NamingThePermission() {
    FakeOrg org = SmallOrg.completeOrg();
    org.table("Opportunity").hide("StageName");
    try (FakeSalesforce sf = FakeSalesforce.start(org)) {
      SwoopException e = failedPull(spark, config(), sf.accessTokenEnv(), raw());

      assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
      assertTrue(e.getMessage().startsWith(SfdcTesting.STAGE_NAME_HIDDEN), e.getMessage());
      assertFalse(
          new File(raw()).exists() && new File(raw()).list().length > 0, "nothing committed");
    }
  }

  @Test
  void anOptionalFieldHiddenByFieldLevelSecurityIsReportedOnce() {
    FakeOrg org = SmallOrg.completeOrg();
    org.table("OpportunityHistory").hide("ForecastCategory");
    try (FakeSalesforce sf = FakeSalesforce.start(org)) {
      Map<String, Object>[] s = new Map[1];
      String log =
          stderrOf(
              () ->
                  s[0] =
                      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false));

      assertEquals(
          List.of("ForecastCategory"), object(s[0], "OpportunityHistory").get("absent_fields"));
      String line =
          "swoop sfdc: OpportunityHistory.ForecastCategory is not in this org or hidden from the"
              + " integration user by field-level security; it reads as null (grant Read on"
              + " OpportunityHistory.ForecastCategory to the integration user's profile or a"
              + " permission set to have it)";
      assertEquals(1, log.lines().filter(line::equals).count(), log);
      assertFalse(
          List.of(mirror(spark, raw(), "OpportunityHistory").get(0).schema().fieldNames())
              .contains("ForecastCategory"));
    }
  }

  @Test
  void aFullPullStaysWithin5PercentOfTheFewestCallsAndAnUnchangedIncrementalMakesOnePerObject() {
    FakeOrg org = SmallOrg.completeOrg();
    FakeOrg.Table task = org.table("Task");
    // 9,000 more Tasks over six years: 90-day windows would each end on a partial page.
    for (int n = 1; n <= 9000; n++) {
      Map<String, Object> t = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      t.putAll(task.find(FakeOrg.id("00T", 1 + n % 400)));
      Instant at = Instant.parse("2019-06-01T00:00:00Z").plus(Duration.ofMinutes(350L * n));
      t.put("Id", FakeOrg.id("00T", 10_000 + n));
      t.put("CreatedDate", at);
      t.put("SystemModstamp", at);
      task.rows().add(t);
    }
    SwoopConfig salesforceLike =
        config(
            "sfdc.batch_size",
            "2000",
            "sfdc.window_days",
            String.valueOf(SwoopConfig.SFDC_WINDOW_DAYS_DEFAULT));
    try (FakeSalesforce sf = FakeSalesforce.start(org)) {
      for (boolean again : List.of(false, true)) {
        sf.resetCounts();
        Map<String, Object> s =
            Salesforce.extract(spark, salesforceLike, sf.accessTokenEnv(), raw(), null, again);

        // ceil(9,450 / 2000) = 5 for Task, 1 for each other object (UserHistory included).
        assertEquals(5L + 7, s.get("min_data_calls"));
        assertTrue((long) s.get("data_calls") <= Math.floor(1.05 * 12), s.toString());
        assertEquals(5L, object(s, "Task").get("min_data_calls"));
        assertEquals(5L, object(s, "Task").get("data_calls"));
        // The rest are the counts of the reconciliation: one per object, two for history.
        assertEquals((long) s.get("data_calls") + 7 + 2, s.get("api_calls"));
        assertEquals(s.get("api_calls"), sf.allCalls());
      }
      sf.resetCounts();
      Map<String, Object> s =
          Salesforce.extract(spark, salesforceLike, sf.accessTokenEnv(), raw(), null, false);

      // One per object: the seven, and UserHistory.
      assertEquals(8L, s.get("data_calls"));
      assertEquals(8L, s.get("min_data_calls"));
      for (String o : List.of("User", "Opportunity", "Task", "OpportunityFieldHistory")) {
        assertEquals("incremental", object(s, o).get("mode"));
        assertEquals(1L, object(s, o).get("data_calls"), o);
      }
      assertEquals(List.of(), warnings(s));
    }
  }

  @Test
  void windowsAreUsedOnlyWhereTheyCostUnder5PercentMoreCalls() {
    Duration sixYears = Duration.ofDays(6 * 365);
    // 25 windows of 90 days: worth it for 10 million rows (5,000 pages), not for 9,450 (5 pages).
    assertTrue(ObjectPuller.windowsPay(10_000_000, 2000, sixYears, 90));
    assertFalse(ObjectPuller.windowsPay(9_450, 2000, sixYears, 90));
    assertFalse(ObjectPuller.windowsPay(960_000, 2000, sixYears, 90));
    assertTrue(ObjectPuller.windowsPay(1_000_000, 2000, sixYears, 90));
    assertFalse(ObjectPuller.windowsPay(10_000_000, 2000, Duration.ofDays(30), 90));
  }

  @Test
  void aRecordHardDeletedInSalesforceLeavesTheMirrorOnTheNextPullWithoutAWarning() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);
      synchronized (sf.org()) {
        // Deleted and emptied from the recycle bin: queryAll no longer returns it.
        sf.org().table("Task").rows().remove(sf.org().table("Task").find(FakeOrg.id("00T", 7)));
      }
      Map<String, Object>[] s = new Map[1];
      String log =
          stderrOf(
              () ->
                  s[0] =
                      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false));

      assertEquals(List.of(), warnings(s[0]));
      assertTrue(
          log.contains(
              "1 rows the mirror held are no longer in Salesforce (hard-deleted): removed (449 Ids"
                  + " read through SOAP)"),
          log);
      assertEquals(1L, object(s[0], "Task").get("rows_hard_deleted"));
      assertEquals(445L, object(s[0], "Task").get("salesforce_rows"));
      assertEquals(445L, object(s[0], "Task").get("mirror_rows_compared"));

      // A full pull finds nothing more to remove.
      Map<String, Object> full =
          Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, true);
      assertEquals(List.of(), warnings(full));
      assertEquals(0L, object(full, "Task").get("rows_removed"));
    }
  }
}
