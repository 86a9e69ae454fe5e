package io.swoop.source.sfdc;

import io.swoop.model.SfObject;
import java.time.Instant;
import java.util.List;

/**
 * The one SOQL shape swoop sends: {@code SELECT <fields> FROM <Object> WHERE <modstamp window>
 * ORDER BY <modstamp>, Id}. The lower bound is either a timestamp (exclusive, or inclusive where an
 * incremental pull starts, so a record sharing the watermark's modstamp is asked again even with no
 * lookback) or, to resume after the last row kept, a (timestamp, Id) pair; the upper bound is
 * inclusive. A Bulk API job asks the same window without ORDER BY; the counts ask {@code SELECT
 * COUNT()} of a window (to route a pull) or of the live rows (to reconcile the mirror). SOQL takes
 * dateTime literals unquoted, in UTC.
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
    return select(object, fields)
        + where(stampField, above, inclusive, after, upTo)
        + " ORDER BY "
        + stampField
        + ", Id";
  }

  /**
   * The query of a Bulk API job: the same window, no ORDER BY (a Bulk job returns its rows in no
   * particular order whatever it is asked, and sorting makes Salesforce's work slower).
   */
  static String unordered(
      String object,
      List<String> fields,
      String stampField,
      Instant above,
      boolean inclusive,
      Instant upTo) {
    return select(object, fields) + where(stampField, above, inclusive, null, upTo);
  }

  /** {@code SELECT COUNT()} of the same window: how many rows a pull would bring. */
  static String count(
      String object, String stampField, Instant above, boolean inclusive, Instant upTo) {
    return "SELECT COUNT() FROM " + object + where(stampField, above, inclusive, null, upTo);
  }

  /**
   * {@code SELECT COUNT()} of {@code o}'s live rows (through {@code queryAll}: archived activities
   * count, deleted rows do not), what the mirror should hold.
   */
  static String liveCount(SfObject o) {
    return "SELECT COUNT() FROM " + o.apiName() + live(o);
  }

  /** The CreatedDate of {@code o}'s oldest live row. */
  static String oldestCreated(SfObject o) {
    return "SELECT CreatedDate FROM " + o.apiName() + live(o) + " ORDER BY CreatedDate LIMIT 1";
  }

  private static String live(SfObject o) {
    // User has no IsDeleted: users are deactivated, never deleted.
    return o == SfObject.USER ? "" : " WHERE IsDeleted = false";
  }

  private static String select(String object, List<String> fields) {
    return "SELECT " + String.join(", ", fields) + " FROM " + object;
  }

  private static String where(
      String stampField, Instant above, boolean inclusive, After after, Instant upTo) {
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
      q.append(sep).append(stampField).append(inclusive ? " >= " : " > ").append(literal(above));
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
