package io.swoop.source.sfdc;

import com.sforce.soap.partner.QueryResult;
import com.sforce.soap.partner.sobject.SObject;
import com.sforce.ws.bind.XmlObject;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.model.FieldSpec;
import io.swoop.model.FieldType;
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
 * Pulls one object's changed records, in (modstamp, Id) order, into a {@link RowSink}: one query
 * paged to its end, or, for an object big enough that windows cost under 5 % more calls, window by
 * window ({@code sfdc.window_days}); a window (or the one query) that times out is halved; a cursor
 * that expires is replaced by a new query that starts after the last row kept. Through Bulk API 2.0
 * ({@link Route}) the same window is one job whose rows come in no particular order.
 */
final class ObjectPuller {
  private static final Pattern NO_SUCH_COLUMN = Pattern.compile("No such column '([^']+)'");
  private static final Duration SMALLEST_WINDOW = Duration.ofSeconds(1);

  /** The most rows Salesforce returns in one page of a SOAP query. */
  static final int MAX_BATCH = 2000;

  /** Where halving a failed Bulk window starts when nothing bounds it (no user yet). */
  private static final Instant EARLIEST = Instant.parse("1999-01-01T00:00:00Z");

  /**
   * What to pull.
   *
   * @param fields the fields to select (spec fields, IsDeleted, the modstamp field)
   * @param stampField SystemModstamp, or CreatedDate where the object has none
   * @param large pulled in windows of {@code windowDays} from the start (see {@link #windowsPay})
   * @param above only records whose modstamp is at or after this (inclusive: a record sharing the
   *     watermark's modstamp, or committed since with an earlier one, is asked again and merged by
   *     Id); null = everything
   * @param floor no record is older than about this (the org's first user); windows start here on a
   *     full pull; null = one open window
   * @param mirrorRows the rows the mirror held of the object before this pull; -1 = no mirror
   */
  record Plan(
      ObjectSpec spec,
      List<String> fields,
      String stampField,
      boolean large,
      Instant above,
      Instant floor,
      int windowDays,
      long mirrorRows) {
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
    long minCalls;
    long dataCalls;
    Reconciliation.Count count;

    /** The live rows a full pull counted to choose its API; -1 = not counted. */
    long liveCount = -1;

    /**
     * Why Salesforce would not give the count that routes the pull (null = it did, or none was
     * asked), and how the pull was routed instead.
     */
    String countFailure;

    String countFallback;

    /** Rows removed because Salesforce no longer has them, without a deleted row (hard deletes). */
    long hardDeleted;

    long millis;
    Instant maxStamp;
    Instant minCreated;
    List<String> fields;
    final List<String> absentFields = new ArrayList<>();

    /** {@code soap} or {@code bulk}: the API the rows came through. */
    String api = "soap";

    /** Bulk API jobs run. */
    long jobs;
  }

  /**
   * How an object is pulled: through SOAP, through Bulk API 2.0, or by the pull's {@code SELECT
   * COUNT()} against {@code sfdc.bulk_min_rows}.
   */
  enum Route {
    SOAP,
    BULK,
    COUNT
  }

  /**
   * The route {@code sfdc.bulk} gives an object. With {@code auto}, an incremental pull of an
   * object whose mirror holds fewer rows than the threshold skips the count: its changes cannot
   * reach the threshold unless the org grew past it since, and SOAP pulls them either way.
   */
  static Route route(SwoopConfig config, RawMirror.ObjectState previous) {
    return switch (config.sfdcBulk()) {
      case "always" -> Route.BULK;
      case "never" -> Route.SOAP;
      default ->
          previous != null && previous.rows() < config.sfdcBulkMinRows() ? Route.SOAP : Route.COUNT;
    };
  }

  private record Range(Instant above, boolean inclusive, Soql.After after, Instant upTo) {}

  private final SfdcClient.ObjectConnection conn;
  private final Plan plan;
  private final RowSink sink;
  private final SwoopConfig config;
  private final List<String> fields;
  private final Result result = new Result();
  private final BulkQuery bulk;
  private Soql.After cursor;
  private long liveCountCalls;
  private String[] csvHeader;
  private int[] csvColumn;
  private boolean[] csvNumber;

  ObjectPuller(SfdcClient client, Plan plan, RowSink sink, SwoopConfig config) {
    this.plan = plan;
    this.sink = sink;
    this.config = config;
    this.fields = new ArrayList<>(plan.fields());
    this.conn = client.open(plan.object());
    this.bulk = new BulkQuery(client, plan.object(), config);
    result.object = plan.object();
  }

  Result pull() {
    return pull(Route.SOAP);
  }

