package io.swoop.signals;

import io.swoop.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;

/** {@link SparkTestBase} tuned for plans over a few rows: one shuffle partition. */
abstract class SignalsTestBase extends SparkTestBase {
  @BeforeAll
  static void tuneForTinyData() {
    spark.conf().set("spark.sql.shuffle.partitions", "1");
  }
}
