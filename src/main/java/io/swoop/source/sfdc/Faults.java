package io.swoop.source.sfdc;

import com.sforce.soap.partner.fault.ApiFault;
import com.sforce.ws.ConnectionException;
import com.sforce.ws.SoapFaultException;
import java.util.Locale;

/** What a failed SOAP call means for the extract. */
final class Faults {
  private Faults() {}

  enum Kind {
    /**
     * Worth another try after a pause: 5xx, an HTML page, a timeout, SERVER_UNAVAILABLE, the
     * concurrent-request limit.
     */
    TRANSIENT,
    /** INVALID_SESSION_ID: renew the session, when the credentials allow it. */
    SESSION,
    /** INVALID_QUERY_LOCATOR: the cursor expired; query again after the last row kept. */
    LOCATOR,
    /** QUERY_TIMEOUT: query a smaller window. */
    QUERY_TIMEOUT,
    /** INVALID_FIELD: the org has no such field. */
    FIELD,
    /** INVALID_TYPE: the object does not exist or is not visible to this user. */
    TYPE,
    /** REQUEST_LIMIT_EXCEEDED for the org's daily total: stop. */
    TOTAL_LIMIT,
    /** Anything else Salesforce refused: stop. */
    FATAL
  }

  static Kind kind(ConnectionException e) {
    if (e instanceof ApiFault f && f.getExceptionCode() != null) {
      switch (f.getExceptionCode()) {
        case INVALID_SESSION_ID:
          return Kind.SESSION;
        case INVALID_QUERY_LOCATOR:
          return Kind.LOCATOR;
        case QUERY_TIMEOUT:
          return Kind.QUERY_TIMEOUT;
        case INVALID_FIELD:
          return Kind.FIELD;
        case INVALID_TYPE:
          return Kind.TYPE;
        case SERVER_UNAVAILABLE:
          return Kind.TRANSIENT;
        case REQUEST_LIMIT_EXCEEDED:
          String m = String.valueOf(f.getExceptionMessage()).toLowerCase(Locale.ROOT);
          return m.contains("concurrent") ? Kind.TRANSIENT : Kind.TOTAL_LIMIT;
        default:
          return Kind.FATAL;
      }
    }
    if (e instanceof SoapFaultException f && f.getFaultCode() != null) {
      String code = f.getFaultCode().getLocalPart();
      if ("INVALID_SESSION_ID".equals(code)) {
        return Kind.SESSION;
      }
      if ("INVALID_QUERY_LOCATOR".equals(code)) {
        return Kind.LOCATOR;
      }
      if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
        return String.valueOf(f.getMessage()).toLowerCase(Locale.ROOT).contains("concurrent")
            ? Kind.TRANSIENT
            : Kind.TOTAL_LIMIT;
      }
    }
    // A transport failure: refused connection, timeout, 5xx, an HTML error page, a truncated body.
    return Kind.TRANSIENT;
  }

  /** What went wrong, in Salesforce's words (not yet redacted). */
  static String describe(Throwable e) {
    if (e instanceof ApiFault f) {
      return f.getExceptionCode() + ": " + f.getExceptionMessage();
    }
    if (e instanceof SoapFaultException f && f.getFaultCode() != null) {
      return f.getFaultCode().getLocalPart() + ": " + f.getMessage();
    }
    StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable c = e.getCause();
    if (c != null && c != e && c.getMessage() != null && !s.toString().contains(c.getMessage())) {
      s.append(" (")
          .append(c.getClass().getSimpleName())
          .append(": ")
          .append(c.getMessage())
          .append(')');
    }
    return s.toString();
  }
}
