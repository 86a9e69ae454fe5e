package io.swoop.model;

import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The micromanagement index of a manager: 0-100, higher = more micromanagement.
 *
 * <p>Each part puts one value of the manager's scorecard on a fixed absolute scale, from 0 at or
 * below {@code zeroAt} to 1 at or above {@code fullAt}: linearly, or for takeovers on a log scale.
 * The index is {@code 100 × Σ weight·score / Σ weight} over the parts that are not null; a part
 * without data drops out and the others' weights are renormalised; with every part null the index
 * is null. Nothing is ranked or normalised across managers, so a manager's index depends only on
 * their own scorecard and does not move when another manager joins or leaves.
 *
 * <table>
 *   <caption>Parts</caption>
 *   <tr><th>part</th><th>value scored</th><th>scale</th><th>zeroAt</th><th>fullAt</th>
 *       <th>weight</th></tr>
 *   <tr><td>takeovers</td><td>lower end of the 95 % Wilson interval of takeovers /
 *       late_stage_deals</td><td>log</td><td>0.001</td><td>0.10</td><td>0.40</td></tr>
 *   <tr><td>activity</td><td>activity_share</td><td>linear</td><td>0.05</td><td>0.30</td>
 *       <td>0.20</td></tr>
 *   <tr><td>edits</td><td>edit_share</td><td>linear</td><td>0.05</td><td>0.30</td>
 *       <td>0.20</td></tr>
 *   <tr><td>attrition</td><td>attrition_rate</td><td>linear</td><td>0.25</td><td>0.60</td>
 *       <td>0.10</td></tr>
 *   <tr><td>declining trend</td><td>−team_trend_slope when the manager's trend is {@code
 *       declining}, 0 when it is flat or improving, null without a trend</td><td>linear</td>
 *       <td>0</td><td>0.05</td><td>0.10</td></tr>
 * </table>
 */
public final class MicromanagementIndex {
  /** One part of the index: its fixed scale and weight. */
  public record Part(String name, double zeroAt, double fullAt, double weight, boolean logScale) {
    /** This part's score in [0, 1], null when {@code value} is null. */
    public Double score(Double value) {
      if (value == null) {
        return null;
      }
      if (value <= zeroAt) {
        return 0.0;
      }
      double s =
          logScale
              ? Math.log10(value / zeroAt) / Math.log10(fullAt / zeroAt)
              : (value - zeroAt) / (fullAt - zeroAt);
      return Math.min(1.0, s);
    }

    Column score(Column value) {
      Column s =
          logScale
              ? log10(value.divide(zeroAt)).divide(Math.log10(fullAt / zeroAt))
              : value.minus(zeroAt).divide(fullAt - zeroAt);
      return when(value.isNull(), lit(null).cast("double"))
          .when(value.leq(zeroAt), 0.0)
          .otherwise(least(lit(1.0), s));
    }
  }

  /**
   * Taking a rep's late-stage deal is the one direct act of micromanagement and rare in a healthy
   * team: one in a thousand scores 0, one in ten scores 1, on a log scale because the rate of a
   * rare event spans orders of magnitude (1 in 1,000 to 1 in 100 tells as much as 1 in 100 to 1 in
   * 10). The lower end of the Wilson interval keeps one takeover among a handful of deals from
   * reading as a habit.
   */
  public static final Part TAKEOVERS = new Part("takeovers", 0.001, 0.10, 0.40, true);

  /** Joining a few calls is normal; logging 30 % of the activity on the team's deals is not. */
  public static final Part ACTIVITY = new Part("activity_share", 0.05, 0.30, 0.20, false);

  /** Correcting a forecast now and then is normal; writing 30 % of the stage updates is not. */
  public static final Part EDITS = new Part("edit_share", 0.05, 0.30, 0.20, false);

  /**
   * Sales teams lose about a quarter of their reps a year anyway; losing 60 % is the top. A
   * lagging, noisy sign with many causes, hence the low weight.
   */
  public static final Part ATTRITION = new Part("attrition_rate", 0.25, 0.60, 0.10, false);

  /**
   * A significant fall (direction declining) of 5 points of win rate per quarter or more is the
   * top. Lagging, with many causes, hence the low weight.
   */
  public static final Part DECLINE = new Part("declining_trend", 0.0, 0.05, 0.10, false);

  /** Every part, in the order of {@link #contributions}' arguments. */
  public static final List<Part> PARTS = List.of(TAKEOVERS, ACTIVITY, EDITS, ATTRITION, DECLINE);

  private MicromanagementIndex() {}

  /**
   * How many of the index's points each part gives, in {@link #PARTS} order, from a manager's
   * scorecard values (the shares and rates may be null; with no late-stage deal the takeover part
   * drops out): {@code 100 × weight·score / Σ weight} over the parts with data, null for a part
   * without data; their sum is the index {@link #column} computes. What the report tells a reader
   * about why an index is what it is comes from here, so it cannot drift from the index itself.
   */
  public static Double[] contributions(
      long takeovers,
      long lateStageDeals,
      Double activityShare,
      Double editShare,
      Double attritionRate,
      Double trendSlope,
      boolean trendDeclining) {
    Double takeoverEvidence =
        Wilson.low(Math.min(1.0, (double) takeovers / Math.max(1, lateStageDeals)), lateStageDeals);
    Double decline = trendSlope == null ? null : trendDeclining ? -trendSlope : 0.0;
    Double[] values = {takeoverEvidence, activityShare, editShare, attritionRate, decline};
    Double[] scores = new Double[values.length];
    double weights = 0;
    for (int i = 0; i < values.length; i++) {
      scores[i] = PARTS.get(i).score(values[i]);
      if (scores[i] != null) {
        weights += PARTS.get(i).weight();
      }
    }
    Double[] points = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      if (scores[i] != null) {
        points[i] = 100 * PARTS.get(i).weight() * scores[i] / weights;
      }
    }
    return points;
  }

  /** The index as a Spark column: the sum of {@link #contributions}, null when all are null. */
  public static Column column(
      Column takeovers,
      Column lateStageDeals,
      Column activityShare,
      Column editShare,
      Column attritionRate,
      Column trendSlope,
      Column trendDeclining) {
    Column n = lateStageDeals.cast("double");
    Column rate = least(lit(1.0), takeovers.cast("double").divide(n));
    Column takeoverEvidence = when(n.gt(0), Wilson.low(rate, n));
    Column decline =
        when(trendSlope.isNotNull(), when(trendDeclining, trendSlope.multiply(-1)).otherwise(0.0));
    Column[] values = {takeoverEvidence, activityShare, editShare, attritionRate, decline};
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
