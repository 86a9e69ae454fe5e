package io.swoop.sink.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How the report writes a number, by the name its markup carries in {@code data-format}. Halves
 * round away from zero; a negative number gets a true minus sign (U+2212).
 */
public enum Format {
  /** A count: 1,234. */
  INT,
  /** A rate in [0, 1] as a whole percentage: 12%; a positive rate under 0.5 % reads {@code <1%}. */
  PCT,
  /** The micromanagement index, or a part of it, as a whole number. */
  INDEX,
  /** Money in whole units with thousands separators: $1,234. */
  MONEY,
  /**
   * Time a week, with its unit: whole minutes below an hour (a leader reads "5 min", not "0.1 h"),
   * else hours with one decimal: 2.5 h.
   */
  HOURS,
  /** Days as a whole number. */
  DAYS,
  /** A difference of two rates in percentage points, signed: +3, −4, 0. */
  POINTS,
  /** The size of a difference of two rates in percentage points, unsigned: 3. */
  ABS_POINTS,
  /** A change of a rate per quarter in percentage points, signed, one decimal: −2.5. */
  SLOPE,
  /**
   * A p-value with three decimals, so one just under the trend test's 0.10 does not read 0.10;
   * below 0.0005 it reads {@code <0.001}.
   */
  P,
  /** A date as yyyy-mm-dd. */
  DATE,
  /** A risk ratio (the E-value) with one decimal: 1.9. */
  RATIO,
  /** Days as whole months (a month is 365.25 / 12 days): 274 days read 9. */
  MONTHS,
  /** A standardized mean difference, signed, two decimals: +0.05, −0.12. */
  SMD;

  static final String MINUS = "\u2212";

  /** {@code value} (a Number, BigDecimal or LocalDate, not null) as this format writes it. */
  public String apply(Object value) {
    return switch (this) {
      case INT -> grouped(decimal(value).setScale(0, RoundingMode.HALF_UP));
      case PCT -> {
        BigDecimal p = decimal(value).movePointRight(2).setScale(0, RoundingMode.HALF_UP);
        yield p.signum() == 0 && decimal(value).signum() > 0 ? "<1%" : signed(p, false) + "%";
      }
      case INDEX, DAYS -> signed(decimal(value).setScale(0, RoundingMode.HALF_UP), false);
      case MONEY -> "$" + grouped(decimal(value).setScale(0, RoundingMode.HALF_UP));
      case HOURS -> {
        BigDecimal minutes = decimal(value).multiply(BigDecimal.valueOf(60));
        yield minutes.setScale(0, RoundingMode.HALF_UP).compareTo(BigDecimal.valueOf(60)) < 0
            ? signed(minutes.setScale(0, RoundingMode.HALF_UP), false) + " min"
            : signed(decimal(value).setScale(1, RoundingMode.HALF_UP), false) + " h";
      }
      case POINTS ->
          signed(decimal(value).movePointRight(2).setScale(0, RoundingMode.HALF_UP), true);
      case ABS_POINTS ->
          decimal(value).abs().movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString();
      case SLOPE ->
          signed(decimal(value).movePointRight(2).setScale(1, RoundingMode.HALF_UP), true);
      case P -> {
        BigDecimal p = decimal(value).setScale(3, RoundingMode.HALF_UP);
        yield p.signum() == 0 ? "<0.001" : p.toPlainString();
      }
      case DATE -> value.toString();
      case RATIO -> signed(decimal(value).setScale(1, RoundingMode.HALF_UP), false);
      case MONTHS ->
          signed(
              decimal(value)
                  .multiply(BigDecimal.valueOf(12))
                  .divide(new BigDecimal("365.25"), 0, RoundingMode.HALF_UP),
              false);
      case SMD -> signed(decimal(value).setScale(2, RoundingMode.HALF_UP), true);
    };
  }

  /** The name used in {@code data-format}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal b) {
      return b;
    }
    if (value instanceof Double || value instanceof Float) {
      return new BigDecimal(Double.toString(((Number) value).doubleValue()));
    }
    return BigDecimal.valueOf(((Number) value).longValue());
  }

  private static String signed(BigDecimal v, boolean plus) {
    String s = v.abs().toPlainString();
    if (v.signum() < 0) {
      return MINUS + s;
    }
    return plus && v.signum() > 0 ? "+" + s : s;
  }

  private static String grouped(BigDecimal v) {
    DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US));
    String s = f.format(v.abs());
    return v.signum() < 0 ? MINUS + s : s;
  }
}
