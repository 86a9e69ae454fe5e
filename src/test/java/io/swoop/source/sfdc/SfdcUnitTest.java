package io.swoop.source.sfdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sforce.ws.ConnectorConfig;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.model.ObjectSpec;
import io.swoop.model.SfObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces that need no server and no Spark: value text, SOQL, credentials, connector settings.
 */
class SfdcUnitTest {
  @TempDir Path dir;

  private Path pem(String name, String kind, byte[] der) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        "-----BEGIN "
            + kind
            + "-----\n"
            + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END "
            + kind
            + "-----\n");
    return file;
  }

  @Test
  void theJwtAssertionIsSignedRs256WithAPkcs8OrPkcs1Key() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair pair = g.generateKeyPair();
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    // A PKCS#8 RSA key of this size is a 26-byte header around the PKCS#1 key.
    byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    for (Path key :
        List.of(pem("a.pem", "PRIVATE KEY", pkcs8), pem("b.pem", "RSA PRIVATE KEY", pkcs1))) {
      Secrets secrets = new Secrets();
      JwtBearer jwt =
          new JwtBearer(
              "https://login.salesforce.com",
              "3MVGclient",
              "bot@example.com",
              key.toString(),
              SfdcTesting.config(),
              secrets);
      String assertion = jwt.assertion(now);
      String[] parts = assertion.split("\\.");
      java.security.Signature v = java.security.Signature.getInstance("SHA256withRSA");
      v.initVerify(pair.getPublic());
      v.update((parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertTrue(v.verify(java.util.Base64.getUrlDecoder().decode(parts[2])), key.toString());
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      assertEquals(
          "RS256",
          json.readTree(java.util.Base64.getUrlDecoder().decode(parts[0])).get("alg").asText());
      var claims = json.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
      assertEquals("3MVGclient", claims.get("iss").asText());
      assertEquals("bot@example.com", claims.get("sub").asText());
      assertEquals("https://login.salesforce.com", claims.get("aud").asText());
      assertEquals(now.plusSeconds(180).getEpochSecond(), claims.get("exp").asLong());
      // The key's text never reaches a message.
      String body = Files.readString(key).lines().skip(1).findFirst().orElseThrow();
      assertEquals(Secrets.MASK, secrets.redact(body));
    }
  }

  @Test
  void aKeyFileThatIsNotAnUnencryptedRsaKeyIsExit2NamingIt() throws Exception {
    Path garbled = pem("garbled.pem", "PRIVATE KEY", "not a key at all".getBytes());
    SwoopException e =
        assertThrows(SwoopException.class, () -> JwtBearer.readKey(garbled, new Secrets()));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith("SFDC_JWT_KEY_FILE: " + garbled + " is not a readable RSA private key"),
        e.getMessage());
    Path encrypted = pem("enc.pem", "ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3});
    e = assertThrows(SwoopException.class, () -> JwtBearer.readKey(encrypted, new Secrets()));
    assertTrue(e.getMessage().contains("holds an encrypted key"), e.getMessage());
    Path cert = pem("cert.pem", "CERTIFICATE", new byte[] {1, 2, 3});
    e = assertThrows(SwoopException.class, () -> JwtBearer.readKey(cert, new Secrets()));
    assertTrue(e.getMessage().contains("is not a PEM private key"), e.getMessage());
  }

  @Test
  void theRetryPolicyTriesMaxRetriesMoreTimesThenGivesUpNamingTheLastFault() {
    SfdcRetry retry =
        new SfdcRetry(SfdcTesting.config("sfdc.max_retries", "3", "sfdc.backoff_millis", "1"));
    java.util.concurrent.atomic.AtomicInteger tries =
        new java.util.concurrent.atomic.AtomicInteger();
    RuntimeException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                retry.call(
                    () -> {
                      throw new SfdcRetry.Again("HTTP 503 #" + tries.incrementAndGet(), null);
                    },
                    (n, last) ->
                        new IllegalStateException(n + " tries, last: " + last.getMessage())));
    assertEquals("4 tries, last: HTTP 503 #4", e.getMessage());

    tries.set(0);
    assertEquals(
        "ok",
        retry.call(
            () -> {
              if (tries.incrementAndGet() < 3) {
                throw new SfdcRetry.Again("HTTP 502", null);
              }
              return "ok";
            },
            (n, last) -> new IllegalStateException("gave up")));
    assertEquals(3, tries.get());

    // Anything but Again ends the call at once.
    tries.set(0);
    assertThrows(
        SwoopException.class,
        () ->
            retry.call(
                () -> {
                  tries.incrementAndGet();
                  throw SwoopException.sourceFailed("refused", null);
                },
                (n, last) -> new IllegalStateException("gave up")));
    assertEquals(1, tries.get());
  }

  @Test
  void retriesPauseWithExponentialBackoffAndJitter() {
    for (int i = 0; i < 200; i++) {
      long first = SfdcRetry.pause(100, 0);
      long fourth = SfdcRetry.pause(100, 3);
      assertTrue(first >= 50 && first <= 100, "first pause " + first);
      assertTrue(fourth >= 400 && fourth <= 800, "fourth pause " + fourth);
    }
    assertEquals(0, SfdcRetry.pause(0, 5));
  }

  @Test
  void theObjectThatFailedFirstIsTheFailureReportedNotTheOnesStoppedAfterIt() {
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Map<String, java.util.concurrent.Callable<String>> pulls = new java.util.LinkedHashMap<>();
    // Listed first, fails second: only because it was told to stop.
    pulls.put(
        "Opportunity",
        () -> {
          stopped.await();
          throw SwoopException.sourceFailed("Opportunity: stopped by the other", null);
        });
    pulls.put(
        "Event",
        () -> {
          throw new IllegalStateException("Event: the real cause");
        });
    pulls.put("Task", () -> "pulled");
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> ParallelPulls.run(pulls, 3, stopped::countDown));
    assertEquals("Event: the real cause", e.getMessage());
    assertEquals(0, stopped.getCount());

    Map<String, java.util.concurrent.Callable<String>> fine = new java.util.LinkedHashMap<>();
    fine.put("Task", () -> "t");
    fine.put("Event", () -> "e");
    assertEquals(Map.of("Task", "t", "Event", "e"), ParallelPulls.run(fine, 1, () -> {}));
  }

  @Test
  void dateTimesAreWrittenInUtcWithMilliseconds() {
    Calendar c = new GregorianCalendar(TimeZone.getTimeZone("America/Los_Angeles"));
    c.setTimeInMillis(Instant.parse("2024-03-05T14:22:10.120Z").toEpochMilli());
    assertEquals("2024-03-05T14:22:10.120Z", SoapText.of(c, "dateTime"));
    assertEquals("2024-03-05T14:22:10.120Z", SoapText.of(c, null));
  }

  @Test
  void datesAreWrittenAsTheirUtcDay() {
    Date midnightGmt = Date.from(Instant.parse("2024-03-05T00:00:00Z"));
    assertEquals("2024-03-05", SoapText.of(midnightGmt, "date"));
    Calendar c = new GregorianCalendar(TimeZone.getTimeZone("GMT"));
    c.setTime(midnightGmt);
    assertEquals("2024-03-05", SoapText.of(c, "date"));
  }

  @Test
  void numbersKeepEveryDigitAndNeverUseAnExponent() {
    assertEquals("5000.0", SoapText.of(5000.0, "double"));
    assertEquals("16.99", SoapText.of(16.99, "double"));
    assertEquals("10000000.0", SoapText.of(1.0E7, "double"));
    assertEquals("123456789012.35", SoapText.of(123456789012.35, "double"));
    assertEquals("0.00001", SoapText.of(1.0E-5, "double"));
    assertEquals("12500.50", SoapText.of(new BigDecimal("12500.50"), "decimal"));
    assertEquals("1E+3", new BigDecimal("1E+3").toString());
    assertEquals("1000", SoapText.of(new BigDecimal("1E+3"), "decimal"));
    assertEquals("42", SoapText.of(42, "int"));
  }

  @Test
  void booleansAndTextAreWrittenAsSalesforceDoes() {
    assertEquals("true", SoapText.of(Boolean.TRUE, "boolean"));
    assertEquals("false", SoapText.of(false, null));
    assertEquals("Smith, \"Jo\"\n2nd", SoapText.of("Smith, \"Jo\"\n2nd", null));
    assertEquals("12500.0", SoapText.of("12500.0", null));
    assertNull(SoapText.of(null, "dateTime"));
  }

  @Test
  void soqlAsksForAWindowInModstampAndIdOrder() {
    List<String> f = List.of("Id", "IsDeleted", "SystemModstamp");
    assertEquals(
        "SELECT Id, IsDeleted, SystemModstamp FROM Task ORDER BY SystemModstamp, Id",
        Soql.query("Task", f, "SystemModstamp", null, null, null));
    assertEquals(
        "SELECT Id, IsDeleted, SystemModstamp FROM Task WHERE SystemModstamp > 2024-01-01T00:00:00.000Z"
            + " AND SystemModstamp <= 2024-03-31T00:00:00.000Z ORDER BY SystemModstamp, Id",
        Soql.query(
            "Task",
            f,
            "SystemModstamp",
            Instant.parse("2024-01-01T00:00:00Z"),
            null,
            Instant.parse("2024-03-31T00:00:00Z")));
  }

  @Test
  void soqlResumesAfterTheLastRowKept() {
    assertEquals(
        "SELECT Id, CreatedDate FROM OpportunityFieldHistory WHERE (CreatedDate > 2024-01-05T10:00:00.500Z OR"
            + " (CreatedDate = 2024-01-05T10:00:00.500Z AND Id > '017000000000001AAA')) ORDER BY CreatedDate, Id",
        Soql.query(
            "OpportunityFieldHistory",
            List.of("Id", "CreatedDate"),
            "CreatedDate",
            Instant.parse("2024-01-01T00:00:00Z"),
            new Soql.After(Instant.parse("2024-01-05T10:00:00.500Z"), "017000000000001AAA"),
            null));
  }

  @Test
  void isDeletedAndTheModstampAreAlwaysSelected() {
    assertEquals(
        List.of(
            "Id",
            "WhatId",
            "OwnerId",
            "ActivityDate",
            "CreatedDate",
            "CreatedById",
            "Subject",
            "Type",
            "TaskSubtype",
            "DurationInMinutes",
            "IsDeleted",
            "SystemModstamp"),
        Extractor.fields(ObjectSpec.of(SfObject.TASK, null, null)));
    // OpportunityFieldHistory has no SystemModstamp: its CreatedDate orders and bounds the pull.
    assertEquals("CreatedDate", Extractor.stampField(SfObject.OPPORTUNITY_FIELD_HISTORY));
    assertFalse(
        Extractor.fields(ObjectSpec.of(SfObject.OPPORTUNITY_FIELD_HISTORY, null, null))
            .contains("SystemModstamp"));
    // User has no IsDeleted; the configured hire-date field is selected.
    List<String> user = Extractor.fields(ObjectSpec.of(SfObject.USER, "Hire_Date__c", null));
    assertFalse(user.contains("IsDeleted"));
    assertTrue(user.contains("Hire_Date__c"));
  }

  @Test
  void noCredentialsIsExit2NamingTheVariables() {
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () ->
                Credentials.from(
                    Map.of("SFDC_USERNAME", "someone@example.com"),
                    SwoopConfig.defaults(),
                    new Secrets()));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    for (String v :
        List.of(
            "SFDC_INSTANCE_URL",
            "SFDC_ACCESS_TOKEN",
            "SFDC_CLIENT_ID",
            "SFDC_JWT_KEY_FILE",
            "SFDC_PASSWORD")) {
      assertTrue(e.getMessage().contains(v), e.getMessage());
    }
    assertTrue(e.getMessage().contains("only SFDC_USERNAME set"), e.getMessage());
  }

  @Test
  void anAccessTokenComesFirstAndNeedsNoLogin() {
    Map<String, String> env =
        Map.of(
            "SFDC_INSTANCE_URL",
            "https://acme.my.salesforce.com/",
            "SFDC_ACCESS_TOKEN",
            "00Dx!token-value-123",
            "SFDC_USERNAME",
            "u@example.com",
            "SFDC_PASSWORD",
            "pw-value-123");
    Authenticator a = Credentials.from(env, SwoopConfig.defaults(), new Secrets());
    assertEquals("access_token", a.method());
    assertFalse(a.renewable());
    int[] calls = {0};
    Authenticator.Login l = a.login(() -> calls[0]++);
    assertEquals("https://acme.my.salesforce.com/services/Soap/u/65.0", l.serviceEndpoint());
    assertEquals("00Dx!token-value-123", l.sessionId());
    assertEquals(0, calls[0]);
  }

  @Test
  void thePasswordPathIsLast() {
    Map<String, String> env =
        Map.of("SFDC_USERNAME", "u@example.com", "SFDC_PASSWORD", "pw-value-123");
    assertEquals("password", Credentials.from(env, SwoopConfig.defaults(), new Secrets()).method());
  }

  @Test
  void anUnreadableKeyFileIsExit2() throws Exception {
    Map<String, String> env =
        Map.of(
            "SFDC_CLIENT_ID",
            "cid",
            "SFDC_USERNAME",
            "u@example.com",
            "SFDC_JWT_KEY_FILE",
            dir.resolve("missing.pem").toString());
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () -> Credentials.from(env, SwoopConfig.defaults(), new Secrets()));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertTrue(
        e.getMessage().startsWith("SFDC_JWT_KEY_FILE: cannot read the private key file"),
        e.getMessage());
    Path encrypted = dir.resolve("enc.pem");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
    SwoopException e2 =
        assertThrows(
            SwoopException.class,
            () ->
                Credentials.from(
                    Map.of(
                        "SFDC_CLIENT_ID",
                        "cid",
                        "SFDC_USERNAME",
                        "u@example.com",
                        "SFDC_JWT_KEY_FILE",
                        encrypted.toString()),
                    SwoopConfig.defaults(),
                    new Secrets()));
    assertEquals(SwoopException.Kind.BAD_INPUT, e2.kind());
    assertTrue(e2.getMessage().contains("encrypted key"), e2.getMessage());
  }

  @Test
  void everyConnectionHasTimeoutsAndNoTracing() {
    ConnectorConfig c =
        SfdcClient.connectorConfig(
            SwoopConfig.from(
                Map.of("sfdc.connect_timeout_seconds", "7", "sfdc.read_timeout_seconds", "90")));
    assertEquals(7000, c.getConnectionTimeout());
    assertEquals(90000, c.getReadTimeout());
    assertFalse(c.isTraceMessage());
    assertFalse(c.isPrettyPrintXml());
    assertTrue(c.isCompression());
  }

  @Test
  void secretsAreRedactedFromMessagesAndCauses() {
    Secrets s = new Secrets();
    s.add("00Dx!session-id-abc");
    s.add(
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n");
    assertEquals("bad session [redacted] here", s.redact("bad session 00Dx!session-id-abc here"));
    assertEquals("key [redacted]", s.redact("key MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"));
    RuntimeException scrubbed =
        s.scrub(
            new IllegalStateException(
                "a 00Dx!session-id-abc", new RuntimeException("b 00Dx!session-id-abc")));
    assertFalse(scrubbed.getMessage().contains("session-id"));
    assertFalse(scrubbed.getCause().getMessage().contains("session-id"));
  }
}
