package io.swoop.source.sfdc;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small Salesforce org in memory, for {@link FakeSalesforce}: per object, its fields with their
 * SOAP types and its rows (String, Instant, LocalDate, Double, Boolean or null). Rows may be
 * changed between extracts to test increments.
 */
public final class FakeOrg {
  /**
   * How a field's values travel in SOAP. ANY fields (OldValue/NewValue) always carry their
   * xsi:type.
   */
  public enum Kind {
    ID,
    STRING,
    DATETIME,
    DATE,
    DOUBLE,
    BOOLEAN,
    ANY
  }

  /** One object: its fields (in describe order) and rows. */
  public static final class Table {
    final String name;
    final Map<String, Kind> fields = new LinkedHashMap<>();
    final List<Map<String, Object>> rows = new ArrayList<>();

    Table(String name) {
      this.name = name;
    }

    public Table field(String name, Kind kind) {
      fields.put(name, kind);
      return this;
    }

    /**
     * Hides a field from the API user, as field-level security does: Salesforce leaves it out of
     * describe and answers a query that names it with INVALID_FIELD, as for a field that does not
     * exist; the rows keep their values.
     */
    public Table hide(String name) {
      fields.keySet().removeIf(f -> f.equalsIgnoreCase(name));
      return this;
    }

    /** Adds a row from alternating field names and values. */
    public Table row(Object... nameValue) {
      Map<String, Object> r = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 0; i < nameValue.length; i += 2) {
        r.put((String) nameValue[i], nameValue[i + 1]);
      }
      rows.add(r);
      return this;
    }

    public Map<String, Object> find(String id) {
      for (Map<String, Object> r : rows) {
        if (id.equals(r.get("Id"))) {
          return r;
        }
      }
      throw new IllegalArgumentException("no " + name + " " + id);
    }

    public List<Map<String, Object>> rows() {
      return rows;
    }

    Kind kind(String field) {
      for (Map.Entry<String, Kind> e : fields.entrySet()) {
        if (e.getKey().equalsIgnoreCase(field)) {
          return e.getValue();
        }
      }
      return null;
    }

