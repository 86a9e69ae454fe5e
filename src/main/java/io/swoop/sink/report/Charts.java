package io.swoop.sink.report;

import io.swoop.sink.report.Svg.Frame;
import java.util.List;

/**
 * The view models of the report's charts: every mark already placed (pixels), every label that is a
 * number a {@link Num}. The templates under {@code src/main/jte/report} draw them as inline SVG.
 */
public final class Charts {
  private Charts() {}

  /** The plot area: the axes run along {@code left} and {@code bottom}. */
  public record Plot(int left, int top, int bottom, int right) {}

  /** Takeovers per quarter, one bar per quarter shown. */
  public record Takeovers(
      Frame frame, Plot plot, long max, List<TakeoverBar> bars, List<QuarterAmount> amounts) {}

  /** One quarter's bar: its rectangle, its centre, and the count written above it. */
  public record TakeoverBar(
      double x, double y, double width, double height, double cx, Num count, Quarter quarter) {}

  /** A quarter with takeovers and the amount of those deals. */
  public record QuarterAmount(Quarter quarter, Num amount) {}

  /** A calendar quarter's label, e.g. Q3 and 2026. */
  public record Quarter(String label, int year) {}

  /** Team win rate per quarter, with its interval, the deals behind it and a significant trend. */
  public record WinRates(
      Frame frame,
      Plot plot,
      List<Tick> ticks,
      List<RatePoint> points,
      Line trend,
      TrendCaption caption) {}

  /** A value on the vertical axis, with a dotted grid line unless it is the axis itself. */
  public record Tick(double y, String label, boolean grid) {}

  /**
   * One quarter: {@code rate} and {@code deals} are null when the quarter has no closed deal;
   * {@code bandTop}/{@code bandHeight} null without an interval.
   */
  public record RatePoint(
      double cx,
      Quarter quarter,
      Double bandTop,
      Double bandHeight,
      Double dotY,
      double labelY,
      Num rate,
      Num deals) {}

  /** A straight line. */
  public record Line(double x1, double y1, double x2, double y2) {}

  /**
   * What the trend says: {@code kind} is {@code none} (no trend row), {@code few} (under 3
   * quarters), {@code flat} (not significant) or {@code significant}.
   */
  public record TrendCaption(String kind, String direction, Num slope, Num pValue, Num periods) {}

  /** One-to-one hours a week per active direct report, against the benchmark. */
  public record Coaching(
      Frame frame,
      Plot plot,
      double benchX,
      String benchLabel,
      List<CoachingBar> bars,
      double axisTitleX) {}

  /** One rep's bar: the row's top, the bar's length, the hours written after it. */
  public record CoachingBar(String name, double y, double width, int height, Num hours) {}

  /**
   * The balance of one manager's matched deals: one row per covariate, its standardized mean
   * difference after matching (and, when the run computed it, before matching) placed on a scale
   * from {@code -limit} to {@code limit}, with lines at 0 and ±0.1.
   *
   * @param limit the end of the scale, as written
   * @param clipped whether an SMD lies beyond the scale (it is drawn at the end)
   * @param within covariates whose SMD after matching is within ±0.1
   * @param shown covariates drawn
   * @param poolPairs the (taken-over deal, candidate) pairs the SMD before matching is over, as
   *     written; null when the chart has no balance before matching
   */
  public record Balance(
      Frame frame,
      Plot plot,
      double zeroX,
      double lowX,
      double highX,
      String limit,
      boolean clipped,
      List<BalanceRow> rows,
      long within,
      long shown,
      String poolPairs) {
    /** Whether the rows show the balance before matching too. */
    public boolean withBefore() {
      return poolPairs != null;
    }
  }

  /**
   * One covariate: where its SMD after matching sits ({@code x} null when the SMD is null), and its
   * SMD before matching ({@code before} null when not computed).
   */
  public record BalanceRow(String covariate, double y, Double x, Num smd, Before before) {}

  /**
   * An SMD before matching, which no table holds: where it sits ({@code x} null when null), its
   * exact value (empty for null) and as written.
   */
  public record Before(Double x, String raw, String text) {}

  /**
   * Reps' survival under one manager against the org: step lines as SVG points, the manager's band
   * as a polygon, ticks where spells were censored, the half line, and the x axis in months.
   */
  public record Survival(
      Frame frame,
      Plot plot,
      String manager,
      String org,
      List<String> bands,
      List<Line> censored,
      double halfY,
      List<Tick> months,
      List<Tick> shares) {}
}
