package io.swoop.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Parses values as Salesforce writes them (CONTRACT §2) into the Java types Spark rows hold. Every
 * parser returns null for an empty value and throws {@link IllegalArgumentException} naming what
 * was expected for a bad one.
 */
public final class Values {
  /**
   * A dateTime in the forms of CONTRACT §2 and nothing else: {@code 2024-03-05T14:22:10.000Z},
   * {@code ...000+0000}, {@code ...10Z}, and {@code +00:00} for the offset (any offset, with or
   * without a colon). No zone, a space for the T, no seconds: unparseable, never guessed as UTC.
   */
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          // The default (SMART) resolver moves April 31 to April 30 and 24:00 to the next day;
          // a value naming no real moment is refused instead (CONTRACT §2: it is unparseable).
          .withResolverStyle(ResolverStyle.STRICT);

  private static final BigDecimal MONEY_LIMIT = new BigDecimal("1e16");

  private Values() {}

  /** Parses {@code text} as {@code type}; null for null or blank. */
  public static Object parse(FieldType type, String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.isEmpty()) {
      return null;
    }
    return switch (type) {
      case ID -> id(s);
      case TEXT -> text;
      case TIMESTAMP -> Timestamp.from(instant(s));
      case DATE -> Date.valueOf(date(s));
      case BOOLEAN -> bool(s);
      case MONEY -> money(s);
      case NUMBER -> number(s);
    };
  }

  static String id(String s) {
    String id = Ids.to18(s);
    if (id == null) {
      throw new IllegalArgumentException("is not " + FieldType.ID.expected());
    }
    return id;
  }

  /** A dateTime in one of the contract's forms (see {@link #TIMESTAMP}). */
  public static Instant instant(String s) {
    Instant fast = plainInstant(s);
    return fast != null ? fast : formattedInstant(s);
  }

  /** What {@link #instant} means by a dateTime, through the formatter that defines it. */
  static Instant formattedInstant(String s) {
    try {
      return OffsetDateTime.from(TIMESTAMP.parse(s)).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("is not " + FieldType.TIMESTAMP.expected());
    }
  }

  /** A date; a dateTime keeps its UTC date. */
  public static LocalDate date(String s) {
    if (s.length() == 10) {
      LocalDate fast = plainDate(s, 0);
      if (fast != null) {
        return fast;
      }
      try {
        return LocalDate.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("is not " + FieldType.DATE.expected());
      }
    }
    try {
      return LocalDate.ofInstant(instant(s), ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not " + FieldType.DATE.expected());
    }
  }

  static Boolean bool(String s) {
    if (s.equals("1") || s.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (s.equals("0") || s.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("is not " + FieldType.BOOLEAN.expected());
  }

  static BigDecimal money(String s) {
    try {
      BigDecimal d = new BigDecimal(s).setScale(2, RoundingMode.HALF_UP);
      if (d.abs().compareTo(MONEY_LIMIT) >= 0) {
        throw new IllegalArgumentException("does not fit DECIMAL(18,2)");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not " + FieldType.MONEY.expected());
    }
  }

  static Double number(String s) {
    try {
      double d = Double.parseDouble(s);
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not " + FieldType.NUMBER.expected());
    }
  }

  /*
   * The formatter builds a map of fields for every value it parses, which made it a third of the
   * model's time. Nearly every value has the one shape Salesforce writes, so that shape is read
   * here directly; anything else (other forms, out-of-range fields and impossible days, which the
   * formatter refuses) returns null and goes through the formatter, so the results are the
   * formatter's by construction.
   */

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:MM|+HHMM)} with every field in range, or null. */
  static Instant plainInstant(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(10) != 'T') {
      return null;
    }
    LocalDate day = plainDate(s, 0);
    int hour = twoDigits(s, 11);
    int minute = twoDigits(s, 14);
    int second = twoDigits(s, 17);
    if (day == null
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int at = 19;
    int nanos = 0;
    if (at < n && s.charAt(at) == '.') {
      int digits = 0;
      at++;
      while (at < n && isDigit(s.charAt(at))) {
        if (++digits > 9) {
          return null;
        }
        nanos = nanos * 10 + (s.charAt(at++) - '0');
      }
      if (digits == 0) {
        return null;
      }
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = 0;
    if (at >= n) {
      return null; // no zone: not a form of the contract
    } else {
      char sign = s.charAt(at);
      int rest = n - at - 1;
      if (sign == 'Z' && rest == 0) {
        offsetSeconds = 0;
      } else if (sign == '+' || sign == '-') {
        int hh = twoDigits(s, at + 1);
        int mm;
        if (rest == 4) {
          mm = twoDigits(s, at + 3);
        } else if (rest == 5 && s.charAt(at + 3) == ':') {
          mm = twoDigits(s, at + 4);
        } else {
          return null;
        }
        if (hh < 0 || hh > 17 || mm < 0 || mm > 59) {
          return null;
        }
        offsetSeconds = (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
      } else {
        return null;
      }
    }
    long epochSecond =
        day.toEpochDay() * 86400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** {@code yyyy-MM-dd} at {@code from}, a real day, or null. */
  private static LocalDate plainDate(String s, int from) {
    if (s.length() < from + 10 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-') {
      return null;
    }
    int hi = twoDigits(s, from);
    int lo = twoDigits(s, from + 2);
    int month = twoDigits(s, from + 5);
    int day = twoDigits(s, from + 8);
    if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1) {
      return null;
    }
    int year = hi * 100 + lo;
    if (day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
      return null;
    }
    return LocalDate.of(year, month, day);
  }

  /** The two digits at {@code at} as a number, or -1. */
  private static int twoDigits(String s, int at) {
    if (at + 2 > s.length()) {
      return -1;
    }
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    return isDigit(a) && isDigit(b) ? (a - '0') * 10 + (b - '0') : -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
