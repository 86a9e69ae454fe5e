package io.swoop.signals;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The micromanagement index of a manager: 0-100, higher = more micromanagement.
 *
 * <p>Each part is put on a fixed absolute scale: {@code score = clamp((value − zeroAt) / (fullAt −
 * zeroAt), 0, 1)}, so a value at or below {@code zeroAt} scores 0 and one at or above {@code
 * fullAt} scores 1. The index is {@code 100 × Σ weight·score / Σ weight} over the parts that are
 * not null; a part with no data drops out and the others' weights are renormalised. Because the
 * scales are fixed (nothing is ranked or normalised across managers), a manager's index depends
 * only on their own scorecard: it does not move when another manager joins or leaves the org.
 * With every part null the index is null.
 *
 * <table>
 *   <caption>Parts</caption>
 *   <tr><th>part</th><th>value</th><th>zeroAt</th><th>fullAt</th><th>weight</th></tr>
 *   <tr><td>takeovers</td><td>takeover_rate</td><td>0</td><td>0.25</td><td>0.35</td></tr>
 *   <tr><td>activity</td><td>activity_share</td><td>0.10</td><td>0.50</td><td>0.20</td></tr>
 *   <tr><td>edits</td><td>edit_share</td><td>0.10</td><td>0.50</td><td>0.15</td></tr>
 *   <tr><td>attrition</td><td>attrition_rate</td><td>0.15</td><td>0.50</td><td>0.15</td></tr>
 *   <tr><td>declining trend</td><td>−team_trend_slope when the manager's trend is declining,
 *       else 0 (null without a trend)</td><td>0</td><td>0.05</td><td>0.15</td></tr>
 * </table>
 */
public final class MicromanagementIndex {
  /** One part of the index: its fixed scale and weight. */
  public record Part(String name, double zeroAt, double fullAt, double weight) {
    /** This part's score in [0, 1], null when {@code value} is null. */
    public Double score(Double value) {
      if (value == null) {
        return null;
      }
      return Math.max(0.0, Math.min(1.0, (value - zeroAt) / (fullAt - zeroAt)));
    }

    Column score(Column value) {
      Column scaled = value.minus(zeroAt).divide(fullAt - zeroAt);
      return when(value.isNotNull(), least(lit(1.0), greatest(lit(0.0), scaled)));
    }
  }

  /** Taking over a late-stage deal is rare; one in four of the team's is as bad as it gets. */
  public static final Part TAKEOVERS = new Part("takeover_rate", 0.0, 0.25, 0.35);

  /** Joining some calls is normal; logging half the team's activity on its deals is not. */
  public static final Part ACTIVITY = new Part("activity_share", 0.10, 0.50, 0.20);

  /** Adjusting a forecast now and then is normal; writing half the stage updates is not. */
  public static final Part EDITS = new Part("edit_share", 0.10, 0.50, 0.15);

  /** Sales teams lose about 15 % a year anyway; losing half the team in a year is the top. */
  public static final Part ATTRITION = new Part("attrition_rate", 0.15, 0.50, 0.15);

  /** A significant fall of 5 points of win rate per quarter or more is the top. */
  public static final Part DECLINE = new Part("declining_trend", 0.0, 0.05, 0.15);

  /** Every part, in the order of {@link #of}'s arguments. */
  public static final List<Part> PARTS = List.of(TAKEOVERS, ACTIVITY, EDITS, ATTRITION, DECLINE);

  private MicromanagementIndex() {}

  /**
   * The index from a manager's scorecard values; any may be null.
   *
   * @param trendSlope the manager's win-rate trend slope, null when there is no trend
   * @param trendDeclining whether that trend's direction is {@code declining}
   */
  public static Double of(
      Double takeoverRate,
      Double activityShare,
      Double editShare,
      Double attritionRate,
      Double trendSlope,
      boolean trendDeclining) {
    Double decline = trendSlope == null ? null : trendDeclining ? -trendSlope : 0.0;
    Double[] values = {takeoverRate, activityShare, editShare, attritionRate, decline};
    double weighted = 0;
    double weights = 0;
    for (int i = 0; i < values.length; i++) {
      Double s = PARTS.get(i).score(values[i]);
      if (s != null) {
        weighted += PARTS.get(i).weight() * s;
        weights += PARTS.get(i).weight();
      }
    }
    return weights == 0 ? null : 100 * weighted / weights;
  }

  /** The same as {@link #of}, as a Spark column. */
  public static Column column(
      Column takeoverRate,
      Column activityShare,
      Column editShare,
      Column attritionRate,
      Column trendSlope,
      Column trendDeclining) {
    Column decline =
        when(trendSlope.isNotNull(), when(trendDeclining, trendSlope.multiply(-1)).otherwise(0.0));
    Column[] values = {takeoverRate, activityShare, editShare, attritionRate, decline};
    Column weighted = lit(0.0);
    Column weights = lit(0.0);
    for (int i = 0; i < values.length; i++) {
      Part part = PARTS.get(i);
      Column s = part.score(values[i]);
      weighted = weighted.plus(when(s.isNotNull(), s.multiply(part.weight())).otherwise(0.0));
      weights = weights.plus(when(s.isNotNull(), lit(part.weight())).otherwise(0.0));
    }
    return when(weights.gt(0), weighted.multiply(100).divide(weights));
  }
}
