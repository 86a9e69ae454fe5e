package io.swoop.sink.report;

import java.util.Locale;

/**
 * The report's one SVG helper: a chart's frame (size, and the title and description a screen reader
 * announces, which {@code report/chart.jte} writes as {@code role="img"} with {@code
 * aria-labelledby}), a linear scale from data to pixels, and coordinates written with one decimal.
 * Charts are inline SVG drawn in black, greys and dashes only, so they read the same in print.
 */
public final class Svg {
  private Svg() {}

  /**
   * A chart's frame.
   *
   * @param id unique on the page: the title's and description's ids derive from it
   * @param width width in pixels (the view box is the same)
   * @param height height in pixels
   * @param title the chart's title, drawn at its top and announced first
   * @param desc what the marks mean, announced after the title
   */
  public record Frame(int id, int width, int height, String title, String desc) {
    public String titleId() {
      return "c" + id + "-t";
    }

    public String descId() {
      return "c" + id + "-d";
    }

    public String labelledBy() {
      return titleId() + " " + descId();
    }

    public String viewBox() {
      return "0 0 " + width + " " + height;
    }

    public String centre() {
      return f(width / 2.0);
    }
  }

  /** A linear map from [d0, d1] in data to [p0, p1] in pixels. */
  public record Scale(double d0, double d1, double p0, double p1) {
    public double at(double v) {
      return p0 + (v - d0) * (p1 - p0) / (d1 - d0);
    }
  }

  /** A coordinate as written into the markup: one decimal, a dot whatever the locale. */
  public static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
