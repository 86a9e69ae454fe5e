package io.swoop.source.sfdc;

import java.time.Instant;
import java.util.List;

/**
 * The one SOQL shape swoop sends: {@code SELECT <fields> FROM <Object> WHERE <modstamp window>
 * ORDER BY <modstamp>, Id}. The lower bound is either a timestamp (exclusive) or, to resume after
 * the last row kept, a (timestamp, Id) pair; the upper bound is inclusive. SOQL takes dateTime
 * literals unquoted, in UTC.
 */
final class Soql {
  private Soql() {}

  /** Where a pull resumes: after the row with this modstamp and Id, in (modstamp, Id) order. */
  record After(Instant stamp, String id) {}

  static String query(
      String object,
      List<String> fields,
      String stampField,
      Instant above,
      After after,
      Instant upTo) {
    return select(object, fields)
        + where(stampField, above, after, upTo)
        + " ORDER BY "
        + stampField
        + ", Id";
  }

  /**
   * The query of a Bulk API job: the same window, no ORDER BY (a Bulk job returns its rows in no
   * particular order whatever it is asked, and sorting makes Salesforce's work slower).
   */
  static String unordered(
      String object, List<String> fields, String stampField, Instant above, Instant upTo) {
    return select(object, fields) + where(stampField, above, null, upTo);
  }

  /** {@code SELECT COUNT()} of the same window: how many rows a pull would bring. */
  static String count(String object, String stampField, Instant above, Instant upTo) {
    return "SELECT COUNT() FROM " + object + where(stampField, above, null, upTo);
  }

  private static String select(String object, List<String> fields) {
    return "SELECT " + String.join(", ", fields) + " FROM " + object;
  }

  private static String where(String stampField, Instant above, After after, Instant upTo) {
    StringBuilder q = new StringBuilder();
    String sep = " WHERE ";
    if (after != null) {
      String t = literal(after.stamp());
      q.append(sep)
          .append('(')
          .append(stampField)
          .append(" > ")
          .append(t)
          .append(" OR (")
          .append(stampField)
          .append(" = ")
          .append(t)
          .append(" AND Id > '")
          .append(after.id().replace("'", ""))
          .append("'))");
      sep = " AND ";
    } else if (above != null) {
      q.append(sep).append(stampField).append(" > ").append(literal(above));
      sep = " AND ";
    }
    if (upTo != null) {
      q.append(sep).append(stampField).append(" <= ").append(literal(upTo));
    }
    return q.toString();
  }

  static String literal(Instant t) {
    return SoapText.dateTime(t);
  }
}
