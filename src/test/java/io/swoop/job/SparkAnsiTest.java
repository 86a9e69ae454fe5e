package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * swoop's sessions keep Spark 4's ANSI mode: an overflow or a bad cast stops the query instead of
 * becoming a silent null (or a wrapped number) in a published table. Code that expects bad values
 * says so with try_cast or a guard, as the model's parsers and the signals' ratios do.
 */
class SparkAnsiTest extends SparkTestBase {
  @Test
  void ansiModeIsOn() {
    assertEquals("true", spark.conf().get("spark.sql.ansi.enabled"));
  }

  @Test
  void anOverflowOrABadCastFailsInsteadOfBecomingNull() {
    Exception overflow =
        assertThrows(
            Exception.class, () -> spark.sql("SELECT CAST(2147483647 AS INT) + 1").collect());
    assertTrue(
        String.valueOf(overflow.getMessage()).contains("ARITHMETIC_OVERFLOW"),
        overflow.getMessage());
    Exception cast =
        assertThrows(Exception.class, () -> spark.sql("SELECT CAST('12x' AS INT)").collect());
    assertTrue(String.valueOf(cast.getMessage()).contains("CAST_INVALID_INPUT"), cast.getMessage());
    // Where a bad value is expected, try_cast keeps it a null.
    assertEquals(null, spark.sql("SELECT try_cast('12x' AS INT)").first().get(0));
  }
}
