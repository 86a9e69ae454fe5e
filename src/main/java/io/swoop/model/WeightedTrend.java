package io.swoop.model;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Weighted least-squares line through a few points and the two-sided p-value of its slope, for one
 * entity's quarterly win rates. Runs on the handful of points of one entity, never on a whole
 * table.
 *
 * <p>With weights w, x̄ = Σwx/Σw and ȳ = Σwy/Σw: slope = Σw(x−x̄)(y−ȳ) / Σw(x−x̄)²; residuals r = y
 * − (ȳ + slope·(x−x̄)); s² = Σw·r² / (n−2); se = sqrt(s² / Σw(x−x̄)²); t = slope / se; p = 2·P(T >
 * |t|) with T ~ Student t with n−2 degrees of freedom. A perfect fit has p = 0 when the slope is
 * not zero and p = 1 when it is.
 */
public final class WeightedTrend {
  /** Below this, residuals and slopes of win rates (which live in [0, 1]) are rounding noise. */
  private static final double EPSILON = 1e-12;

  /** The fitted slope and its p-value. */
  public record Fit(double slope, double pValue) {}

  private WeightedTrend() {}

  /**
   * The point every weighted least-squares line passes through, {x̄, ȳ, Σw}, or null when no weight
   * is positive. With the fit's slope it places the line: y = ȳ + slope·(x − x̄); the report draws
   * the published trend that way, from the published quarters, so the weighting exists once.
   */
  public static double[] centre(double[] x, double[] y, double[] w) {
    double sw = 0;
    double swx = 0;
    double swy = 0;
    for (int i = 0; i < x.length; i++) {
      sw += w[i];
      swx += w[i] * x[i];
      swy += w[i] * y[i];
    }
    return sw > 0 ? new double[] {swx / sw, swy / sw, sw} : null;
  }

  /**
   * The fit, or null with fewer than 3 points (no degree of freedom left to judge the slope), or
   * when all x are equal or no weight is positive.
   */
  public static Fit fit(double[] x, double[] y, double[] w) {
    int n = x.length;
    if (n < 3 || y.length != n || w.length != n) {
      return null;
    }
    double[] centre = centre(x, y, w);
    if (centre == null) {
      return null;
    }
    double sw = centre[2];
    double mx = centre[0];
    double my = centre[1];
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += w[i] * (x[i] - mx) * (x[i] - mx);
      sxy += w[i] * (x[i] - mx) * (y[i] - my);
    }
    if (!(sxx > 0)) {
      return null;
    }
    double slope = sxy / sxx;
    double rss = 0;
    for (int i = 0; i < n; i++) {
      double r = y[i] - (my + slope * (x[i] - mx));
      rss += w[i] * r * r;
    }
    if (Math.sqrt(rss / sw) < EPSILON) {
      boolean flat = Math.abs(slope) < EPSILON;
      return new Fit(flat ? 0.0 : slope, flat ? 1.0 : 0.0);
    }
    double se = Math.sqrt(rss / (n - 2) / sxx);
    double t = slope / se;
    double p = 2 * new TDistribution(null, n - 2).cumulativeProbability(-Math.abs(t));
    return new Fit(slope, Math.min(1.0, p));
  }
}
