package io.swoop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static final Timestamp T = Timestamp.from(Instant.parse("2024-03-05T14:22:10Z"));

  @Test
  void everyTimestampFormSalesforceWritesIsTheSameInstant() {
    assertEquals(T, Values.parse(FieldType.TIMESTAMP, "2024-03-05T14:22:10.000Z"));
    assertEquals(T, Values.parse(FieldType.TIMESTAMP, "2024-03-05T14:22:10.000+0000"));
    assertEquals(T, Values.parse(FieldType.TIMESTAMP, "2024-03-05T14:22:10Z"));
    assertEquals(T, Values.parse(FieldType.TIMESTAMP, "2024-03-05T16:22:10.000+02:00"));
  }

  @Test
  void millisecondsAreKept() {
    assertEquals(
        Timestamp.from(Instant.parse("2024-03-05T14:22:10.123Z")),
        Values.parse(FieldType.TIMESTAMP, "2024-03-05T14:22:10.123Z"));
  }

  @Test
  void datesAndDateTimesInDateColumns() {
    assertEquals(Date.valueOf("2024-03-05"), Values.parse(FieldType.DATE, "2024-03-05"));
    assertEquals(
        Date.valueOf("2024-03-05"), Values.parse(FieldType.DATE, "2024-03-05T23:59:59.000Z"));
  }

  /** April 31, February 29 of a common year, June 31, November 31. */
  private static final String[] IMPOSSIBLE_DAYS = {
    "2024-04-31", "2023-02-29", "2024-06-31", "2024-11-31"
  };

  /** Every form of a dateTime that Values reads, around a day. */
  private static String[] timestampForms(String day) {
    return new String[] {
      day + "T14:22:10.000Z",
      day + "T14:22:10.000+0000",
      day + "T14:22:10Z",
      day + "T14:22:10.000+00:00",
      day + "T16:22:10.000+02:00",
      day + "T16:22:10+0200",
      day + "T14:22:10.123456789Z"
    };
  }

  @Test
  void aTimestampInNoneOfTheContractsFormsIsUnparseable() {
    // CONTRACT §2 (issue 19: "2026-04-01 17:03:44" was read as UTC without a word).
    for (String s :
        List.of(
            "2026-04-01 17:03:44",
            "2026-04-01T17:03:44",
            "2026-04-01 17:03:44Z",
            "2026-04-01T17:03Z",
            "2026-04-01T17:03:44+02",
            "2026-04-01t17:03:44z",
            "2026-04-01T17:03:44.Z",
            "04/01/2026 17:03")) {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> Values.parse(FieldType.TIMESTAMP, s), s);
      assertEquals("is not a timestamp like 2024-03-05T14:22:10.000Z", e.getMessage(), s);
      assertThrows(IllegalArgumentException.class, () -> Values.parse(FieldType.DATE, s), s);
    }
  }

  @Test
  void aTimestampWithAnImpossibleDayIsRefusedInEveryForm() {
    for (String day : IMPOSSIBLE_DAYS) {
      for (String s : timestampForms(day)) {
        var e =
            assertThrows(
                IllegalArgumentException.class, () -> Values.parse(FieldType.TIMESTAMP, s), s);
        assertEquals("is not a timestamp like 2024-03-05T14:22:10.000Z", e.getMessage(), s);
      }
    }
  }

  @Test
  void aDateWithAnImpossibleDayIsRefusedInEveryForm() {
    for (String day : IMPOSSIBLE_DAYS) {
      List<String> forms = new ArrayList<>(List.of(timestampForms(day)));
      forms.add(day);
      for (String s : forms) {
        var e =
            assertThrows(IllegalArgumentException.class, () -> Values.parse(FieldType.DATE, s), s);
        assertEquals("is not a date like 2024-03-05", e.getMessage(), s);
      }
    }
  }

  @Test
  void theRealDaysNextToTheImpossibleOnesAreRead() {
    for (String day : new String[] {"2024-04-30", "2024-02-29", "2024-06-30", "2024-11-30"}) {
      for (String s : timestampForms(day)) {
        assertEquals(
            LocalDate.parse(day),
            LocalDate.ofInstant(
                ((Timestamp) Values.parse(FieldType.TIMESTAMP, s)).toInstant(), ZoneOffset.UTC),
            s);
        assertEquals(Date.valueOf(day), Values.parse(FieldType.DATE, s), s);
      }
      assertEquals(Date.valueOf(day), Values.parse(FieldType.DATE, day));
    }
  }

  @Test
  void midnightIsNotWrittenAs24() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Values.parse(FieldType.TIMESTAMP, "2024-03-05T24:00:00.000Z"));
  }

  @Test
  void booleansInAnyCase() {
    assertEquals(true, Values.parse(FieldType.BOOLEAN, "TRUE"));
    assertEquals(true, Values.parse(FieldType.BOOLEAN, "1"));
    assertEquals(false, Values.parse(FieldType.BOOLEAN, "False"));
    assertEquals(false, Values.parse(FieldType.BOOLEAN, "0"));
  }

  @Test
  void emptyIsNull() {
    for (FieldType t : FieldType.values()) {
      assertNull(Values.parse(t, ""));
      assertNull(Values.parse(t, "  "));
    }
  }

  @Test
  void moneyBecomesTwoDecimals() {
    assertEquals(new BigDecimal("12500.50"), Values.parse(FieldType.MONEY, "12500.5"));
    assertEquals(new BigDecimal("1000.00"), Values.parse(FieldType.MONEY, "1E3"));
  }

  @Test
  void badValuesSayWhatWasExpected() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> Values.parse(FieldType.DATE, "31/02/2024"));
    assertEquals("is not a date like 2024-03-05", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Values.parse(FieldType.TIMESTAMP, "yesterday"));
    assertEquals("is not a timestamp like 2024-03-05T14:22:10.000Z", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Values.parse(FieldType.BOOLEAN, "yes"));
    assertEquals("is not true, false, 1 or 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Values.parse(FieldType.MONEY, "1e20"));
    assertEquals("does not fit DECIMAL(18,2)", e.getMessage());
  }

  @Test
  void theDirectReadingOfTheUsualShapeAgreesWithTheFormatter() {
    String[] days = {
      "2024-03-05",
      "2024-02-29",
      "2023-02-29",
      "2024-04-31",
      "2024-00-10",
      "2024-13-01",
      "2024-12-00",
      "2024-12-32",
      "0000-01-01",
      "2024-1-05",
      "2024/03/05"
    };
    String[] separators = {"T", " ", "t", "", "x", "T "};
    String[] times = {
      "14:22:10",
      "00:00:00",
      "23:59:59",
      "24:00:00",
      "12:60:00",
      "12:00:60",
      "14:22",
      "1:22:10",
      "14-22-10"
    };
    String[] fractions = {"", ".", ".1", ".123", ".000000001", ".123456789", ".1234567890"};
    String[] offsets = {
      "", "Z", "z", "+00:00", "+02:00", "-08:30", "+0200", "-0830", "+05", "-05", "+17:59",
      "+18:00", "-18", "+19:00", "+5", "+05:3", "+05:60", "ZZ", "+02:00Z"
    };
    int compared = 0;
    for (String day : days) {
      for (String separator : separators) {
        for (String time : times) {
          for (String fraction : fractions) {
            for (String offset : offsets) {
              String s = day + separator + time + fraction + offset;
              assertEquals(
                  outcome(() -> Values.formattedInstant(s)), outcome(() -> Values.instant(s)), s);
              compared++;
            }
          }
        }
      }
      assertEquals(outcome(() -> LocalDate.parse(day)), outcome(() -> Values.date(day)), day);
    }
    assertEquals(
        days.length * separators.length * times.length * fractions.length * offsets.length,
        compared);
  }

  /** The value, or the fact that there is none, so that two readings can be compared. */
  private static Object outcome(java.util.function.Supplier<Object> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return "rejected";
    }
  }
}
