package io.swoop.source.sfdc;

import com.sforce.soap.partner.QueryResult;
import com.sforce.soap.partner.sobject.SObject;
import com.sforce.ws.bind.XmlObject;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.model.FieldSpec;
import io.swoop.model.ObjectSpec;
import io.swoop.model.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls one object's changed records, in (modstamp, Id) order, into a {@link RowSink}. A large
 * object is asked window by window ({@code sfdc.window_days}); a window that times out is halved; a
 * cursor that expires is replaced by a new query that starts after the last row kept.
 */
final class ObjectPuller {
  private static final Pattern NO_SUCH_COLUMN = Pattern.compile("No such column '([^']+)'");
  private static final Duration SMALLEST_WINDOW = Duration.ofSeconds(1);

  /**
   * What to pull.
   *
   * @param fields the fields to select (spec fields, IsDeleted, the modstamp field)
   * @param stampField SystemModstamp, or CreatedDate where the object has none
   * @param large pulled in windows of {@code windowDays}
   * @param above only records whose modstamp is after this (exclusive); null = everything
   * @param floor no record is older than about this (the org's first user); windows start here on a
   *     full pull; null = one open window
   */
  record Plan(
      ObjectSpec spec,
      List<String> fields,
      String stampField,
      boolean large,
      Instant above,
      Instant floor,
      int windowDays) {
    String object() {
      return spec.object().apiName();
    }
  }

  /** Receives the records pulled, as export text keyed by field name (as selected). */
  interface RowSink {
    void write(Map<String, String> values, long stampMillis) throws IOException;
  }

  /** What one object's pull did. */
  static final class Result {
    String object;
    boolean present = true;
    long rows;
    long deleted;
    long expected;
    long pages;
    long queries;
    long calls;
    long millis;
    Instant maxStamp;
    Instant minCreated;
    List<String> fields;
    final List<String> absentFields = new ArrayList<>();
  }

  private record Range(Instant above, Soql.After after, Instant upTo) {}

  private final SfdcClient.Conn conn;
  private final Plan plan;
  private final RowSink sink;
  private final SwoopConfig config;
  private final List<String> fields;
  private final Result result = new Result();
  private Soql.After cursor;

  ObjectPuller(SfdcClient client, Plan plan, RowSink sink, SwoopConfig config) {
    this.plan = plan;
    this.sink = sink;
    this.config = config;
    this.fields = new ArrayList<>(plan.fields());
    this.conn = client.open(plan.object());
    result.object = plan.object();
  }

  Result pull() {
    long start = System.nanoTime();
    Deque<Range> work = windows(Instant.now());
    while (!work.isEmpty() && result.present) {
      pullRange(work.pop(), work);
    }
    result.millis = (System.nanoTime() - start) / 1_000_000;
    result.calls = conn.calls();
    result.fields = List.copyOf(fields);
    return result;
  }

  private Deque<Range> windows(Instant now) {
    Deque<Range> work = new ArrayDeque<>();
    Instant start = plan.above() != null ? plan.above() : plan.floor();
    if (!plan.large() || start == null) {
      work.add(new Range(plan.above(), null, null));
      return work;
    }
    Duration w = Duration.ofDays(plan.windowDays());
    Instant lo = plan.above();
    for (Instant b = start.plus(w); b.isBefore(now); b = b.plus(w)) {
      work.add(new Range(lo, null, b));
      lo = b;
    }
    work.add(new Range(lo, null, null));
    return work;
  }

  private void pullRange(Range range, Deque<Range> work) {
    cursor = range.after();
    int fruitless = 0;
    long rangeRows = 0;
    long rangeExpected = 0;
    while (true) {
      String soql =
          Soql.query(plan.object(), fields, plan.stampField(), range.above(), cursor, range.upTo());
      long before = result.rows;
      try {
        QueryResult qr = conn.queryAll(soql);
        result.queries++;
        result.pages++;
        rangeExpected = rangeRows + qr.getSize();
        rangeRows += consume(qr);
        while (!qr.isDone()) {
          qr = conn.queryMore(soql, qr.getQueryLocator());
          result.pages++;
          rangeRows += consume(qr);
        }
        result.expected += Math.max(rangeExpected, rangeRows);
        return;
      } catch (SfdcClient.PullFault f) {
        switch (f.kind) {
          case LOCATOR -> {
            fruitless = result.rows > before ? 0 : fruitless + 1;
            if (fruitless > config.sfdcMaxRetries()) {
              throw stop("the query cursor kept expiring (" + f.getMessage() + ")", soql);
            }
          }
          case QUERY_TIMEOUT -> {
            result.expected += rangeRows;
            split(new Range(range.above(), cursor, range.upTo()), work, soql, f.getMessage());
            return;
          }
          case FIELD -> dropField(f.getMessage(), soql);
          case TYPE -> {
            if (plan.spec().object().requiredFile()) {
              throw stop("the object is not visible to this user (" + f.getMessage() + ")", soql);
            }
            result.present = false;
            return;
          }
          default -> throw f;
        }
      }
    }
  }

