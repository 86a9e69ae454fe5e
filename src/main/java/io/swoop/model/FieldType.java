package io.swoop.model;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** How a Salesforce value is written in an export and what it becomes in the canonical model. */
public enum FieldType {
  /** A record Id, 15 or 18 characters; becomes the 18-character string. */
  ID(DataTypes.StringType, "a 15- or 18-character Salesforce Id"),
  /** Free text, kept as is. */
  TEXT(DataTypes.StringType, "text"),
  /** A dateTime in UTC, e.g. 2024-03-05T14:22:10.000Z; becomes a timestamp. */
  TIMESTAMP(DataTypes.TimestampType, "a timestamp like 2024-03-05T14:22:10.000Z"),
  /** A date, e.g. 2024-03-05; a dateTime is accepted and keeps its UTC date. */
  DATE(DataTypes.DateType, "a date like 2024-03-05"),
  /** true/false or 1/0, any case. */
  BOOLEAN(DataTypes.BooleanType, "true, false, 1 or 0"),
  /** A currency amount; becomes DECIMAL(18,2). */
  MONEY(Canonical.MONEY, "a number like 12500.00"),
  /** A number such as a probability (0-100) or a duration; becomes DOUBLE. */
  NUMBER(DataTypes.DoubleType, "a number");

  private final DataType sparkType;
  private final String expected;

  FieldType(DataType sparkType, String expected) {
    this.sparkType = sparkType;
    this.expected = expected;
  }

  public DataType sparkType() {
    return sparkType;
  }

  /** What a valid value looks like, for error messages. */
  public String expected() {
    return expected;
  }
}