    String canonicalName(String field) {
      for (String f : fields.keySet()) {
        if (f.equalsIgnoreCase(field)) {
          return f;
        }
      }
      return null;
    }
  }

  final Map<String, Table> tables = new LinkedHashMap<>();

  public Table table(String name) {
    return tables.computeIfAbsent(name, Table::new);
  }

  Table find(String name) {
    for (Table t : tables.values()) {
      if (t.name.equalsIgnoreCase(name)) {
        return t;
      }
    }
    return null;
  }

  static Instant ts(String s) {
    return Instant.parse(s);
  }

  static LocalDate date(String s) {
    return LocalDate.parse(s);
  }

  /** An 18-character Id from a 3-character prefix and a number. */
  public static String id(String prefix, int n) {
    String fifteen = prefix + String.format(Locale.ROOT, "%012d", n);
    return io.swoop.model.Ids.to18(fifteen);
  }

  /**
   * The standard fields of the seven objects swoop reads (no CurrencyIsoCode: not multi-currency).
   */
  public static FakeOrg withStandardObjects(boolean hireDate) {
    FakeOrg org = new FakeOrg();
    Table u =
        org.table("User")
            .field("Id", Kind.ID)
            .field("Name", Kind.STRING)
            .field("ManagerId", Kind.ID)
            .field("IsActive", Kind.BOOLEAN)
            .field("CreatedDate", Kind.DATETIME)
            .field("LastModifiedDate", Kind.DATETIME)
            .field("UserRoleId", Kind.ID)
            .field("Title", Kind.STRING)
            .field("SystemModstamp", Kind.DATETIME);
    if (hireDate) {
      u.field("Hire_Date__c", Kind.DATE);
    }
    org.table("Opportunity")
        .field("Id", Kind.ID)
        .field("OwnerId", Kind.ID)
        .field("StageName", Kind.STRING)
        .field("Amount", Kind.DOUBLE)
        .field("Probability", Kind.DOUBLE)
        .field("CloseDate", Kind.DATE)
        .field("IsClosed", Kind.BOOLEAN)
        .field("IsWon", Kind.BOOLEAN)
        .field("CreatedDate", Kind.DATETIME)
        .field("IsDeleted", Kind.BOOLEAN)
        .field("Name", Kind.STRING)
        .field("AccountId", Kind.ID)
        .field("LastModifiedDate", Kind.DATETIME)
        .field("SystemModstamp", Kind.DATETIME);
    org.table("OpportunityHistory")
        .field("Id", Kind.ID)
        .field("OpportunityId", Kind.ID)
        .field("StageName", Kind.STRING)
        .field("Probability", Kind.DOUBLE)
        .field("Amount", Kind.DOUBLE)
        .field("CloseDate", Kind.DATE)
        .field("CreatedDate", Kind.DATETIME)
        .field("CreatedById", Kind.ID)
        .field("ForecastCategory", Kind.STRING)
        .field("IsDeleted", Kind.BOOLEAN)
        .field("SystemModstamp", Kind.DATETIME);
    org.table("OpportunityFieldHistory")
        .field("Id", Kind.ID)
        .field("OpportunityId", Kind.ID)
        .field("Field", Kind.STRING)
        .field("OldValue", Kind.ANY)
        .field("NewValue", Kind.ANY)
        .field("CreatedDate", Kind.DATETIME)
        .field("CreatedById", Kind.ID)
        .field("DataType", Kind.STRING)
        .field("IsDeleted", Kind.BOOLEAN);
    for (String activity : List.of("Task", "Event")) {
      org.table(activity)
          .field("Id", Kind.ID)
          .field("WhatId", Kind.ID)
          .field("OwnerId", Kind.ID)
          .field("ActivityDate", Kind.DATE)
          .field("CreatedDate", Kind.DATETIME)
          .field("CreatedById", Kind.ID)
          .field("Subject", Kind.STRING)
          .field("Type", Kind.STRING)
          .field(activity.equals("Task") ? "TaskSubtype" : "EventSubtype", Kind.STRING)
          .field("IsDeleted", Kind.BOOLEAN)
          .field("SystemModstamp", Kind.DATETIME);
      if (activity.equals("Event")) {
        // Tasks have no DurationInMinutes in Salesforce; swoop must leave the optional field out.
        org.table(activity)
            .field("DurationInMinutes", Kind.DOUBLE)
            .field("WhoId", Kind.ID)
            .field("IsChild", Kind.BOOLEAN)
            .field("IsAllDayEvent", Kind.BOOLEAN)
            .field("StartDateTime", Kind.DATETIME)
            .field("EndDateTime", Kind.DATETIME);
      }
    }
    org.table("EventRelation")
        .field("Id", Kind.ID)
        .field("EventId", Kind.ID)
        .field("RelationId", Kind.ID)
        .field("IsInvitee", Kind.BOOLEAN)
        .field("IsWhat", Kind.BOOLEAN)
        .field("Status", Kind.STRING)
        .field("IsDeleted", Kind.BOOLEAN)
        .field("CreatedDate", Kind.DATETIME)
        .field("SystemModstamp", Kind.DATETIME);
    return org;
  }

  /**
   * An org holding the records of a folder of CSV exports (as {@code jobs/swoop generate} writes
   * them), for serving a generated org: values typed by the standard objects' field kinds (other
   * columns as text, a value that does not parse as its kind kept as text), and SystemModstamp,
   * where the export has none, taken from LastModifiedDate, else CreatedDate.
   */
  public static FakeOrg fromExports(java.nio.file.Path dir) throws java.io.IOException {
    FakeOrg standard = withStandardObjects(true);
    FakeOrg org = new FakeOrg();
    for (Table kinds : standard.tables.values()) {
      java.nio.file.Path file = dir.resolve(kinds.name + ".csv");
      if (!java.nio.file.Files.exists(file)) {
        continue;
      }
      Table t = org.table(kinds.name);
      try (java.io.Reader r =
          java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
        BulkCsv csv = new BulkCsv(r);
        String[] header = csv.next();
        header[0] = header[0].replace("\uFEFF", "");
        for (String h : header) {
          Kind k = kinds.kind(h);
          t.field(
              kinds.canonicalName(h) == null ? h : kinds.canonicalName(h),
              k == null ? Kind.STRING : k);
        }
        boolean stamped = t.kind("SystemModstamp") != null;
        if (!stamped && kinds.kind("SystemModstamp") != null) {
          t.field("SystemModstamp", Kind.DATETIME);
        }
        List<String> names = new ArrayList<>(t.fields.keySet());
        for (String[] cells = csv.next(); cells != null; cells = csv.next()) {
          Map<String, Object> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          for (int i = 0; i < header.length && i < cells.length; i++) {
            row.put(names.get(i), typed(cells[i], t.fields.get(names.get(i))));
          }
          if (!stamped && t.kind("SystemModstamp") != null) {
            Object m = row.get("LastModifiedDate");
            row.put("SystemModstamp", m instanceof Instant ? m : row.get("CreatedDate"));
          }
          t.rows.add(row);
        }
      }
    }
    return org;
  }

  private static Object typed(String text, Kind kind) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return switch (kind) {
        case DATETIME -> io.swoop.model.Values.instant(text);
        case DATE -> LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        case DOUBLE -> Double.valueOf(text);
        case BOOLEAN -> text.equalsIgnoreCase("true") || text.equals("1");
        default -> text;
      };
    } catch (RuntimeException e) {
      return text;
    }
  }
}
