package io.swoop.config;

import io.swoop.core.SwoopException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * swoop's configuration: typed, immutable, built only from a plain map (so a test needs no file and
 * no Spark). {@code conf/swoop.properties} documents every key with its default; a key that is not
 * listed here is refused with exit 2, except {@code spark.*} keys, which go to the SparkSession
 * unchanged.
 */
public final class SwoopConfig implements java.io.Serializable {

  /** Largest share of an object's rows that may be rejected before the run stops. */
  public static final String MAX_REJECT_RATIO = "input.max_reject_ratio";

  public static final double MAX_REJECT_RATIO_DEFAULT = 0.01;

  /** User field holding the hire date (e.g. {@code Hire_Date__c}); empty = use CreatedDate. */
  public static final String HIRE_DATE_FIELD = "user.hire_date_field";

  /** User field holding the termination date; empty = LastModifiedDate of inactive users. */
  public static final String TERMINATION_DATE_FIELD = "user.termination_date_field";

  /** A stage is late when its probability is at least this and below 100. */
  public static final String LATE_PROBABILITY = "takeover.late_probability";

  public static final double LATE_PROBABILITY_DEFAULT = 70;

  /** Comma-separated stage names that are late; when set, replaces the probability rule. */
  public static final String LATE_STAGES = "takeover.late_stages";

  /** How many ManagerId hops up the chain a new owner may be to count as a takeover. */
  public static final String MAX_LEVELS = "takeover.max_levels";

  public static final int MAX_LEVELS_DEFAULT = 3;

  /** A change is a hand-over when the old owner leaves within this many days after it. */
  public static final String DEPARTURE_DAYS = "takeover.departure_days";

  public static final int DEPARTURE_DAYS_DEFAULT = 30;

  /** More than this many of one owner's deals to one new owner in one minute is a bulk move. */
  public static final String BULK_MIN = "takeover.bulk_min";

  public static final int BULK_MIN_DEFAULT = 10;

  /** How many of the latest quarters with a win_rates row a trend uses. */
  public static final String TREND_QUARTERS = "trend.quarters";

  public static final int TREND_QUARTERS_DEFAULT = 6;

  /** A trend is improving or declining only when its p-value is below this. */
  public static final String TREND_ALPHA = "trend.alpha";

  public static final double TREND_ALPHA_DEFAULT = 0.10;

  /** Days, ending at the snapshot date, that the manager scorecard looks at. */
  public static final String WINDOW_DAYS = "scorecard.window_days";

  public static final int WINDOW_DAYS_DEFAULT = 365;

  /** How many comparable deals (controls) each taken-over deal is matched with. */
  public static final String EFFECT_CONTROLS = "effect.controls";

  public static final int EFFECT_CONTROLS_DEFAULT = 5;

  /** Stop when the org's API usage would pass this share of its daily limit. */
  public static final String SFDC_MAX_API_SHARE = "sfdc.max_api_share";

  public static final double SFDC_MAX_API_SHARE_DEFAULT = 0.5;

  /** Records per query page (QueryOptions batch size, 200-2000). */
  public static final String SFDC_BATCH_SIZE = "sfdc.batch_size";

  public static final int SFDC_BATCH_SIZE_DEFAULT = 2000;

  /** An incremental pull asks for SystemModstamp after the watermark minus this many minutes. */
  public static final String SFDC_LOOKBACK_MINUTES = "sfdc.lookback_minutes";

  public static final int SFDC_LOOKBACK_MINUTES_DEFAULT = 10;

  /** Connect timeout of every SOAP call, in seconds. */
  public static final String SFDC_CONNECT_TIMEOUT_SECONDS = "sfdc.connect_timeout_seconds";

  public static final int SFDC_CONNECT_TIMEOUT_SECONDS_DEFAULT = 30;

  /** Read timeout of every SOAP call, in seconds. */
  public static final String SFDC_READ_TIMEOUT_SECONDS = "sfdc.read_timeout_seconds";

  public static final int SFDC_READ_TIMEOUT_SECONDS_DEFAULT = 300;

  /** Retries of a transient fault (5xx, timeout, SERVER_UNAVAILABLE, concurrent limit). */
  public static final String SFDC_MAX_RETRIES = "sfdc.max_retries";

  public static final int SFDC_MAX_RETRIES_DEFAULT = 5;

  /** First backoff before a retry, in milliseconds; doubled each time, with jitter. */
  public static final String SFDC_BACKOFF_MILLIS = "sfdc.backoff_millis";

