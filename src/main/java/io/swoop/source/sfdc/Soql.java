package io.swoop.source.sfdc;

import java.time.Instant;
import java.util.List;

/**
 * The one SOQL shape swoop sends: {@code SELECT <fields> FROM <Object> WHERE <modstamp window>
 * ORDER BY <modstamp>, Id}. The lower bound is either a timestamp (exclusive, or inclusive where an
 * incremental pull starts, so a record sharing the watermark's modstamp is asked again even with no
 * lookback) or, to resume after the last row kept, a (timestamp, Id) pair; the upper bound is
 * inclusive. SOQL takes dateTime literals unquoted, in UTC.
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
    return query(object, fields, stampField, above, false, after, upTo);
  }

  static String query(
      String object,
      List<String> fields,
      String stampField,
      Instant above,
      boolean inclusive,
      After after,
      Instant upTo) {
    StringBuilder q = new StringBuilder("SELECT ").append(String.join(", ", fields));
    q.append(" FROM ").append(object);
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
      q.append(sep).append(stampField).append(inclusive ? " >= " : " > ").append(literal(above));
      sep = " AND ";
    }
    if (upTo != null) {
      q.append(sep).append(stampField).append(" <= ").append(literal(upTo));
    }
    q.append(" ORDER BY ").append(stampField).append(", Id");
    return q.toString();
  }

  static String literal(Instant t) {
    return SoapText.dateTime(t);
  }
}
