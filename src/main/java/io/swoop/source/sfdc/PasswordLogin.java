package io.swoop.source.sfdc;

import com.sforce.soap.partner.LoginResult;
import com.sforce.soap.partner.PartnerConnection;
import com.sforce.ws.ConnectionException;
import com.sforce.ws.ConnectorConfig;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;

/**
 * The legacy SOAP {@code login()} with a username and a password (security token appended).
 * Salesforce serves it only up to API {@value Credentials#LOGIN_API}, so it goes to {@code
 * $SFDC_LOGIN_URL/services/Soap/u/64.0}; the data calls then use the server URL login returns, at
 * that same version (every field swoop reads exists there). Logging in again renews a session.
 */
final class PasswordLogin implements Authenticator {
  private final String loginUrl;
  private final String username;
  private final String passwordAndToken;
  private final SwoopConfig config;
  private final Secrets secrets;

  PasswordLogin(
      String loginUrl,
      String username,
      String passwordAndToken,
      SwoopConfig config,
      Secrets secrets) {
    this.loginUrl = loginUrl;
    this.username = username;
    this.passwordAndToken = passwordAndToken;
    this.config = config;
    this.secrets = secrets;
  }

  @Override
  public Login login(CallCounter counter) {
    String endpoint = loginUrl + "/services/Soap/u/" + Credentials.LOGIN_API;
    return new SfdcRetry(config)
        .call(
            () -> attempt(endpoint, counter),
            (tries, last) ->
                SwoopException.sourceFailed(
                    secrets.redact(
                        String.format(
                            "Cannot reach Salesforce login at %s after %d tries: %s",
                            endpoint, tries, last.getMessage())),
                    null));
  }

  /** One {@code login()}; a transient fault asks for another try. */
  private Login attempt(String endpoint, CallCounter counter) {
    ConnectorConfig c = SfdcClient.connectorConfig(config);
    c.setAuthEndpoint(endpoint);
    c.setServiceEndpoint(endpoint);
    c.setManualLogin(true);
    try {
      PartnerConnection connection = new PartnerConnection(c);
      counter.authCall();
      LoginResult r = connection.login(username, passwordAndToken);
      secrets.add(r.getSessionId());
      if (r.isPasswordExpired()) {
        throw SwoopException.sourceFailed(
            "The Salesforce password of "
                + username
                + " has expired; set a new one in "
                + Credentials.PASSWORD,
            null);
      }
      return new Login(r.getSessionId(), r.getServerUrl());
    } catch (ConnectionException e) {
      if (Faults.kind(e) == Faults.Kind.TRANSIENT) {
        throw new SfdcRetry.Again(Faults.describe(e), e);
      }
      throw SwoopException.sourceFailed(
          secrets.redact(
              String.format(
                  "Salesforce refused the login of %s at %s: %s. Check %s (password followed by the security"
                      + " token) and %s; orgs that turned SOAP login off need %s or %s",
                  username,
                  endpoint,
                  Faults.describe(e),
                  Credentials.PASSWORD,
                  Credentials.LOGIN_URL,
                  Credentials.ACCESS_TOKEN,
                  Credentials.JWT_KEY_FILE)),
          secrets.scrub(e));
    }
  }

  @Override
  public boolean renewable() {
    return true;
  }

  @Override
  public String method() {
    return "password";
  }
}
