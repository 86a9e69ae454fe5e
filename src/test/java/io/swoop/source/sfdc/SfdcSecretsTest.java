package io.swoop.source.sfdc;

import static io.swoop.source.sfdc.SfdcTesting.config;
import static io.swoop.source.sfdc.SfdcTesting.failedPull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.core.SwoopException;
import io.swoop.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No password, token, key or session id reaches a log, an exception, the mirror or the summary. */
class SfdcSecretsTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void noSecretLeavesTheExtract() throws Exception {
    StringWriter logs = new StringWriter();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    WriterAppender appender =
        WriterAppender.createAppender(
            PatternLayout.newBuilder().withPattern("%p %c %m%n%ex").build(),
            null,
            logs,
            "secrets-capture",
            false,
            true);
    appender.start();
    cfg.addAppender(appender);
    cfg.getRootLogger().addAppender(appender, Level.ALL, null);
    ctx.updateLoggers();
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

    String raw = dir.resolve("raw").toString();
    Path key = dir.resolve("key.pem");
    List<String> texts = new ArrayList<>();
    List<String> secrets =
        new ArrayList<>(List.of(FakeSalesforce.PASSWORD, FakeSalesforce.ACCESS_TOKEN));
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      // A JWT extract whose session expires on the way, so a second session is issued.
      Map<String, String> jwt = sf.jwtEnv(key, false);
      sf.rule(
          c ->
              "Task".equals(c.object())
                      && c.page() == 2
                      && c.sessionId() != null
                      && sf.count("token") == 1
                  ? expire(sf)
                  : null);
      Map<String, Object> summary =
          Salesforce.extract(spark, config("sfdc.parallelism", "1"), jwt, raw, "csv", false);
      texts.add(summary.toString());
      assertEquals(2, sf.count("token"));

      // A password extract that Salesforce stops with a message echoing the session and password.
      sf.clearRules();
      sf.rule(
          c ->
              "Opportunity".equals(c.object())
                  ? FakeSalesforce.fault(
                      "INVALID_OPERATION",
                      "session " + c.sessionId() + " of " + FakeSalesforce.PASSWORD + " refused",
                      "UnexpectedErrorFault")
                  : null);
      SwoopException e = failedPull(spark, config(), sf.passwordEnv(), raw);
      assertEquals(SwoopException.Kind.SOURCE_FAILED, e.kind());
      assertTrue(
          e.getMessage().contains("INVALID_OPERATION: session [redacted] of [redacted] refused"),
          e.getMessage());
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      texts.add(trace.toString());
      for (Throwable t = e; t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
      }
      sf.calls().stream()
          .map(FakeSalesforce.Call::sessionId)
          .filter(Objects::nonNull)
          .distinct()
          .forEach(secrets::add);
    } finally {
      System.setErr(err);
      cfg.getRootLogger().removeAppender("secrets-capture");
      ctx.updateLoggers();
      appender.stop();
    }
    for (String line : Files.readAllLines(key)) {
      if (!line.startsWith("-----")) {
        secrets.add(line);
      }
    }
    texts.add(logs.toString());
    texts.add(captured.toString(StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.walk(Path.of(raw))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }

    assertTrue(
        captured.toString(StandardCharsets.UTF_8).contains("swoop sfdc: Task"),
        "the progress lines were captured");
    assertTrue(
        secrets.size() >= 2 + 3 + 20, "password, token, sessions and key lines: " + secrets.size());
    Map<String, String> leaks = new LinkedHashMap<>();
    for (String secret : secrets) {
      for (String text : texts) {
        if (text.contains(secret)) {
          leaks.put(
              secret.substring(0, 6) + "...",
              text.substring(
                  Math.max(0, text.indexOf(secret) - 80),
                  Math.min(text.length(), text.indexOf(secret) + 20)));
        }
      }
    }
    assertEquals(Map.of(), leaks);
    assertFalse(texts.isEmpty());
  }

  private static FakeSalesforce.Reply expire(FakeSalesforce sf) {
    sf.expireSessions();
    return null;
  }
}
