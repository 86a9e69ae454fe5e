package io.swoop.source.sfdc;

import io.swoop.config.SwoopConfig;
import io.swoop.source.Source;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Placeholder until the Salesforce source lands (branch sfdc). */
public final class Salesforce {
  private Salesforce() {}

  public static Map<String, Object> extract(
      SparkSession spark, SwoopConfig config, Map<String, String> env, String rawDir, String format, boolean full) {
    throw new UnsupportedOperationException("Salesforce source not merged yet");
  }

  public static Source source(
      SparkSession spark, SwoopConfig config, Map<String, String> env, String rawDir, boolean full) {
    throw new UnsupportedOperationException("Salesforce source not merged yet");
  }
}
