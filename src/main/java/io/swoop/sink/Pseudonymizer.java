package io.swoop.sink;

import io.swoop.config.SwoopConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies {@code privacy.pseudonymize} to an output table just before it is written. Off by
 * default, when it returns every table unchanged.
 */
public final class Pseudonymizer {
  private final boolean enabled;

  private Pseudonymizer(boolean enabled) {
    this.enabled = enabled;
  }

  public static Pseudonymizer from(SwoopConfig config) {
    return new Pseudonymizer(config.pseudonymize());
  }

  public Dataset<Row> apply(String table, Dataset<Row> data) {
    if (enabled) {
      throw new UnsupportedOperationException("privacy.pseudonymize is not implemented yet");
    }
    return data;
  }
}