  /** Replaces a window that timed out by its two halves, the earlier first. */
  private void split(Range r, Deque<Range> work, String soql, String why) {
    Instant lo =
        r.after() != null ? r.after().stamp() : r.above() != null ? r.above() : plan.floor();
    Instant hi = r.upTo() != null ? r.upTo() : Instant.now();
    if (lo == null || Duration.between(lo, hi).compareTo(SMALLEST_WINDOW) < 0) {
      throw stop("the query timed out even on the smallest window (" + why + ")", soql);
    }
    Instant mid = lo.plus(Duration.between(lo, hi).dividedBy(2)).truncatedTo(ChronoUnit.MILLIS);
    work.addFirst(new Range(mid, null, r.upTo()));
    work.addFirst(new Range(r.above(), r.after(), mid));
  }

  /**
   * An optional field the org lacks (CurrencyIsoCode without multi-currency) is left out, as an
   * export would.
   */
  private void dropField(String why, String soql) {
    Matcher m = NO_SUCH_COLUMN.matcher(why);
    String field = m.find() ? m.group(1) : null;
    FieldSpec spec = field == null ? null : specOf(field);
    int at = field == null ? -1 : indexOf(field);
    if (spec != null && spec.apiName().equalsIgnoreCase(configured(field))) {
      throw SwoopException.badInput(
          "The User field %s (configured in %s) does not exist in this org or is not visible to the API user",
          field, configKeyOf(field));
    }
    if (spec != null
        && !spec.requiredColumn()
        && at >= 0
        && !field.equalsIgnoreCase(plan.stampField())) {
      result.absentFields.add(fields.remove(at));
      return;
    }
    throw stop("a field is missing (" + why + ")", soql);
  }

  private String configured(String field) {
    String hire = config.hireDateField();
    String term = config.terminationDateField();
    if (hire != null && hire.strip().equalsIgnoreCase(field)) {
      return field;
    }
    return term != null && term.strip().equalsIgnoreCase(field) ? field : "";
  }

  private String configKeyOf(String field) {
    String hire = config.hireDateField();
    return hire != null && hire.strip().equalsIgnoreCase(field)
        ? SwoopConfig.HIRE_DATE_FIELD
        : SwoopConfig.TERMINATION_DATE_FIELD;
  }

  private FieldSpec specOf(String field) {
    for (FieldSpec f : plan.spec().fields()) {
      if (f.apiName().equalsIgnoreCase(field)) {
        return f;
      }
    }
    return null;
  }

  private int indexOf(String field) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).equalsIgnoreCase(field)) {
        return i;
      }
    }
    return -1;
  }

  private long consume(QueryResult qr) {
    SObject[] records = qr.getRecords();
    if (records == null) {
      return 0;
    }
    int stampAt = indexOf(plan.stampField());
    int deletedAt = indexOf("IsDeleted");
    int createdAt = indexOf("CreatedDate");
    for (SObject record : records) {
      Map<String, XmlObject> byName = children(record);
      Map<String, String> values = new LinkedHashMap<>();
      for (String f : fields) {
        XmlObject x = byName.get(f.toLowerCase(Locale.ROOT));
        values.put(
            f,
            x == null
                ? null
                : SoapText.of(
                    x.getValue(), x.getXmlType() == null ? null : x.getXmlType().getLocalPart()));
      }
      String id = values.get(fields.get(indexOf("Id")));
      String stampText = values.get(fields.get(stampAt));
      Instant stamp;
      try {
        stamp = Values.instant(stampText == null ? "" : stampText.strip());
      } catch (IllegalArgumentException e) {
        throw stop(
            "record " + id + " has " + plan.stampField() + " '" + stampText + "', not a dateTime",
            null);
      }
      try {
        sink.write(values, stamp.toEpochMilli());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      result.rows++;
      if (deletedAt >= 0 && "true".equalsIgnoreCase(values.get(fields.get(deletedAt)))) {
        result.deleted++;
      }
      if (result.maxStamp == null || stamp.isAfter(result.maxStamp)) {
        result.maxStamp = stamp;
      }
      if (createdAt >= 0 && values.get(fields.get(createdAt)) != null) {
        try {
          Instant c = Values.instant(values.get(fields.get(createdAt)).strip());
          if (result.minCreated == null || c.isBefore(result.minCreated)) {
            result.minCreated = c;
          }
        } catch (IllegalArgumentException ignored) {
          // the model builder reports it; here it only bounds the windows
        }
      }
      cursor = new Soql.After(stamp, id);
    }
    return records.length;
  }

  /**
   * The record's fields by lower-cased name. The element {@code type} holds the sObject's type, not
   * a field: field names start with a capital (Task.Type is {@code Type}).
   */
  private static Map<String, XmlObject> children(SObject record) {
    Map<String, XmlObject> m = new HashMap<>();
    Iterator<XmlObject> it = record.getChildren();
    while (it.hasNext()) {
      XmlObject x = it.next();
      if (x.getName().getLocalPart().equals("type")) {
        continue;
      }
      String name = x.getName().getLocalPart().toLowerCase(Locale.ROOT);
      XmlObject had = m.get(name);
      if (had == null || had.getValue() == null) {
        m.put(name, x);
      }
    }
    return m;
  }

  private SwoopException stop(String why, String soql) {
    return SwoopException.sourceFailed(
        String.format(
            "Salesforce extract of %s stopped: %s.%s The raw mirror and its watermarks are unchanged",
            plan.object(), why, soql == null ? "" : " Query: " + soql + "."),
        null);
  }
}
