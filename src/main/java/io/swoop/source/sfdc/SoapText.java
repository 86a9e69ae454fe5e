package io.swoop.source.sfdc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a field value as force-wsc delivers it into the text a Salesforce CSV export holds for it
 * (CONTRACT §2), so the model builder parses both sources alike. Untyped values arrive as the text
 * Salesforce sent and are kept as they are; typed ones ({@code xsi:type}) are written back in
 * Salesforce's own form: dateTimes as {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, dates as {@code
 * yyyy-MM-dd}, booleans as {@code true}/{@code false}, numbers in plain notation without losing a
 * digit.
 */
final class SoapText {
  static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** A dateTime as Bulk API CSV writes it ({@code 2024-01-05T10:00:00.000+0000}), or ISO. */
  private static final Pattern CSV_DATE_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})");

  private SoapText() {}

  /**
   * A Bulk API CSV cell as the SOAP path writes the same value, so both give the same mirror: an
   * empty cell is null (Bulk CSV cannot tell them apart, and Salesforce stores no empty text),
   * dateTimes in UTC with milliseconds and {@code Z}, numbers of a numeric field in plain notation
   * with at least one decimal; everything else as sent.
   *
   * @param number the field is a number or currency (an unparseable value is kept as sent)
   */
  static String ofCsv(String cell, boolean number) {
    if (cell.isEmpty()) {
      return null;
    }
    if (CSV_DATE_TIME.matcher(cell).matches()) {
      String iso =
          !cell.endsWith("Z") && cell.charAt(cell.length() - 3) != ':'
              ? cell.substring(0, cell.length() - 2) + ":" + cell.substring(cell.length() - 2)
              : cell;
      return dateTime(OffsetDateTime.parse(iso).toInstant());
    }
    if (number) {
      try {
        return decimal(new BigDecimal(cell.strip()));
      } catch (NumberFormatException e) {
        return cell;
      }
    }
    return cell;
  }

  /**
   * @param value the value force-wsc bound (null for {@code xsi:nil})
   * @param xsdType the local name of its {@code xsi:type} ("date", "dateTime", ...), or null
   */
  static String of(Object value, String xsdType) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Calendar c) {
      return "date".equals(xsdType) ? date(c.getTime()) : dateTime(c.toInstant());
    }
    if (value instanceof Date d) {
      return "dateTime".equals(xsdType) ? dateTime(d.toInstant()) : date(d);
    }
    if (value instanceof Double || value instanceof Float) {
      return decimal(new BigDecimal(value.toString()));
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Number n) {
      return n.toString();
    }
    if (value instanceof Instant i) {
      return dateTime(i);
    }
    if (value instanceof OffsetDateTime o) {
      return dateTime(o.toInstant());
    }
    if (value instanceof ZonedDateTime z) {
      return dateTime(z.toInstant());
    }
    if (value instanceof LocalDateTime l) {
      return dateTime(l.toInstant(ZoneOffset.UTC));
    }
    if (value instanceof LocalDate l) {
      return l.toString();
    }
    if (value instanceof TemporalAccessor t) {
      // force-wsc's OffsetDate, when it is configured for java.time
      return LocalDate.from(t).toString();
    }
    return value.toString();
  }

  static String dateTime(Instant i) {
    return DATE_TIME.format(i);
  }

  /** A date as Salesforce sends it: midnight GMT of that day. */
  private static String date(Date d) {
    return LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC).toString();
  }

  /**
   * Salesforce writes doubles as Java does ({@code 5000.0}, {@code 16.99}), here never with an
   * exponent.
   */
  private static String decimal(BigDecimal d) {
    String s = d.stripTrailingZeros().toPlainString();
    return s.indexOf('.') < 0 ? s + ".0" : s;
  }
}