  Result pull(Route route) {
    long start = System.nanoTime();
    boolean soap = true;
    if (route == Route.BULK || (route == Route.COUNT && countAbove(config.sfdcBulkMinRows()))) {
      soap = !pullBulk();
    }
    if (soap && result.present) {
      Deque<Range> work = windows(Instant.now());
      while (!work.isEmpty() && result.present) {
        pullRange(work.pop(), work);
      }
    }
    result.millis = (System.nanoTime() - start) / 1_000_000;
    result.calls = conn.calls() + bulk.calls();
    // The live count that routed a full pull is the reconciliation's: not a call for the data.
    result.dataCalls = result.calls - liveCountCalls;
    result.jobs = bulk.jobs();
    result.pages += bulk.pages();
    if (result.api.equals("bulk")) {
      // One job: its creation, one poll that finds it complete, one call per results page.
      result.minCalls = 2 + Math.max(1, bulk.pages());
    } else {
      // One query per object is unavoidable (it also tells an absent object); then one per page.
      int batch = Math.min(MAX_BATCH, config.sfdcBatchSize());
      result.minCalls = Math.max(1, (result.rows + batch - 1) / batch);
    }
    result.fields = List.copyOf(fields);
    return result;
  }

  /**
   * Whether the pull's {@code SELECT COUNT()} is above {@code min}. A full pull counts the live
   * rows (the deleted ones it also brings are few), the count the reconciliation needs too; an
   * incremental pull counts its window. A count Salesforce refuses or times out on does not stop
   * the pull: a full pull is routed by the rows the mirror held, when it held the object; else a
   * count that timed out means a large object (Bulk API) and a refused one goes through SOAP.
   */
  private boolean countAbove(long min) {
    boolean full = plan.above() == null;
    String soql =
        full
            ? Soql.liveCount(plan.spec().object())
            : Soql.count(plan.object(), plan.stampField(), plan.above(), true, null);
    long before = conn.calls();
    try {
      long n = conn.optional(soql).getSize();
      if (full) {
        result.liveCount = n;
        liveCountCalls = conn.calls() - before;
      } else {
        result.queries++;
      }
      return n > min;
    } catch (SfdcClient.PullFault f) {
      switch (f.kind) {
        case TYPE -> {
          absent(f, soql);
          return false;
        }
        case QUERY_TIMEOUT, FIELD, FATAL -> {
          boolean bulk;
          if (full && plan.mirrorRows() >= 0) {
            bulk = plan.mirrorRows() > min;
            result.countFallback =
                String.format(
                    Locale.ROOT,
                    "through %s by the %,d rows the mirror held",
                    bulk ? "Bulk API 2.0" : "SOAP",
                    plan.mirrorRows());
          } else {
            bulk = f.kind == Faults.Kind.QUERY_TIMEOUT;
            result.countFallback =
                bulk ? "through Bulk API 2.0, as for a large object" : "through SOAP";
          }
          result.countFailure = f.getMessage();
          if (full) {
            liveCountCalls = conn.calls() - before;
          }
          return bulk;
        }
        default -> throw f;
      }
    }
  }

  private record BulkRange(Instant above, boolean inclusive, Instant upTo, boolean retry) {}

  /**
   * Pulls through Bulk API 2.0: one job for the pull's whole window (Salesforce splits large jobs
   * itself); a job that fails is run again as two jobs of half the window each, and a half that
   * fails too stops the extract. Returns false when Salesforce does not serve the object through
   * Bulk: SOAP takes it over.
   */
  private boolean pullBulk() {
    Instant asOf = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Deque<BulkRange> work = new ArrayDeque<>();
    work.add(new BulkRange(plan.above(), plan.above() != null, null, false));
    while (!work.isEmpty() && result.present) {
      BulkRange r = work.pop();
      String soql =
          Soql.unordered(
              plan.object(), fields, plan.stampField(), r.above(), r.inclusive(), r.upTo());
      try {
        BulkQuery.Done done = bulk.run(soql, this::acceptCsv);
        result.api = "bulk";
        result.queries++;
        result.expected += Math.max(done.rows(), done.processed());
      } catch (BulkQuery.JobFailed f) {
        if (r.retry()) {
          throw stop(
              "the Bulk API job failed, and failed again on a window half as wide ("
                  + f.getMessage()
                  + ")",
              soql);
        }
        Instant lo = r.above() != null ? r.above() : plan.floor() != null ? plan.floor() : EARLIEST;
        Instant hi = r.upTo() != null ? r.upTo() : asOf;
        if (!lo.isBefore(hi)) {
          throw stop("the Bulk API job failed on a window that cannot be halved (" + f + ")", soql);
        }
        Instant mid = lo.plus(Duration.between(lo, hi).dividedBy(2)).truncatedTo(ChronoUnit.MILLIS);
        work.addFirst(new BulkRange(mid, false, r.upTo(), true));
        work.addFirst(new BulkRange(r.above(), r.inclusive(), mid, true));
      } catch (BulkQuery.Unsupported u) {
        if (result.rows > 0) {
          throw stop("the Bulk API stopped serving the object (" + u.getMessage() + ")", soql);
        }
        return false;
      } catch (SfdcClient.PullFault f) {
        switch (f.kind) {
          case FIELD -> {
            dropField(f.getMessage(), soql);
            work.addFirst(r);
          }
          case TYPE -> absent(f, soql);
          default -> throw f;
        }
      }
    }
    return true;
  }

