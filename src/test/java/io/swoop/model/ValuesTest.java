package io.swoop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
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
    assertEquals(Date.valueOf("2024-03-05"), Values.parse(FieldType.DATE, "2024-03-05T23:59:59.000Z"));
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
    var e = assertThrows(IllegalArgumentException.class, () -> Values.parse(FieldType.DATE, "31/02/2024"));
    assertEquals("is not a date like 2024-03-05", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Values.parse(FieldType.TIMESTAMP, "yesterday"));
    assertEquals("is not a timestamp like 2024-03-05T14:22:10.000Z", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Values.parse(FieldType.BOOLEAN, "yes"));
    assertEquals("is not true, false, 1 or 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Values.parse(FieldType.MONEY, "1e20"));
    assertEquals("does not fit DECIMAL(18,2)", e.getMessage());
  }
}
