package io.swoop.sink.report;

import java.math.BigDecimal;

/**
 * A number on the page with where it comes from: {@code SELECT column FROM table WHERE where} is
 * {@code value} (null: the table holds null), shown as {@code format} writes it. The templates mark
 * it up as {@code <data value data-table data-column data-where data-format>} (in a chart, a {@code
 * <text data-value …>}), so a test or a doubtful reader can check it against the published tables.
 */
public record Num(String table, String column, String where, Object value, Format format) {

  /** What the reader sees: the formatted value, or {@code n/a} for a null. */
  public String text() {
    return value == null ? "n/a" : format.apply(value);
  }

  /** The exact value for the {@code value} attribute: empty for null, money as plain decimals. */
  public String raw() {
    if (value == null) {
      return "";
    }
    return value instanceof BigDecimal b ? b.toPlainString() : value.toString();
  }

  /** The {@code data-format} key. */
  public String key() {
    return format.key();
  }

  /** Whether the value is null. */
  public boolean isNull() {
    return value == null;
  }
}
