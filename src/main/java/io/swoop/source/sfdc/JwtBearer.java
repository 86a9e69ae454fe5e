package io.swoop.source.sfdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

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
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(username)
            .audience(loginUrl)
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    try {
      // Salesforce takes the connected app's certificate as it is: a key under 2048 bits is the
      // operator's choice, not a reason to stop here.
      jwt.sign(new RSASSASigner(key, true));
    } catch (JOSEException e) {
      throw SwoopException.sourceFailed("Cannot sign the JWT assertion: " + e.getMessage(), null);
    }
    return jwt.serialize();
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
    secrets.add(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    try {
      return JWK.parseFromPEMEncodedObjects(pem).toRSAKey().toPrivateKey();
    } catch (JOSEException | RuntimeException e) {
      throw SwoopException.badInput(
          "%s: %s is not a readable RSA private key (%s)",
          Credentials.JWT_KEY_FILE, file, e.getClass().getSimpleName());
    }
  }
}
