package io.swoop.source.sfdc;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.testing.Waits;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Shared settings and look-ups of the SFDC tests. */
final class SfdcTesting {
  private SfdcTesting() {}

  /**
   * The tests' configuration: pages of 200, retries after 1 ms, 2 retries, windows so wide each
   * object is one query, the fixture's hire-date field, SOAP only (the Bulk tests ask for Bulk);
   * {@code overrides} as key, value pairs.
   */
  static SwoopConfig config(String... overrides) {
    Map<String, String> m = new HashMap<>();
    m.put("sfdc.batch_size", "200");
    m.put("sfdc.backoff_millis", "1");
    m.put("sfdc.max_retries", "2");
    m.put("sfdc.window_days", "36500");
    // The fake org answers from this JVM: a timeout would only fail a test on a loaded machine.
    m.put("sfdc.connect_timeout_seconds", Long.toString(Waits.HANG.toSeconds()));
    m.put("sfdc.read_timeout_seconds", Long.toString(Waits.HANG.toSeconds()));
    m.put(SwoopConfig.SFDC_BULK, "never");
    m.put(SwoopConfig.HIRE_DATE_FIELD, "Hire_Date__c");
    for (int i = 0; i < overrides.length; i += 2) {
      m.put(overrides[i], overrides[i + 1]);
    }
    return SwoopConfig.from(m);
  }

  /**
   * How a pull stops when the integration user cannot see Opportunity.StageName (a required field),
   * through SOAP or Bulk alike.
   */
  static final String STAGE_NAME_HIDDEN =
      "Salesforce extract of Opportunity stopped: the required field"
          + " Opportunity.StageName is not visible to the integration user (field-level"
          + " security hides it, or the org lacks it): grant Read on"
          + " Opportunity.StageName to the integration user's profile or a permission"
          + " set. Query: SELECT Id, OwnerId, StageName";

  /** The failure of an incremental pull into {@code raw}, which the test expects to fail. */
  static SwoopException failedPull(
      SparkSession spark, SwoopConfig config, Map<String, String> env, String raw) {
    return assertThrows(
        SwoopException.class, () -> Salesforce.extract(spark, config, env, raw, null, false));
  }

  static RawMirror.Version current(SparkSession spark, String raw) {
    return new RawMirror(raw, spark.sparkContext().hadoopConfiguration()).current().orElseThrow();
  }

  /** The mirror's rows of {@code object}, in Id order. */
  static List<Row> mirror(SparkSession spark, String raw, String object) {
    return spark
        .read()
        .parquet(current(spark, raw).object(object).toString())
        .orderBy("Id")
        .collectAsList();
  }

  static Instant watermark(SparkSession spark, String raw, String object) {
    return Instant.parse(current(spark, raw).state().objects().get(object).watermark());
  }

  static Map<String, String> with(Map<String, String> env, String key, String value) {
    Map<String, String> m = new HashMap<>(env);
    m.put(key, value);
    return m;
  }
}