  public static final int SFDC_BACKOFF_MILLIS_DEFAULT = 1000;

  /** How many objects are pulled at once. */
  public static final String SFDC_PARALLELISM = "sfdc.parallelism";

  public static final int SFDC_PARALLELISM_DEFAULT = 3;

  /** Days per query window for large objects (Task, Event, history). */
  public static final String SFDC_WINDOW_DAYS = "sfdc.window_days";

  public static final int SFDC_WINDOW_DAYS_DEFAULT = 90;

  /**
   * Which API pulls an object: {@code auto} (Bulk API 2.0 when the pull's {@code SELECT COUNT()} is
   * above {@link #SFDC_BULK_MIN_ROWS}, else SOAP), {@code always} (Bulk) or {@code never} (SOAP).
   */
  public static final String SFDC_BULK = "sfdc.bulk";

  public static final String SFDC_BULK_DEFAULT = "auto";

  /** With {@code sfdc.bulk = auto}: an object whose pull counts more rows than this uses Bulk. */
  public static final String SFDC_BULK_MIN_ROWS = "sfdc.bulk_min_rows";

  public static final int SFDC_BULK_MIN_ROWS_DEFAULT = 50_000;

  /**
   * How the tables are written: {@code parquet} (Hive-partitioned folders, swapped in by renames)
   * or {@code delta} (Delta Lake tables, one atomic commit per table and run).
   */
  public static final String OUTPUT_FORMAT = "output.format";

  public static final String OUTPUT_FORMAT_DEFAULT = "parquet";

  /**
   * Seconds without a heartbeat after which a run's lease on its snapshot date counts as its
   * holder's death, and the next run of the date takes it over (a holder on the same host whose
   * process is gone is dead at once).
   */
  public static final String LEASE_TIMEOUT_SECONDS = "output.lease_timeout_seconds";

  public static final int LEASE_TIMEOUT_SECONDS_DEFAULT = 600;

  /** Replace user Ids by a keyed HMAC and drop names from every table. */
  public static final String PSEUDONYMIZE = "privacy.pseudonymize";

  public static final boolean PSEUDONYMIZE_DEFAULT = false;

  /** Environment variable that holds the HMAC key when {@link #PSEUDONYMIZE} is on. */
  public static final String PSEUDONYMIZE_KEY_ENV = "SWOOP_PSEUDONYM_KEY";

  private static final List<String> KEYS =
      List.of(
          MAX_REJECT_RATIO,
          HIRE_DATE_FIELD,
          TERMINATION_DATE_FIELD,
          LATE_PROBABILITY,
          LATE_STAGES,
          MAX_LEVELS,
          DEPARTURE_DAYS,
          BULK_MIN,
          TREND_QUARTERS,
          TREND_ALPHA,
          WINDOW_DAYS,
          EFFECT_CONTROLS,
          SFDC_MAX_API_SHARE,
          SFDC_BATCH_SIZE,
          SFDC_LOOKBACK_MINUTES,
          SFDC_CONNECT_TIMEOUT_SECONDS,
          SFDC_READ_TIMEOUT_SECONDS,
          SFDC_MAX_RETRIES,
          SFDC_BACKOFF_MILLIS,
          SFDC_PARALLELISM,
          SFDC_WINDOW_DAYS,
          SFDC_BULK,
          SFDC_BULK_MIN_ROWS,
          OUTPUT_FORMAT,
          LEASE_TIMEOUT_SECONDS,
          PSEUDONYMIZE);

  private final Map<String, String> values;

  private SwoopConfig(Map<String, String> values) {
    this.values = values;
  }

  /** The defaults. */
  public static SwoopConfig defaults() {
    return from(Map.of());
  }

