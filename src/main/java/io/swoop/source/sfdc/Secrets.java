package io.swoop.source.sfdc;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secret strings of one extract (password, access token, session ids, key material, JWT
 * assertions). Every message built from text that came from outside passes through {@link #redact},
 * so a secret echoed by a server or a library never reaches a log, an exception or a summary.
 */
final class Secrets {
  static final String MASK = "[redacted]";
  private static final int MIN_LENGTH = 6;

  private final List<String> values = new CopyOnWriteArrayList<>();

  /**
   * Remembers {@code secret} (and each line of it, for PEM text); short or null values are ignored.
   */
  void add(String secret) {
    if (secret == null) {
      return;
    }
    String s = secret.strip();
    if (s.length() >= MIN_LENGTH && !values.contains(s)) {
      values.add(s);
      values.sort(Comparator.comparingInt(String::length).reversed());
    }
    if (s.indexOf('\n') >= 0) {
      for (String line : s.split("\\R")) {
        if (!line.startsWith("-----")) {
          add(line);
        }
      }
    }
  }

  String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : values) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }

  /**
   * A stand-in for {@code t} whose message, and whose causes' messages, are redacted: safe to
   * attach as the cause of a {@link io.swoop.core.SwoopException}.
   */
  RuntimeException scrub(Throwable t) {
    if (t == null) {
      return null;
    }
    Redacted r =
        new Redacted(
            t.getClass().getName() + ": " + redact(String.valueOf(t.getMessage())),
            scrub(t.getCause() == t ? null : t.getCause()));
    r.setStackTrace(t.getStackTrace());
    return r;
  }

  /** A redacted copy of a failure from Salesforce or the network. */
  static final class Redacted extends RuntimeException {
    Redacted(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
