package io.swoop.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What must not leave a run: the value of every setting whose key (or value) matches Spark's {@code
 * spark.redaction.regex} (the operator's, or Spark's default), the user info of a URL ({@code
 * s3a://KEY:SECRET@bucket}), and whatever {@code spark.redaction.string.regex} matches. Applied to
 * the run manifest, swoop's log lines and every message a failure prints. Free of Spark and Hadoop
 * types: the plain jar prints failures with it.
 *
 * <p>Spark redacts a setting when its key or its value matches the regex, and so does this class; a
 * redacted value is also cut out of any text it appears in (values shorter than {@value
 * #MIN_SECRET} characters excepted, so that a flag like {@code true} does not blank every {@code
 * true}).
 */
public final class Redaction {
  /** Spark's key of the regex naming secret settings. */
  public static final String REGEX = "spark.redaction.regex";

  /** Spark's default of {@link #REGEX} (Spark 4.2). */
  public static final String REGEX_DEFAULT = "(?i)secret|password|token|access[.]?key";

  /** Spark's key of the regex naming secret parts of any text; unset by default. */
  public static final String STRING_REGEX = "spark.redaction.string.regex";

  /** What a redacted value reads as: Spark's own replacement text. */
  public static final String REDACTED = "*********(redacted)";

  /** Shortest value of a secret setting that is also cut out of free text. */
  static final int MIN_SECRET = 4;

  /** A URL's user info: {@code scheme://user[:password]@}. */
  private static final Pattern USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*://)[^/\\s@\"'<>]+@");

  private final Pattern keys;
  private final Pattern strings;

  /** Secret strings to cut out of text, longest first (a secret may contain a shorter one). */
  private final List<String> secrets;

  private Redaction(Pattern keys, Pattern strings, Collection<String> secrets) {
    this.keys = keys;
    this.strings = strings;
    TreeSet<String> sorted =
        new TreeSet<>(Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));
    secrets.stream()
        .filter(s -> s != null && s.length() >= MIN_SECRET)
        .filter(s -> !s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false"))
        .forEach(sorted::add);
    this.secrets = List.copyOf(sorted);
  }

  /**
   * The redaction of a run configured with {@code config}: its {@code spark.*} settings and the
   * {@code spark.*} system properties (spark-submit {@code --conf}, spark-defaults), the latter
   * first so that the configuration's regex wins, as it does in the session.
   */
  public static Redaction of(SwoopConfig config) {
    Map<String, String> settings = systemSparkSettings();
    if (config != null) {
      settings.putAll(config.sparkSettings());
    }
    return of(settings);
  }

  /** The redaction of {@code settings} ({@code spark.*} keys and their values). */
  public static Redaction of(Map<String, String> settings) {
    Pattern keys = compile(settings.getOrDefault(REGEX, REGEX_DEFAULT), REGEX);
    String s = settings.get(STRING_REGEX);
    Pattern strings = s == null || s.isBlank() ? null : compile(s, STRING_REGEX);
    List<String> secrets = new ArrayList<>();
    settings.forEach(
        (k, v) -> {
          if (v != null && isSecret(keys, k, v)) {
            secrets.add(v);
          }
        });
    return new Redaction(keys, strings, secrets);
  }

  /**
   * This redaction, also cutting out the user info of each of {@code uris} (as written and
   * decoded), so that a path printed from its parsed form, where {@code %2F} became {@code /}, is
   * redacted too.
   */
  public Redaction withUris(Collection<String> uris) {
    List<String> more = new ArrayList<>(secrets);
    for (String u : uris) {
      if (u == null) {
        continue;
      }
      Matcher m = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*://([^/\\s]*)@").matcher(u);
      if (m.find()) {
        String info = m.group(1);
        more.add(info);
        more.add(decode(info));
        int colon = info.indexOf(':');
        if (colon >= 0) {
          more.add(info.substring(colon + 1));
          more.add(decode(info.substring(colon + 1)));
        }
        try {
          String raw = URI.create(u).getUserInfo();
          if (raw != null) {
            more.add(raw);
          }
        } catch (IllegalArgumentException e) {
          // Not a URI Java parses; the forms above are cut out anyway.
        }
      }
    }
    return new Redaction(keys, strings, more);
  }

  /** Whether the setting {@code key = value} is a secret: its key or its value matches. */
  public boolean isSecret(String key, String value) {
    return isSecret(keys, key, value);
  }

  private static boolean isSecret(Pattern keys, String key, String value) {
    return keys.matcher(key).find() || (value != null && keys.matcher(value).find());
  }

  /** {@code settings} with the value of every secret setting replaced by {@link #REDACTED}. */
  public Map<String, String> map(Map<String, String> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> out.put(k, isSecret(k, v) ? REDACTED : text(v)));
    return out;
  }

  /** {@code text} without a secret value, a URL's user info or what the string regex matches. */
  public String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, REDACTED);
    }
    out =
        USER_INFO
            .matcher(out)
            .replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + REDACTED + "@");
    if (strings != null) {
      out = strings.matcher(out).replaceAll(Matcher.quoteReplacement(REDACTED));
    }
    return out;
  }

  private static Pattern compile(String regex, String key) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw io.swoop.core.SwoopException.badInput(
          "Configuration key %s is not a regular expression: %s", key, e.getDescription());
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static Map<String, String> systemSparkSettings() {
    Map<String, String> m = new TreeMap<>();
    System.getProperties()
        .forEach(
            (k, v) -> {
              if (k instanceof String key && key.startsWith("spark.") && v instanceof String s) {
                m.put(key, s);
              }
            });
    return m;
  }
}
