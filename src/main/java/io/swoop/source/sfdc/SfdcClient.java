package io.swoop.source.sfdc;

import com.sforce.soap.partner.ILimitInfo;
import com.sforce.soap.partner.LimitInfoHeader_element;
import com.sforce.soap.partner.PartnerConnection;
import com.sforce.soap.partner.QueryResult;
import com.sforce.soap.partner.SessionHeader_element;
import com.sforce.ws.ConnectionException;
import com.sforce.ws.ConnectorConfig;
import com.sforce.ws.SessionRenewer;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.namespace.QName;

/**
 * The SOAP side of an extract: one session shared by all objects (renewed once for all when it
 * expires), one {@link PartnerConnection} per object being pulled, and every call made through
 * {@link ObjectConnection}, which retries transient faults, renews the session, watches the org's
 * API usage and counts calls.
 */
final class SfdcClient {
  static final QName SESSION_HEADER = new QName("urn:partner.soap.sforce.com", "SessionHeader");
  private static final String API_REQUESTS = "API REQUEST";

  private final Authenticator auth;
  private final SwoopConfig config;
  private final Secrets secrets;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong authCalls = new AtomicLong();
  private final AtomicBoolean aborted = new AtomicBoolean();
  private final SfdcRetry retry;
  private Authenticator.Login login;
  private int generation;
  private volatile long usageCurrent = -1;
  private volatile long usageLimit = -1;
  private HttpClient http;

  SfdcClient(Authenticator auth, SwoopConfig config, Secrets secrets) {
    this.auth = auth;
    this.config = config;
    this.secrets = secrets;
    this.retry = new SfdcRetry(config);
  }

  /** The retry policy of every call of this extract. */
  SfdcRetry retry() {
    return retry;
  }

  /**
   * The ConnectorConfig every connection starts from: timeouts always set, tracing off, gzip on.
   */
  static ConnectorConfig connectorConfig(SwoopConfig config) {
    ConnectorConfig c = new ConnectorConfig();
    c.setConnectionTimeout(config.sfdcConnectTimeoutSeconds() * 1000);
    c.setReadTimeout(config.sfdcReadTimeoutSeconds() * 1000);
    c.setTraceMessage(false);
    c.setPrettyPrintXml(false);
    c.setCompression(true);
    return c;
  }

  /** Authenticates (a network call except for a bare access token). */
  synchronized void connect() {
    login = auth.login(this::countAuth);
    secrets.add(login.sessionId());
    generation++;
  }

  private void countAuth() {
    calls.incrementAndGet();
    authCalls.incrementAndGet();
  }

  /** Returns a live session id: a new one when {@code stale} is still the current one. */
  synchronized String renew(String stale) {
    if (login != null && !login.sessionId().equals(stale)) {
      return login.sessionId();
    }
    Authenticator.Login fresh = auth.login(this::countAuth);
    secrets.add(fresh.sessionId());
    // The instance does not move; keep the endpoint connections were opened with.
    login =
        new Authenticator.Login(
            fresh.sessionId(), login == null ? fresh.serviceEndpoint() : login.serviceEndpoint());
    generation++;
    return login.sessionId();
  }

  private synchronized Authenticator.Login current() {
    return login;
  }

  /** The current session, for calls made outside SOAP (the Bulk API). */
  Authenticator.Login session() {
    return current();
  }

  boolean renewable() {
    return auth.renewable();
  }

  Secrets secrets() {
    return secrets;
  }

  /** Counts a call made outside SOAP. */
  void countCall() {
    calls.incrementAndGet();
  }

  /** Records the org's API usage that a REST answer reported (Sforce-Limit-Info). */
  void usage(long current, long limit) {
    usageCurrent = current;
    usageLimit = limit;
  }

