package io.swoop.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Parses values as Salesforce writes them (CONTRACT §2) into the Java types Spark rows hold.
 * Every parser returns null for an empty value and throws {@link IllegalArgumentException}
 * naming what was expected for a bad one.
 */
public final class Values {
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart().appendLiteral('T').optionalEnd()
          .optionalStart().appendLiteral(' ').optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
          .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
          .optionalStart().appendOffset("+HH", "Z").optionalEnd()
          .toFormatter(Locale.ROOT);

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

  /** A dateTime; without an offset it is taken as UTC, as Salesforce writes dateTimes. */
  public static Instant instant(String s) {
    try {
      var parsed = TIMESTAMP.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime odt) {
        return odt.toInstant();
      }
      return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("is not " + FieldType.TIMESTAMP.expected());
    }
  }

  /** A date; a dateTime keeps its UTC date. */
  public static LocalDate date(String s) {
    if (s.length() == 10) {
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
}