  /** One row of a Bulk CSV result, turned into the text the SOAP path gives for it. */
  private void acceptCsv(String[] header, String[] cells) {
    if (header != csvHeader) {
      csvHeader = header;
      csvColumn = new int[fields.size()];
      csvNumber = new boolean[fields.size()];
      for (int f = 0; f < fields.size(); f++) {
        csvColumn[f] = -1;
        for (int i = 0; i < header.length; i++) {
          if (header[i].equalsIgnoreCase(fields.get(f))) {
            csvColumn[f] = i;
            break;
          }
        }
        FieldSpec spec = specOf(fields.get(f));
        csvNumber[f] =
            spec != null && (spec.type() == FieldType.MONEY || spec.type() == FieldType.NUMBER);
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int f = 0; f < fields.size(); f++) {
      int at = csvColumn[f];
      values.put(
          fields.get(f),
          at < 0 || at >= cells.length ? null : SoapText.ofCsv(cells[at], csvNumber[f]));
    }
    accept(values);
  }

  /** The object is not in this org or not visible: absent when it is optional, else a stop. */
  private void absent(SfdcClient.PullFault f, String soql) {
    if (plan.spec().object().requiredFile()) {
      throw stop("the object is not visible to this user (" + f.getMessage() + ")", soql);
    }
    result.present = false;
  }

  private Deque<Range> windows(Instant now) {
    Deque<Range> work = new ArrayDeque<>();
    Instant start = plan.above() != null ? plan.above() : plan.floor();
    boolean inclusive = plan.above() != null;
    if (!plan.large() || start == null) {
      work.add(new Range(plan.above(), inclusive, null, null));
      return work;
    }
    Duration w = Duration.ofDays(plan.windowDays());
    Instant lo = plan.above();
    for (Instant b = start.plus(w); b.isBefore(now); b = b.plus(w)) {
      work.add(new Range(lo, inclusive, null, b));
      lo = b;
      inclusive = false;
    }
    work.add(new Range(lo, inclusive, null, null));
    return work;
  }

  /**
   * Whether windows of {@code windowDays} over {@code span} pay for an object of about {@code rows}
   * rows: each window ends on a partial page, so windows are used only when their number is at most
   * 5 % of the pages the rows need (an object that big is the one whose single query risks
   * QUERY_TIMEOUT); smaller objects are asked in one query, halved only when Salesforce times out.
   */
  static boolean windowsPay(long rows, int batch, Duration span, int windowDays) {
    long pages = (rows + batch - 1) / batch;
    long windows = span.toDays() / windowDays + 1;
    return windows > 1 && windows * 20 <= pages;
  }

  private void pullRange(Range range, Deque<Range> work) {
    cursor = range.after();
    int fruitless = 0;
    long rangeRows = 0;
    long rangeExpected = 0;
    while (true) {
      String soql =
          Soql.query(
              plan.object(),
              fields,
              plan.stampField(),
              range.above(),
              range.inclusive(),
              cursor,
              range.upTo());
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
            split(
                new Range(range.above(), range.inclusive(), cursor, range.upTo()),
                work,
                soql,
                f.getMessage());
            return;
          }
          case FIELD -> dropField(f.getMessage(), soql);
          case TYPE -> {
            absent(f, soql);
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
    work.addFirst(new Range(mid, false, null, r.upTo()));
    work.addFirst(new Range(r.above(), r.inclusive(), r.after(), mid));
  }

  /**
   * A field the query named is not visible: the org lacks it, or field-level security hides it from
   * the integration user (Salesforce then leaves it out of describe and answers INVALID_FIELD, as
   * for a field that does not exist). An optional field (CurrencyIsoCode without multi-currency) is
   * left out, as an export would, and reported; a required one stops the extract, naming the
   * permission to grant.
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
    if (spec != null && spec.requiredColumn()) {
      String name = plan.object() + "." + spec.apiName();
      throw stop(
          "the required field "
              + name
              + " is not visible to the integration user (field-level security hides it, or the"
              + " org lacks it): grant Read on "
              + name
              + " to the integration user's profile or a permission set",
          soql);
    }
    if (spec != null && at >= 0 && !field.equalsIgnoreCase(plan.stampField())) {
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
      accept(values);
    }
    return records.length;
  }

  /** Writes one pulled record to the sink and counts it; the order of records does not matter. */
  private void accept(Map<String, String> values) {
    int stampAt = indexOf(plan.stampField());
    int deletedAt = indexOf("IsDeleted");
    int createdAt = indexOf("CreatedDate");
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
