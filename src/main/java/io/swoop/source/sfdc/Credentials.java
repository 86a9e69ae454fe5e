package io.swoop.source.sfdc;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import java.util.Map;

/**
 * Reads the credentials from the environment, in the order of CONTRACT §1: an access token, else
 * the JWT bearer flow, else a username and password.
 */
final class Credentials {
  /**
   * Instance URL for an access token obtained elsewhere, e.g. {@code
   * https://acme.my.salesforce.com}.
   */
  static final String INSTANCE_URL = "SFDC_INSTANCE_URL";

  static final String ACCESS_TOKEN = "SFDC_ACCESS_TOKEN";
  static final String CLIENT_ID = "SFDC_CLIENT_ID";
  static final String USERNAME = "SFDC_USERNAME";

  /** Path of the PEM private key (PKCS#8 or PKCS#1) of the connected app's certificate. */
  static final String JWT_KEY_FILE = "SFDC_JWT_KEY_FILE";

  /** The password with the security token appended. */
  static final String PASSWORD = "SFDC_PASSWORD";

  static final String LOGIN_URL = "SFDC_LOGIN_URL";
  static final String LOGIN_URL_DEFAULT = "https://login.salesforce.com";

  /** The API version of the data calls; the SOAP login is served only up to {@link #LOGIN_API}. */
  static final String API = "65.0";

  static final String LOGIN_API = "64.0";

  private Credentials() {}

  static Authenticator from(Map<String, String> env, SwoopConfig config, Secrets secrets) {
    String instance = get(env, INSTANCE_URL);
    String token = get(env, ACCESS_TOKEN);
    String clientId = get(env, CLIENT_ID);
    String username = get(env, USERNAME);
    String keyFile = get(env, JWT_KEY_FILE);
    String password = get(env, PASSWORD);
    String loginUrl =
        trimSlash(get(env, LOGIN_URL) == null ? LOGIN_URL_DEFAULT : get(env, LOGIN_URL));
    secrets.add(token);
    secrets.add(password);
    if (instance != null && token != null) {
      return new AccessToken(soapEndpoint(instance), token);
    }
    if (clientId != null && username != null && keyFile != null) {
      return new JwtBearer(loginUrl, clientId, username, keyFile, config, secrets);
    }
    if (username != null && password != null) {
      return new PasswordLogin(loginUrl, username, password, config, secrets);
    }
    throw missing(env);
  }

  /** Throws what {@link #from} would when no way to log in is set; looks at presence only. */
  static void requirePresent(Map<String, String> env) {
    boolean token = get(env, INSTANCE_URL) != null && get(env, ACCESS_TOKEN) != null;
    boolean jwt =
        get(env, CLIENT_ID) != null && get(env, USERNAME) != null && get(env, JWT_KEY_FILE) != null;
    boolean password = get(env, USERNAME) != null && get(env, PASSWORD) != null;
    if (!token && !jwt && !password) {
      throw missing(env);
    }
  }

  private static SwoopException missing(Map<String, String> env) {
    return SwoopException.badInput(
        "No Salesforce credentials in the environment. Set one of: %s + %s (an OAuth access token); "
            + "%s + %s + %s (JWT bearer flow, %s optional, default %s); %s + %s (SOAP login, password"
            + " with the security token appended)%s",
        INSTANCE_URL,
        ACCESS_TOKEN,
        CLIENT_ID,
        USERNAME,
        JWT_KEY_FILE,
        LOGIN_URL,
        LOGIN_URL_DEFAULT,
        USERNAME,
        PASSWORD,
        found(env));
  }

  static String soapEndpoint(String instanceUrl) {
    return trimSlash(instanceUrl) + "/services/Soap/u/" + API;
  }

  private static String found(Map<String, String> env) {
    StringBuilder s = new StringBuilder();
    for (String k :
        new String[] {INSTANCE_URL, ACCESS_TOKEN, CLIENT_ID, USERNAME, JWT_KEY_FILE, PASSWORD}) {
      if (get(env, k) != null) {
        s.append(s.length() == 0 ? "" : ", ").append(k);
      }
    }
    return s.length() == 0 ? "; none of them is set" : "; only " + s + " set";
  }

  static String get(Map<String, String> env, String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  static String trimSlash(String url) {
    String u = url.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }

  /** An access token obtained elsewhere: used as the session id, and not renewable. */
  static final class AccessToken implements Authenticator {
    private final String endpoint;
    private final String token;

    AccessToken(String endpoint, String token) {
      this.endpoint = endpoint;
      this.token = token;
    }

    @Override
    public Login login(CallCounter counter) {
      return new Login(token, endpoint);
    }

    @Override
    public boolean renewable() {
      return false;
    }

    @Override
    public String method() {
      return "access_token";
    }
  }
}
