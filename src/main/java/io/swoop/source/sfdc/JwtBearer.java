package io.swoop.source.sfdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The OAuth 2.0 JWT bearer flow: an RS256-signed assertion (iss = client id, sub = username, aud =
 * login URL, exp = now + 3 minutes) posted to {@code $SFDC_LOGIN_URL/services/oauth2/token}; the
 * access token it returns is the session id for the SOAP API of the returned instance URL. A new
 * assertion renews an expired session.
 */
final class JwtBearer implements Authenticator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LIFETIME = Duration.ofMinutes(3);

  private final String loginUrl;
  private final String clientId;
  private final String username;
  private final PrivateKey key;
  private final SwoopConfig config;
  private final Secrets secrets;

  JwtBearer(
      String loginUrl,
      String clientId,
      String username,
      String keyFile,
      SwoopConfig config,
      Secrets secrets) {
    this.loginUrl = loginUrl;
    this.clientId = clientId;
    this.username = username;
    this.config = config;
    this.secrets = secrets;
    this.key = readKey(Path.of(keyFile), secrets);
  }

  @Override
  public Login login(CallCounter counter) {
    String tokenUrl = loginUrl + "/services/oauth2/token";
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(config.sfdcConnectTimeoutSeconds()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new SfdcRetry(config)
        .call(
            () -> attempt(http, tokenUrl, counter),
            (tries, last) ->
                SwoopException.sourceFailed(
                    secrets.redact(
                        String.format(
                            "Cannot reach the Salesforce token endpoint %s after %d tries: %s",
                            tokenUrl, tries, last.getMessage())),
                    null));
  }

  /** One post of a new assertion; a transport failure or HTTP 5xx asks for another try. */
  private Login attempt(HttpClient http, String tokenUrl, CallCounter counter) {
    String assertion = assertion(Instant.now());
    secrets.add(assertion);
    String body =
        "grant_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&assertion="
            + assertion;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(tokenUrl))
            .timeout(Duration.ofSeconds(config.sfdcReadTimeoutSeconds()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    counter.authCall();
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SfdcRetry.Again(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwoopException.sourceFailed(
          "Interrupted during the JWT bearer login at " + tokenUrl, null);
    }
    int status = response.statusCode();
    if (status >= 500) {
      throw new SfdcRetry.Again("HTTP " + status, null);
    }
    JsonNode json = parse(response.body());
    if (status == 200
        && json != null
        && json.hasNonNull("access_token")
        && json.hasNonNull("instance_url")) {
      String token = json.get("access_token").asText();
      secrets.add(token);
      return new Login(token, Credentials.soapEndpoint(json.get("instance_url").asText()));
    }
    String why =
        json != null && json.hasNonNull("error")
            ? json.get("error").asText()
                + (json.hasNonNull("error_description")
                    ? ": " + json.get("error_description").asText()
                    : "")
            : "HTTP "
                + status
                + (json == null
                    ? " (not a JSON answer)"
                    : " without access_token and instance_url");
    throw SwoopException.sourceFailed(
        secrets.redact(
            String.format(
                "Salesforce refused the JWT bearer login of %s at %s: %s. Check %s (the connected app's"
                    + " consumer key), that the user is pre-authorized for the app, that the app has the"
                    + " certificate of %s, and %s (login.salesforce.com, or test.salesforce.com for a sandbox)",
                username,
                tokenUrl,
                why,
                Credentials.CLIENT_ID,
                Credentials.JWT_KEY_FILE,
                Credentials.LOGIN_URL)),
        null);
  }

  @Override
  public boolean renewable() {
    return true;
  }

  @Override
  public String method() {
    return "jwt";
  }

  String assertion(Instant now) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        JSON.createObjectNode()
            .put("iss", clientId)
            .put("sub", username)
            .put("aud", loginUrl)
            .put("exp", now.plus(LIFETIME).getEpochSecond())
            .toString();
    String signingInput =
        header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw SwoopException.sourceFailed("Cannot sign the JWT assertion: " + e.getMessage(), null);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Reads a PEM RSA private key: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA
   * PRIVATE KEY}).
   */
  static PrivateKey readKey(Path file, Secrets secrets) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw SwoopException.badInput(
          "%s: cannot read the private key file %s (%s)",
          Credentials.JWT_KEY_FILE, file, e.getClass().getSimpleName());
    }
    secrets.add(pem);
    boolean pkcs1 = pem.contains("-----BEGIN RSA PRIVATE KEY-----");
    if (pem.contains("ENCRYPTED")) {
      throw SwoopException.badInput(
          "%s: %s holds an encrypted key; swoop needs it unencrypted (openssl pkcs8 -topk8 -nocrypt -in key.pem)",
          Credentials.JWT_KEY_FILE, file);
    }
    if (!pkcs1 && !pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw SwoopException.badInput(
          "%s: %s is not a PEM private key (expected -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)",
          Credentials.JWT_KEY_FILE, file);
    }
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    secrets.add(body);
    try {
      byte[] der = Base64.getDecoder().decode(body);
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8Of(der) : der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw SwoopException.badInput(
          "%s: %s is not a readable RSA private key (%s)",
          Credentials.JWT_KEY_FILE, file, e.getClass().getSimpleName());
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, which the JDK reads. */
  private static byte[] pkcs8Of(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] rsaAlgorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(version);
    content.writeBytes(rsaAlgorithm);
    content.writeBytes(der(0x04, pkcs1));
    return der(0x30, content.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write((n >>> (8 * i)) & 0xff);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
