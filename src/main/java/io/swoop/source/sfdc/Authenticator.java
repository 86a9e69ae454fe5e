package io.swoop.source.sfdc;

/**
 * One of the three ways to reach Salesforce (CONTRACT §1). {@link Credentials#from} picks it from
 * the environment.
 */
interface Authenticator {

  /** A session: its id and the SOAP endpoint it is valid for. */
  record Login(String sessionId, String serviceEndpoint) {}

  /**
   * Obtains a session. Each network call made counts in {@code counter}.
   *
   * @throws io.swoop.core.SwoopException exit 3 when the login is refused or cannot be reached
   */
  Login login(CallCounter counter);

  /** Whether a new session can be had when the current one expires. */
  boolean renewable();

  /** access_token, jwt or password, for the summary. */
  String method();

  /** Counts calls made to Salesforce. */
  interface CallCounter {
    void authCall();
  }
}
