package io.swoop.model;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;

import org.apache.spark.sql.Column;

/**
 * The Wilson score interval of a share: for p = k / n and z = 1.959964 (95 %, as the contract
 * fixes), (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), clamped to [0, 1].
 */
public final class Wilson {
  /** The two-sided 95 % normal quantile the contract fixes. */
  public static final double Z = 1.959964;

  private static final double Z2 = Z * Z;

  private Wilson() {}

  /** Lower end for a share {@code p} of {@code n} trials; null when n is 0. */
  public static Double low(double p, double n) {
    return n > 0 ? Math.max(0.0, centre(p, n) - halfWidth(p, n)) : null;
  }

  private static double centre(double p, double n) {
    return (p + Z2 / (2 * n)) / (1 + Z2 / n);
  }

  private static double halfWidth(double p, double n) {
    return Z * Math.sqrt(p * (1 - p) / n + Z2 / (4 * n * n)) / (1 + Z2 / n);
  }

  /** {@link #low(double, double)} as a column (n &gt; 0 expected). */
  public static Column low(Column p, Column n) {
    return greatest(lit(0.0), centre(p, n).minus(halfWidth(p, n)));
  }

  /** Upper end, as a column (n &gt; 0 expected). */
  public static Column high(Column p, Column n) {
    return least(lit(1.0), centre(p, n).plus(halfWidth(p, n)));
  }

  private static Column centre(Column p, Column n) {
    return p.plus(lit(Z2).divide(n.multiply(2))).divide(lit(1.0).plus(lit(Z2).divide(n)));
  }

  private static Column halfWidth(Column p, Column n) {
    Column spread =
        p.multiply(lit(1.0).minus(p)).divide(n).plus(lit(Z2).divide(n.multiply(n).multiply(4)));
    return lit(Z).multiply(sqrt(spread)).divide(lit(1.0).plus(lit(Z2).divide(n)));
  }
}
