package io.swoop.source.sfdc;

import static io.swoop.source.sfdc.SfdcTesting.config;
import static io.swoop.source.sfdc.SfdcTesting.failedPull;
import static io.swoop.source.sfdc.SfdcTesting.mirror;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.core.SwoopException;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ModelBuilder;
import io.swoop.model.ObjectSpec;
import io.swoop.model.SfObject;
import io.swoop.model.Source;
import io.swoop.testing.SparkTestBase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the extract does when Salesforce fails: renew an expired session, retry transient faults,
 * resume after an expired cursor, and stop (exit 3, mirror untouched) when the API budget is spent
 * or the org keeps failing.
 */
class SalesforceFaultsTest extends SparkTestBase {
  @TempDir static Path shared;
  @TempDir Path dir;

  /** A mirror from one successful extract, which every failing extract must leave as it is. */
  private static String baseline;

  @BeforeAll
  static void extractBaseline() {
    baseline = shared.resolve("baseline").toString();
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Salesforce.extract(spark, config(), sf.accessTokenEnv(), baseline, null, false);
    }
  }

  private String raw() {
    return dir.resolve("raw").toString();
  }

  /**
   * Runs {@code action} once, when {@code object}'s page {@code page} is asked for, and answers
   * normally.
   */
  private static FakeSalesforce.Rule atPage(String object, int page, Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return c -> {
      if (object.equals(c.object())
          && c.page() == page
          && c.op().startsWith("query")
          && done.compareAndSet(false, true)) {
        action.run();
      }
      return null;
    };
  }

  /** Answers {@code reply} once, to the first call on {@code object} of operation {@code op}. */
  private static FakeSalesforce.Rule onceOn(
      String object, String op, int page, FakeSalesforce.Reply reply) {
    return FakeSalesforce.once(
        c -> object.equals(c.object()) && op.equals(c.op()) && c.page() == page ? reply : null);
  }

  private static Map<String, String> files(String root) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(Path.of(root))) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        m.put(
            Path.of(root).relativize(p).toString(),
            Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
      }
    }
    return m;
  }

  @Test
  void anExpiredSessionIsRenewedByTheJwtFlowAndPagingGoesOn() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Map<String, String> env = sf.jwtEnv(dir.resolve("key.pem"), true);
      sf.rule(atPage("Task", 2, sf::expireSessions));
      Map<String, Object> s =
          Salesforce.extract(spark, config("sfdc.parallelism", "1"), env, raw(), null, false);

      assertEquals(2, sf.count("token"));
      List<FakeSalesforce.Call> page2 =
          sf.calls().stream().filter(c -> "Task".equals(c.object()) && c.page() == 2).toList();
      assertEquals(2, page2.size());
      assertEquals(
          page2.get(0).soql(), page2.get(1).soql(), "the same queryMore locator, asked again");
      assertFalse(page2.get(0).sessionId().equals(page2.get(1).sessionId()));
      // One call per page (and one finding UserHistory absent), the call refused, and two logins.
      assertEquals(10 + 9 + 1 + 2L, s.get("api_calls"));
      assertEquals(sf.allCalls(), s.get("api_calls"));
      assertEquals(446, mirror(spark, raw(), "Task").size());
    }
  }

  @Test
  void anExpiredSessionIsRenewedByLoggingInAgain() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(atPage("Task", 3, sf::expireSessions));
      Map<String, Object> s =
          Salesforce.extract(
              spark, config("sfdc.parallelism", "1"), sf.passwordEnv(), raw(), null, false);

      assertEquals(2, sf.count("login"));
      assertTrue(
          sf.calls().stream()
              .filter(c -> c.op().equals("login"))
              .allMatch(c -> c.path().equals("/services/Soap/u/64.0")));
      // Data calls go to the server URL login returned.
      assertTrue(
          sf.calls().stream()
              .filter(c -> c.op().startsWith("query"))
              .allMatch(c -> c.path().equals("/services/Soap/u/64.0/" + FakeSalesforce.ORG_ID)));
      assertEquals(10 + 9 + 1 + 2L, s.get("api_calls"));
      assertEquals(2L, s.get("auth_calls"));
      assertEquals(446, mirror(spark, raw(), "Task").size());
    }
  }

  @Test
  void aLoginOrTokenEndpointThatFailsTransientlyIsTriedAgain() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(
          FakeSalesforce.once(c -> c.op().equals("login") ? FakeSalesforce.htmlErrorPage() : null));
      sf.rule(
          FakeSalesforce.once(
              c -> c.op().equals("token") ? FakeSalesforce.unavailable503() : null));
      Authenticator.CallCounter none = () -> {};
      Authenticator password = Credentials.from(sf.passwordEnv(), config(), new Secrets());
      assertTrue(password.login(none).sessionId().startsWith(FakeSalesforce.ORG_ID));
      assertEquals(2, sf.count("login"));
      Authenticator jwt =
          Credentials.from(sf.jwtEnv(dir.resolve("key.pem"), false), config(), new Secrets());
      assertTrue(jwt.login(none).sessionId().startsWith(FakeSalesforce.ORG_ID));
      assertEquals(2, sf.count("token"));

      sf.rule(c -> c.op().equals("token") ? FakeSalesforce.unavailable503() : null);
      SwoopException e = assertThrows(SwoopException.class, () -> jwt.login(none));
      assertEquals(
          "Cannot reach the Salesforce token endpoint "
              + sf.url()
              + "/services/oauth2/token after 3 tries: HTTP 503",
          e.getMessage());
      assertEquals(2 + 3, sf.count("token"));
    }
  }

  @Test
  void anExpiredAccessTokenStopsWithExit3() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(atPage("Task", 2, sf::expireSessions));
      SwoopException e =
          failedPull(spark, config("sfdc.parallelism", "1"), sf.accessTokenEnv(), raw());

      assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
      assertTrue(
          e.getMessage().startsWith("Salesforce extract of Task stopped: the session was refused"),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("an access token from SFDC_ACCESS_TOKEN cannot be renewed"),
          e.getMessage());
      assertTrue(e.getMessage().contains("Query: SELECT Id, WhatId"), e.getMessage());
      assertFalse(
          new File(raw()).exists() && new File(raw()).list().length > 0, "nothing committed");
    }
  }

  @Test
  void transientFaultsAreRetried() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(onceOn("Task", "queryMore", 2, FakeSalesforce.unavailable503()));
      sf.rule(onceOn("Opportunity", "queryAll", 1, FakeSalesforce.htmlErrorPage()));
      sf.rule(
          onceOn(
              "User",
              "queryAll",
              1,
              FakeSalesforce.fault(
                  "REQUEST_LIMIT_EXCEEDED",
                  "ConcurrentPerOrgLongTxn Limit exceeded.",
                  "UnexpectedErrorFault")));
      sf.rule(
          onceOn(
              "Event",
              "queryAll",
              1,
              FakeSalesforce.fault(
                  "SERVER_UNAVAILABLE", "Server temporarily unavailable", "UnexpectedErrorFault")));
      sf.rule(
          onceOn(
              "OpportunityHistory",
              "queryAll",
              1,
              new FakeSalesforce.Reply(
                  200, "text/html", "<html><body>Down for maintenance</body></html>")));

      Map<String, Object> s =
          Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);

      assertEquals(10 + 9 + 5L, s.get("api_calls"));
      assertEquals(446, mirror(spark, raw(), "Task").size());
      assertEquals(7, mirror(spark, raw(), "User").size());
    }
  }

  @Test
  void anExpiredCursorIsReplacedByAQueryAfterTheLastRowKept() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(atPage("Task", 2, sf::invalidateCursors));
      Map<String, Object> s =
          Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw(), null, false);

      List<String> taskQueries =
          sf.calls().stream()
              .filter(c -> "Task".equals(c.object()) && c.op().equals("queryAll"))
              .map(FakeSalesforce.Call::soql)
              .filter(q -> !q.startsWith("SELECT COUNT()"))
              .toList();
      assertEquals(2, taskQueries.size());
      // Tasks 199-201 share a SystemModstamp; the page ended at 200, so the new query starts after
      // its Id.
      String stamp = Soql.literal(SmallOrg.T0.plusSeconds(3600L * (13L * 67 + 24)));
      assertTrue(
          taskQueries
              .get(1)
              .contains(
                  "WHERE (SystemModstamp > "
                      + stamp
                      + " OR (SystemModstamp = "
                      + stamp
                      + " AND Id > '"
                      + FakeOrg.id("00T", 200)
                      + "')) ORDER BY SystemModstamp, Id"),
          taskQueries.get(1));
      @SuppressWarnings("unchecked")
      Map<String, Object> task =
          (Map<String, Object>) ((Map<String, Object>) s.get("objects")).get("Task");
      assertEquals(450L, task.get("rows_fetched"), "no row twice, none lost");
      assertEquals(4L, task.get("data_calls"));
      List<Row> tasks = mirror(spark, raw(), "Task");
      assertEquals(446, tasks.size());
      assertEquals(446, tasks.stream().map(r -> r.getAs("Id")).distinct().count());
    }
  }

  @Test
  void theTotalRequestLimitStopsWithExit3AndLeavesTheMirror() throws IOException {
    Map<String, String> before = files(baseline);
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(
          onceOn(
              "Task",
              "queryAll",
              1,
              FakeSalesforce.fault(
                  "REQUEST_LIMIT_EXCEEDED",
                  "TotalRequests Limit exceeded.",
                  "UnexpectedErrorFault")));
      SwoopException e = failedPull(spark, config(), sf.accessTokenEnv(), baseline);

      assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Salesforce extract of Task stopped: the org's API request limit is used up"
                      + " (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.)"),
          e.getMessage());
      assertTrue(e.getMessage().contains("Query: SELECT Id, WhatId"), e.getMessage());
      assertTrue(
          e.getMessage()
              .matches(
                  "(?s).*This extract made \\d+ API calls; the raw mirror and its watermarks are unchanged"),
          e.getMessage());
    }
    assertEquals(before, files(baseline));
  }

  @Test
  void apiUsageAboveTheShareStopsWithExit3AndLeavesTheMirror() throws IOException {
    Map<String, String> before = files(baseline);
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.apiUsage(60_000, 100_000);
      SwoopException e =
          failedPull(spark, config("sfdc.parallelism", "1"), sf.accessTokenEnv(), baseline);

      assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Salesforce extract of User stopped: the org has used 60001 of its 100000 API"
                      + " requests (60.0%), above sfdc.max_api_share = 0.5"),
          e.getMessage());
      assertTrue(e.getMessage().contains("This extract made 1 API calls"), e.getMessage());
      assertEquals(1, sf.allCalls());
    }
    assertEquals(before, files(baseline));
  }

  @Test
  void aCrashMidObjectLeavesThePreviousMirrorAndWatermarks() throws IOException {
    // What a killed extract left: a version folder that was never committed.
    Files.createDirectories(Path.of(baseline, "v00000009", "Task"));
    Files.writeString(Path.of(baseline, "v00000009", "Task", "part-0.parquet"), "half");
    Map<String, String> before = files(baseline);
    assertEquals("v00000001", SfdcTesting.current(spark, baseline).name());
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(
          c ->
              "Task".equals(c.object()) && c.page() >= 2
                  ? FakeSalesforce.fault(
                      "SERVER_UNAVAILABLE",
                      "Server temporarily unavailable",
                      "UnexpectedErrorFault")
                  : null);
      SwoopException e =
          assertThrows(
              SwoopException.class,
              () -> Salesforce.extract(spark, config(), sf.accessTokenEnv(), baseline, null, true));

      assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Salesforce extract of Task stopped: gave up after 3 tries, last:"
                      + " SERVER_UNAVAILABLE: Server temporarily unavailable"),
          e.getMessage());
      assertEquals(
          3, sf.calls().stream().filter(c -> "Task".equals(c.object()) && c.page() == 2).count());
    }
    before.keySet().removeIf(k -> k.startsWith("v00000009"));
    assertEquals(
        before,
        files(baseline),
        "the previous version and its _state.json untouched, the leftovers gone");
    assertEquals("v00000001", SfdcTesting.current(spark, baseline).name());
  }

  @Test
  void aRefusedLoginIsExit3() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      SwoopException e =
          failedPull(
              spark,
              config(),
              SfdcTesting.with(sf.passwordEnv(), "SFDC_PASSWORD", "wrong-password-123"),
              raw());
      assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Salesforce refused the login of "
                      + FakeSalesforce.USERNAME
                      + " at "
                      + sf.url()
                      + "/services/Soap/u/64.0: INVALID_LOGIN: Invalid username, password, security token; or user"
                      + " locked out."),
          e.getMessage());
      assertFalse(e.getMessage().contains("wrong-password-123"));

      Map<String, String> jwt = sf.jwtEnv(dir.resolve("old.pem"), false);
      sf.jwtEnv(dir.resolve("new.pem"), false);
      SwoopException j = failedPull(spark, config(), jwt, raw());
      assertEquals(SwoopException.Kind.SOURCE_FAILED, j.kind());
      assertTrue(
          j.getMessage()
              .startsWith(
                  "Salesforce refused the JWT bearer login of "
                      + FakeSalesforce.USERNAME
                      + " at "
                      + sf.url()
                      + "/services/oauth2/token: invalid_grant: invalid signature."),
          j.getMessage());
      assertFalse(new File(raw()).exists() && new File(raw()).list().length > 0, "nothing written");
    }
  }

  @Test
  void anUnreachableOrgIsExit3() throws IOException {
    int closed;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Map<String, String> env =
        Map.of(
            "SFDC_INSTANCE_URL",
            "http://127.0.0.1:" + closed,
            "SFDC_ACCESS_TOKEN",
            "00Dx!tok-123456");
    SwoopException e = failedPull(spark, config(), env, raw());
    assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith(
                "Salesforce extract of User stopped: gave up after 3 tries, last: Failed to send"
                    + " request to http://127.0.0.1:"
                    + closed
                    + "/services/Soap/u/65.0"),
        e.getMessage());
    assertFalse(e.getMessage().contains("tok-123456"));
  }

  @Test
  void aConfiguredUserFieldTheOrgLacksIsExit2() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      SwoopException e =
          failedPull(
              spark,
              config("user.termination_date_field", "Termination_Date__c"),
              sf.accessTokenEnv(),
              raw());
      assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
      assertEquals(
          "The User field Termination_Date__c (configured in user.termination_date_field) does not exist in"
              + " this org or is not visible to the API user",
          e.getMessage());
    }
  }

  @Test
  void anOptionalObjectTheOrgLacksReadsAsAbsent() {
    FakeOrg org = SmallOrg.org();
    org.tables.remove("Event");
    try (FakeSalesforce sf = FakeSalesforce.start(org)) {
      Source source = Salesforce.source(spark, config(), sf.accessTokenEnv(), raw(), false);
      @SuppressWarnings("unchecked")
      Map<String, Object> event =
          (Map<String, Object>)
              ((Map<String, Object>) source.describe().get("objects")).get("Event");
      assertEquals(false, event.get("present"));
      assertTrue(source.read(spark, ObjectSpec.of(SfObject.EVENT, null, null)).isEmpty());
      // Fields the org lacks are left out and read as null, as an export without the column.
      @SuppressWarnings("unchecked")
      Map<String, Object> opportunity =
          (Map<String, Object>)
              ((Map<String, Object>) source.describe().get("objects")).get("Opportunity");
      assertEquals(List.of("CurrencyIsoCode"), opportunity.get("absent_fields"));
      Row first =
          source.read(spark, ObjectSpec.of(SfObject.OPPORTUNITY, null, null)).orElseThrow().first();
      assertEquals(null, (String) first.getAs("CurrencyIsoCode"));
      assertEquals(SmallOrg.opp(1), (String) first.getAs("Id"));
    }
  }

  @Test
  void anOrgWithoutEventRelationReadsAsNoEventRelation() {
    FakeOrg org = SmallOrg.org();
    org.tables.remove("EventRelation");
    try (FakeSalesforce sf = FakeSalesforce.start(org)) {
      Source source = Salesforce.source(spark, config(), sf.accessTokenEnv(), raw(), false);
      @SuppressWarnings("unchecked")
      Map<String, Object> relations =
          (Map<String, Object>)
              ((Map<String, Object>) source.describe().get("objects")).get("EventRelation");
      assertEquals(false, relations.get("present"));
      assertEquals(0L, relations.get("rows"));
      assertTrue(source.read(spark, ObjectSpec.of(SfObject.EVENT_RELATION, null, null)).isEmpty());
      CanonicalModel m =
          ModelBuilder.build(spark, source, config(), java.time.LocalDate.of(2024, 6, 30));
      assertTrue(m.eventRelations().isEmpty());
      assertEquals(SmallOrg.EVENTS, m.events().count());
    }
  }

  /** Refuses every {@code SELECT COUNT()} of {@code object} as an org whose fields differ does. */
  private static FakeSalesforce.Rule countRefused(String object) {
    return c ->
        object.equals(c.object())
                && c.soql() != null
                && c.soql().startsWith("SELECT COUNT() FROM " + object)
            ? FakeSalesforce.fault(
                "MALFORMED_QUERY",
                "field 'IsDeleted' can not be filtered in a query call",
                "MalformedQueryFault")
            : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectOf(Map<String, Object> summary, String object) {
    return (Map<String, Object>) ((Map<String, Object>) summary.get("objects")).get(object);
  }

  @Test
  void aCountSalesforceRefusesUnderBulkAutoFallsBackToSoapWithOneWarning() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(countRefused("Event"));
      Map<String, Object> s =
          Salesforce.extract(
              spark,
              config("sfdc.bulk", "auto", "sfdc.bulk_min_rows", "10"),
              sf.accessTokenEnv(),
              raw(),
              null,
              false);

      List<?> warnings = (List<?>) s.get("warnings");
      assertEquals(1, warnings.size(), warnings.toString());
      assertEquals(
          "Event: Salesforce could not count its rows (MALFORMED_QUERY: field"
              + " 'IsDeleted' can not be filtered in a query call), so it was pulled through SOAP"
              + " and the mirror's 30 rows were not checked",
          warnings.get(0));
      assertEquals("soap", objectOf(s, "Event").get("api"));
      assertEquals("bulk", objectOf(s, "Task").get("api"));
      assertEquals(30, mirror(spark, raw(), "Event").size());
      // Asked once: the reconciliation does not ask again what the routing could not have.
      assertEquals(
          1,
          sf.calls().stream()
              .filter(c -> "Event".equals(c.object()) && c.soql().startsWith("SELECT COUNT()"))
              .count());
    }
  }

  @Test
  void aCountThatTimesOutOnAFullPullIsRoutedByTheRowsTheMirrorHeld() {
    String raw = raw();
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      Salesforce.extract(spark, config(), sf.accessTokenEnv(), raw, null, false);
      sf.resetCounts();
      sf.rule(
          c ->
              c.soql() != null && c.soql().startsWith("SELECT COUNT() FROM ")
                  ? FakeSalesforce.fault(
                      "QUERY_TIMEOUT",
                      "Your query request was running for too long.",
                      "UnexpectedErrorFault")
                  : null);
      Map<String, Object> s =
          Salesforce.extract(
              spark,
              config("sfdc.bulk", "auto", "sfdc.bulk_min_rows", "100"),
              sf.accessTokenEnv(),
              raw,
              null,
              true);

      // Task held 446 rows, above 100: Bulk; Event held 30: SOAP.
      assertEquals("bulk", objectOf(s, "Task").get("api"));
      assertEquals("soap", objectOf(s, "Event").get("api"));
      List<?> warnings = (List<?>) s.get("warnings");
      assertEquals(SfObject.values().length, warnings.size(), warnings.toString());
      assertTrue(
          warnings.contains(
              "Task: Salesforce could not count its rows (QUERY_TIMEOUT: Your query request was"
                  + " running for too long.), so it was pulled through Bulk API 2.0 by the 446"
                  + " rows the mirror held and the mirror's 446 rows were not checked"),
          warnings.toString());
      assertEquals(446, mirror(spark, raw, "Task").size());
    }
  }
}
