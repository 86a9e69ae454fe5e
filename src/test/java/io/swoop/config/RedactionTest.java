package io.swoop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.core.SwoopException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What never leaves a run: secret settings, a URL's user info, the operator's string regex. */
class RedactionTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCY";

  @Test
  void theDefaultIsSparks() {
    assertEquals(
        org.apache
            .spark
            .internal
            .config
            .package$
            .MODULE$
            .SECRET_REDACTION_PATTERN()
            .defaultValueString(),
        Redaction.REGEX_DEFAULT);
  }

  @Test
  void aSettingIsSecretWhenItsKeyOrItsValueMatches() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.hadoop.fs.s3a.secret.key", SECRET);
    settings.put("spark.hadoop.fs.s3a.access.key", "AKIAEXAMPLE12345");
    settings.put("spark.hadoop.fs.azure.sas.token.provider", "x");
    settings.put("spark.my.setting", "password=hunter22");
    settings.put("spark.sql.shuffle.partitions", "8");
    settings.put("spark.hadoop.fs.defaultFS", "s3a://AKIAOTHER:s3cr3tvalue@bucket");
    Map<String, String> shown = Redaction.of(settings).map(settings);
    assertEquals(Redaction.REDACTED, shown.get("spark.hadoop.fs.s3a.secret.key"));
    assertEquals(Redaction.REDACTED, shown.get("spark.hadoop.fs.s3a.access.key"));
    assertEquals(Redaction.REDACTED, shown.get("spark.hadoop.fs.azure.sas.token.provider"));
    assertEquals(Redaction.REDACTED, shown.get("spark.my.setting"));
    assertEquals("8", shown.get("spark.sql.shuffle.partitions"));
    assertEquals("s3a://" + Redaction.REDACTED + "@bucket", shown.get("spark.hadoop.fs.defaultFS"));
    assertEquals(List.copyOf(settings.keySet()), List.copyOf(shown.keySet()), "every key kept");
  }

  @Test
  void aSecretValueIsCutOutOfAnyTextButAShortFlagIsNot() {
    Redaction r =
        Redaction.of(
            Map.of(
                "spark.hadoop.fs.s3a.secret.key", SECRET,
                "spark.ssl.keyPassword", "abc",
                "spark.authenticate.secret.enabled", "true"));
    String text = r.text("denied for " + SECRET + " (retry: true, abc)");
    assertEquals("denied for " + Redaction.REDACTED + " (retry: true, abc)", text);
  }

  @Test
  void theOperatorsRegexReplacesSparksDefault() {
    Map<String, String> settings =
        Map.of(
            Redaction.REGEX,
            "(?i)credential",
            "spark.hadoop.my.credential",
            "c0nfidential-1",
            "spark.hadoop.fs.s3a.secret.key",
            "no-longer-secret");
    Redaction r = Redaction.of(settings);
    assertTrue(r.isSecret("spark.hadoop.my.credential", "x"));
    assertFalse(r.isSecret("spark.hadoop.fs.s3a.secret.key", "no-longer-secret"));
    assertEquals(Redaction.REDACTED, r.map(settings).get("spark.hadoop.my.credential"));
  }

  @Test
  void aUrlsUserInfoIsRedactedAsWrittenAndAsParsed() {
    String uri = "s3a://AKIAEXAMPLE:wJalr%2FK7MDENG@bucket/swoop";
    Redaction r = Redaction.of(Map.of()).withUris(List.of(uri, "--output", "out"));
    assertEquals("to s3a://" + Redaction.REDACTED + "@bucket/swoop", r.text("to " + uri));
    // Hadoop's Path prints the authority decoded: the slash splits it from the URL pattern.
    String decoded = r.text("rename s3a://AKIAEXAMPLE:wJalr/K7MDENG@bucket/swoop/x failed");
    assertFalse(decoded.contains("AKIAEXAMPLE"), decoded);
    assertFalse(decoded.contains("wJalr"), decoded);
    assertEquals("file:///data/team@corp/out", r.text("file:///data/team@corp/out"));
  }

  @Test
  void theStringRegexCutsWhatItMatches() {
    Redaction r = Redaction.of(Map.of(Redaction.STRING_REGEX, "sig=[^&\\s]+"));
    assertEquals(
        "https://h/p?" + Redaction.REDACTED + "&x=1", r.text("https://h/p?sig=abc123&x=1"));
  }

  @Test
  void aRegexThatDoesNotCompileIsRefusedNamingTheKey() {
    SwoopException e =
        assertThrows(
            SwoopException.class, () -> SwoopConfig.from(Map.of(Redaction.REGEX, "(unclosed")));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertTrue(e.getMessage().contains(Redaction.REGEX), e.getMessage());
  }

  @Test
  void theManifestsCopyOfTheConfigurationHoldsNoSecret() {
    SwoopConfig config =
        SwoopConfig.from(
            Map.of("spark.hadoop.fs.s3a.secret.key", SECRET, "takeover.max_levels", "2"));
    assertEquals(Redaction.REDACTED, config.asMap().get("spark.hadoop.fs.s3a.secret.key"));
    assertEquals("2", config.asMap().get("takeover.max_levels"));
    assertEquals(SECRET, config.sparkSettings().get("spark.hadoop.fs.s3a.secret.key"));
  }
}
