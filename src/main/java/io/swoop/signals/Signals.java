package io.swoop.signals;

import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import java.util.LinkedHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Placeholder until the signals land (branch signals). */
public final class Signals {
  private Signals() {}

  public static LinkedHashMap<String, Dataset<Row>> compute(
      SparkSession spark, CanonicalModel model, SwoopConfig config) {
    return new LinkedHashMap<>();
  }
}