  /**
   * A configuration from {@code key -> value}; missing keys take their defaults, blank values count
   * as missing. Every value is checked now, so a bad one fails before any work starts.
   */
  public static SwoopConfig from(Map<String, String> map) {
    Map<String, String> v = new TreeMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      String key = e.getKey().strip();
      if (!KEYS.contains(key) && !key.startsWith("spark.")) {
        throw SwoopException.badInput(
            "Unknown configuration key '%s'. Known keys: %s, and spark.* for Spark itself",
            key, String.join(", ", KEYS));
      }
      String value = e.getValue() == null ? "" : e.getValue().strip();
      if (!value.isEmpty()) {
        v.put(key, value);
      }
    }
    SwoopConfig c = new SwoopConfig(Collections.unmodifiableMap(v));
    c.validate();
    return c;
  }

  /** Reads a properties file (conf/swoop.properties format) into a configuration. */
  public static SwoopConfig load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw SwoopException.badInput("Cannot read configuration file %s: %s", file, e.getMessage());
    }
    Map<String, String> m = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    try {
      return from(m);
    } catch (SwoopException e) {
      throw SwoopException.badInput("%s: %s", file, e.getMessage());
    }
  }

  private void validate() {
    ratio(MAX_REJECT_RATIO, MAX_REJECT_RATIO_DEFAULT);
    double late = number(LATE_PROBABILITY, LATE_PROBABILITY_DEFAULT);
    check(late > 0 && late < 100, LATE_PROBABILITY, "a probability above 0 and below 100");
    check(maxLevels() >= 1, MAX_LEVELS, "at least 1");
    check(departureDays() >= 0, DEPARTURE_DAYS, "0 or more");
    check(bulkMin() >= 1, BULK_MIN, "at least 1");
    check(trendQuarters() >= 3, TREND_QUARTERS, "at least 3");
    double alpha = trendAlpha();
    check(alpha > 0 && alpha < 1, TREND_ALPHA, "between 0 and 1");
    check(windowDays() >= 1, WINDOW_DAYS, "at least 1");
    check(effectControls() >= 1, EFFECT_CONTROLS, "at least 1");
    double share = sfdcMaxApiShare();
    check(share > 0 && share <= 1, SFDC_MAX_API_SHARE, "above 0 and at most 1");
    int batch = sfdcBatchSize();
    check(batch >= 200 && batch <= 2000, SFDC_BATCH_SIZE, "between 200 and 2000");
    check(sfdcLookbackMinutes() >= 0, SFDC_LOOKBACK_MINUTES, "0 or more");
    check(sfdcConnectTimeoutSeconds() >= 1, SFDC_CONNECT_TIMEOUT_SECONDS, "at least 1");
    check(sfdcReadTimeoutSeconds() >= 1, SFDC_READ_TIMEOUT_SECONDS, "at least 1");
    check(sfdcMaxRetries() >= 0, SFDC_MAX_RETRIES, "0 or more");
    check(sfdcBackoffMillis() >= 0, SFDC_BACKOFF_MILLIS, "0 or more");
    check(sfdcParallelism() >= 1, SFDC_PARALLELISM, "at least 1");
    check(sfdcWindowDays() >= 1, SFDC_WINDOW_DAYS, "at least 1");
    check(
        List.of("auto", "always", "never").contains(sfdcBulk()), SFDC_BULK, "auto, always, never");
    check(sfdcBulkMinRows() >= 0, SFDC_BULK_MIN_ROWS, "0 or more");
    check(List.of("parquet", "delta").contains(outputFormat()), OUTPUT_FORMAT, "parquet, delta");
    check(leaseTimeoutSeconds() >= 1, LEASE_TIMEOUT_SECONDS, "at least 1");
    pseudonymize();
    // A spark.redaction.regex that does not compile is refused now, not when a failure prints.
    Redaction.of(this);
  }

  private void check(boolean ok, String key, String allowed) {
    if (!ok) {
      throw SwoopException.badInput(
          "Configuration key %s = '%s' is out of range (allowed: %s)",
          key, values.get(key), allowed);
    }
  }

  private double ratio(String key, double dflt) {
    double r = number(key, dflt);
    check(r >= 0 && r <= 1, key, "a ratio between 0 and 1");
    return r;
  }

  private double number(String key, double dflt) {
    String s = values.get(key);
    if (s == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw SwoopException.badInput("Configuration key %s = '%s' is not a number", key, s);
    }
  }

  private int integer(String key, int dflt) {
    String s = values.get(key);
    if (s == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw SwoopException.badInput("Configuration key %s = '%s' is not a whole number", key, s);
    }
  }

  private boolean bool(String key, boolean dflt) {
    String s = values.get(key);
    if (s == null) {
      return dflt;
    }
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw SwoopException.badInput("Configuration key %s = '%s' is not true or false", key, s);
  }

  private String text(String key) {
    return values.get(key);
  }

  public double maxRejectRatio() {
    return number(MAX_REJECT_RATIO, MAX_REJECT_RATIO_DEFAULT);
  }

  /** The hire-date field's API name, or null. */
  public String hireDateField() {
    return text(HIRE_DATE_FIELD);
  }

  /** The termination-date field's API name, or null. */
  public String terminationDateField() {
    return text(TERMINATION_DATE_FIELD);
  }

  public double lateProbability() {
    return number(LATE_PROBABILITY, LATE_PROBABILITY_DEFAULT);
  }

  /** The configured late stage names, empty when the probability rule applies. */
  public List<String> lateStages() {
    String s = text(LATE_STAGES);
    if (s == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).forEach(out::add);
    return List.copyOf(out);
  }

  public int maxLevels() {
    return integer(MAX_LEVELS, MAX_LEVELS_DEFAULT);
  }

  public int departureDays() {
    return integer(DEPARTURE_DAYS, DEPARTURE_DAYS_DEFAULT);
  }

  public int bulkMin() {
    return integer(BULK_MIN, BULK_MIN_DEFAULT);
  }

  public int trendQuarters() {
    return integer(TREND_QUARTERS, TREND_QUARTERS_DEFAULT);
  }

  public double trendAlpha() {
    return number(TREND_ALPHA, TREND_ALPHA_DEFAULT);
  }

  public int windowDays() {
    return integer(WINDOW_DAYS, WINDOW_DAYS_DEFAULT);
  }

  public int effectControls() {
    return integer(EFFECT_CONTROLS, EFFECT_CONTROLS_DEFAULT);
  }

  public double sfdcMaxApiShare() {
    return number(SFDC_MAX_API_SHARE, SFDC_MAX_API_SHARE_DEFAULT);
  }

  public int sfdcBatchSize() {
    return integer(SFDC_BATCH_SIZE, SFDC_BATCH_SIZE_DEFAULT);
  }

  public int sfdcLookbackMinutes() {
    return integer(SFDC_LOOKBACK_MINUTES, SFDC_LOOKBACK_MINUTES_DEFAULT);
  }

  public int sfdcConnectTimeoutSeconds() {
    return integer(SFDC_CONNECT_TIMEOUT_SECONDS, SFDC_CONNECT_TIMEOUT_SECONDS_DEFAULT);
  }

  public int sfdcReadTimeoutSeconds() {
    return integer(SFDC_READ_TIMEOUT_SECONDS, SFDC_READ_TIMEOUT_SECONDS_DEFAULT);
  }

  public int sfdcMaxRetries() {
    return integer(SFDC_MAX_RETRIES, SFDC_MAX_RETRIES_DEFAULT);
  }

  public int sfdcBackoffMillis() {
    return integer(SFDC_BACKOFF_MILLIS, SFDC_BACKOFF_MILLIS_DEFAULT);
  }

  public int sfdcParallelism() {
    return integer(SFDC_PARALLELISM, SFDC_PARALLELISM_DEFAULT);
  }

  public int sfdcWindowDays() {
    return integer(SFDC_WINDOW_DAYS, SFDC_WINDOW_DAYS_DEFAULT);
  }

  /** {@code auto}, {@code always} or {@code never}, lower-cased. */
  public String sfdcBulk() {
    String s = text(SFDC_BULK);
    return s == null ? SFDC_BULK_DEFAULT : s.toLowerCase(Locale.ROOT);
  }

  public int sfdcBulkMinRows() {
    return integer(SFDC_BULK_MIN_ROWS, SFDC_BULK_MIN_ROWS_DEFAULT);
  }

  /** {@code parquet} or {@code delta}, lower-cased. */
  public String outputFormat() {
    String s = text(OUTPUT_FORMAT);
    return s == null ? OUTPUT_FORMAT_DEFAULT : s.toLowerCase(Locale.ROOT);
  }

  public int leaseTimeoutSeconds() {
    return integer(LEASE_TIMEOUT_SECONDS, LEASE_TIMEOUT_SECONDS_DEFAULT);
  }

  public boolean pseudonymize() {
    return bool(PSEUDONYMIZE, PSEUDONYMIZE_DEFAULT);
  }

  /** The {@code spark.*} settings, passed to the SparkSession as they are. */
  public Map<String, String> sparkSettings() {
    Map<String, String> m = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith("spark.")) {
            m.put(k, v);
          }
        });
    return m;
  }

  /**
   * Every key that was set, for the run manifest: the value of a secret setting (its key or value
   * matching {@code spark.redaction.regex}, see {@link Redaction}) reads {@link
   * Redaction#REDACTED}, and no value holds a URL's user info.
   */
  public Map<String, String> asMap() {
    return Redaction.of(this).map(values);
  }
}