  /** The HTTP client of the Bulk API calls, made on first use. */
  synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(config.sfdcConnectTimeoutSeconds()))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }
    return http;
  }

  /** Why an expired session ends the extract when the credentials cannot give a new one. */
  static String cannotRenew(String what) {
    return "the session was refused ("
        + what
        + "); an access token from "
        + Credentials.ACCESS_TOKEN
        + " cannot be renewed: obtain a fresh one, or use the JWT"
        + " bearer flow ("
        + Credentials.CLIENT_ID
        + ", "
        + Credentials.USERNAME
        + ", "
        + Credentials.JWT_KEY_FILE
        + ")";
  }

  private synchronized int generation() {
    return generation;
  }

  /** Makes every connection stop before its next call (another object failed). */
  void abort() {
    aborted.set(true);
  }

  boolean aborted() {
    return aborted.get();
  }

  long calls() {
    return calls.get();
  }

  long authCalls() {
    return authCalls.get();
  }

  /** The org's API requests used and allowed per 24 h, from the last LimitInfoHeader, or -1. */
  long usageCurrent() {
    return usageCurrent;
  }

  long usageLimit() {
    return usageLimit;
  }

  String method() {
    return auth.method();
  }

  ObjectConnection open(String object) {
    return new ObjectConnection(object);
  }

  /**
   * A failure the puller handles itself (new query, smaller window, fewer fields, no object, a
   * count it can do without). One that reaches the extract stops it, naming its object.
   */
  static final class PullFault extends RuntimeException {
    final Faults.Kind kind;

    PullFault(Faults.Kind kind, String message) {
      super(message);
      this.kind = kind;
    }
  }

  /**
   * A call not made because another object's pull failed first: never the reason an extract gives.
   */
  static final class Cancelled extends RuntimeException {
    Cancelled(String object) {
      super(object + ": not asked, another object's pull failed first", null, false, false);
    }
  }

  /** The connection of one object's pull; used by one thread. */
  final class ObjectConnection {
    private final String object;
    private final ConnectorConfig cfg;
    private final PartnerConnection pc;
    private int seen;
    private long objectCalls;

    private ObjectConnection(String object) {
      this.object = object;
      Authenticator.Login l = current();
      this.cfg = connectorConfig(config);
      cfg.setSessionId(l.sessionId());
      cfg.setServiceEndpoint(l.serviceEndpoint());
      cfg.setManualLogin(true);
      if (auth.renewable()) {
        cfg.setSessionRenewer(new Renewer());
      }
      try {
        this.pc = new PartnerConnection(cfg);
      } catch (ConnectionException e) {
        throw SwoopException.sourceFailed(
            secrets.redact(
                "Cannot set up the Salesforce connection for "
                    + object
                    + ": "
                    + Faults.describe(e)),
            secrets.scrub(e));
      }
      pc.setQueryOptions(config.sfdcBatchSize());
      this.seen = generation();
    }

    long calls() {
      return objectCalls;
    }

    QueryResult queryAll(String soql) {
      return call(soql, () -> pc.queryAll(soql), false);
    }

    QueryResult queryMore(String soql, String locator) {
      return call(soql, () -> pc.queryMore(locator), false);
    }

    /**
     * A query the caller can do without (a count): Salesforce refusing it is a {@link PullFault} of
     * kind FATAL (or FIELD, QUERY_TIMEOUT) instead of a stop. The org's limits, an expired session
     * and an unreachable org stop the extract as for any call.
     */
    QueryResult optional(String soql) {
      return call(soql, () -> pc.queryAll(soql), true);
    }

    private QueryResult call(String soql, SoapCall op, boolean refusalIsFault) {
      return retry.call(
          () -> attempt(soql, op, refusalIsFault),
          (tries, last) ->
              stop(
                  "gave up after " + tries + " tries, last: " + last.getMessage(),
                  soql,
                  last.getCause()));
    }

    /**
     * One try of a call: an expired session is renewed (when the credentials allow it) and the call
     * sent again at once; a transient fault asks the retry policy for another try; the others stop
     * the extract or go to the puller as a {@link PullFault}.
     */
    private QueryResult attempt(String soql, SoapCall op, boolean refusalIsFault) {
      ConnectionException failure;
      try {
        return once(soql, op);
      } catch (ConnectionException e) {
        failure = e;
      }
      if (Faults.kind(failure) == Faults.Kind.SESSION) {
        String what = secrets.redact(Faults.describe(failure));
        if (!auth.renewable()) {
          throw stop(cannotRenew(what), soql, failure);
        }
        renew(cfg.getSessionId());
        try {
          return once(soql, op);
        } catch (ConnectionException e) {
          failure = e;
        }
        if (Faults.kind(failure) == Faults.Kind.SESSION) {
          throw stop(
              "the session was refused again right after it was renewed: "
                  + secrets.redact(Faults.describe(failure)),
              soql,
              failure);
        }
      }
      Faults.Kind kind = Faults.kind(failure);
      String what = secrets.redact(Faults.describe(failure));
      switch (kind) {
        case TRANSIENT -> throw new SfdcRetry.Again(what, failure);
        case TOTAL_LIMIT ->
            throw stop("the org's API request limit is used up (" + what + ")", soql, failure);
        case FATAL -> {
          if (refusalIsFault) {
            throw new PullFault(kind, what);
          }
          throw stop(what, soql, failure);
        }
        default -> throw new PullFault(kind, what);
      }
    }

    /** Sends the call once, counted, and watches the org's API usage its answer reports. */
    private QueryResult once(String soql, SoapCall op) throws ConnectionException {
      if (aborted()) {
        throw new Cancelled(object);
      }
      adoptSession();
      pc.clearLimitInfoHeader();
      calls.incrementAndGet();
      objectCalls++;
      try {
        QueryResult r = op.run();
        checkUsage(soql);
        return r;
      } catch (ConnectionException e) {
        checkUsage(soql);
        throw e;
      } catch (SwoopException e) {
        throw e;
      } catch (RuntimeException e) {
        throw stop(
            "Salesforce's answer could not be read: " + secrets.redact(Faults.describe(e)),
            soql,
            e);
      }
    }

    /**
     * Takes up a session another connection renewed, so this one does not fail on the old id first.
     */
    private void adoptSession() {
      int g = generation();
      if (g != seen) {
        String id = current().sessionId();
        cfg.setSessionId(id);
        pc.setSessionHeader(id);
        seen = g;
      }
    }

    private void checkUsage(String soql) {
      LimitInfoHeader_element h = pc.getLimitInfoHeader();
      if (h == null || h.getLimitInfo() == null) {
        return;
      }
      for (ILimitInfo li : h.getLimitInfo()) {
        if (li == null
            || li.getType() == null
            || !li.getType().toUpperCase(Locale.ROOT).startsWith(API_REQUESTS)) {
          continue;
        }
        usageCurrent = li.getCurrent();
        usageLimit = li.getLimit();
        if (li.getLimit() > 0 && li.getCurrent() > config.sfdcMaxApiShare() * li.getLimit()) {
          throw stop(
              String.format(
                  Locale.ROOT,
                  "the org has used %d of its %d API requests (%.1f%%), above %s = %s",
                  li.getCurrent(),
                  li.getLimit(),
                  100.0 * li.getCurrent() / li.getLimit(),
                  SwoopConfig.SFDC_MAX_API_SHARE,
                  config.sfdcMaxApiShare()),
              soql,
              null);
        }
      }
    }

    private SwoopException stop(String why, String soql, Throwable cause) {
      return SwoopException.sourceFailed(
          secrets.redact(
              String.format(
                  "Salesforce extract of %s stopped: %s. Query: %s. This extract made %d API calls; the raw"
                      + " mirror and its watermarks are unchanged",
                  object, why, soql, calls())),
          secrets.scrub(cause));
    }

    /**
     * Called by force-wsc when a call fails with an expired session, before it retries the call
     * once.
     */
    private final class Renewer implements SessionRenewer {
      @Override
      public SessionRenewalHeader renewSession(ConnectorConfig c) {
        String id = renew(c.getSessionId());
        c.setSessionId(id);
        pc.setSessionHeader(id);
        seen = generation();
        calls.incrementAndGet();
        objectCalls++;
        SessionHeader_element e = new SessionHeader_element();
        e.setSessionId(id);
        SessionRenewalHeader h = new SessionRenewalHeader();
        h.name = SESSION_HEADER;
        h.headerElement = e;
        return h;
      }
    }
  }

  @FunctionalInterface
  private interface SoapCall {
    QueryResult run() throws ConnectionException;
  }
}
