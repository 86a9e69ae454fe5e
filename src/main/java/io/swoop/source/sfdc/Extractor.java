package io.swoop.source.sfdc;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.model.ObjectSpec;
import io.swoop.model.SfObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;

/**
 * One extract: authenticate, pull every object's changes since its watermark (User first, the
 * others {@code sfdc.parallelism} at a time), merge them into a new version of the raw mirror and
 * commit it. Any failure leaves the previous version current.
 */
final class Extractor {
  private final SparkSession spark;
  private final SwoopConfig config;
  private final Map<String, String> env;
  private final RawMirror mirror;
  private final boolean full;

  Extractor(
      SparkSession spark,
      SwoopConfig config,
      Map<String, String> env,
      String rawDir,
      boolean full) {
    this.spark = spark;
    this.config = config;
    this.env = env;
    this.mirror = new RawMirror(rawDir, spark.sparkContext().hadoopConfiguration());
    this.full = full;
  }

  /** What an extract did, and the version it committed. */
  record Outcome(RawMirror mirror, RawMirror.Version version, Map<String, Object> summary) {}

  /**
   * The field a pull orders and bounds by: OpportunityFieldHistory and UserHistory have no
   * SystemModstamp.
   */
  static String stampField(SfObject o) {
    return o == SfObject.OPPORTUNITY_FIELD_HISTORY || o == SfObject.USER_HISTORY
        ? "CreatedDate"
        : "SystemModstamp";
  }

  /** The fields selected: the spec's, IsDeleted (User has none) and the modstamp field. */
  static List<String> fields(ObjectSpec spec) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> out = new ArrayList<>();
    List<String> wanted = new ArrayList<>(spec.apiNames());
    if (spec.object() != SfObject.USER) {
      wanted.add("IsDeleted");
    }
    wanted.add(stampField(spec.object()));
    for (String f : wanted) {
      if (seen.add(f.toLowerCase(Locale.ROOT))) {
        out.add(f);
      }
    }
    return out;
  }

  Outcome run(String format) {
    long started = System.nanoTime();
    Secrets secrets = new Secrets();
    Authenticator auth = Credentials.from(env, config, secrets);
    RawMirror.Version previous = mirror.current().orElse(null);
    SfdcClient client = new SfdcClient(auth, config, secrets);
    client.connect();
    RawMirror.Version next = mirror.begin();
    try {
      Map<SfObject, ObjectPuller.Plan> plans = new LinkedHashMap<>();
      Map<SfObject, RawMirror.ObjectState> before = new LinkedHashMap<>();
      Instant floor =
          previous == null || previous.state().floor() == null
              ? null
              : Instant.parse(previous.state().floor());
      for (SfObject o : SfObject.values()) {
        ObjectSpec spec = ObjectSpec.of(o, config.hireDateField(), config.terminationDateField());
        RawMirror.ObjectState prev = incrementalFrom(previous, o, spec);
        before.put(o, prev);
        RawMirror.ObjectState had =
            previous == null ? null : previous.state().objects().get(o.apiName());
        plans.put(o, plan(spec, prev, floor, had == null ? -1 : had.rows()));
      }
      Map<SfObject, ObjectPuller.Result> results = new LinkedHashMap<>();
      ObjectPuller.Result users =
          pull(client, next, plans.get(SfObject.USER), before.get(SfObject.USER));
      results.put(SfObject.USER, users);
      if (users.minCreated != null && (floor == null || users.minCreated.isBefore(floor))) {
        floor = users.minCreated;
      }
      results.putAll(pullRest(client, next, plans, before, floor));

      List<RawMirror.ObjectState> states = new ArrayList<>();
      Map<SfObject, RawMirror.Merged> merged = new LinkedHashMap<>();
      for (SfObject o : SfObject.values()) {
        ObjectPuller.Result r = results.get(o);
        RawMirror.ObjectState prev = before.get(o);
        long rows = 0;
        if (r.present) {
          RawMirror.Merged m = merge(previous, next, o, r, prev == null);
          if (Reconciliation.dropsHardDeletes(o)
              && r.count != null
              && r.count.liveRows() >= 0
              && m.comparable() > r.count.liveRows()) {
            m = dropHardDeletes(client, next, plans.get(o), r, m);
          }
          merged.put(o, m);
          rows = m.rows();
        }
        Instant mark = r.maxStamp;
        if (prev != null
            && prev.watermark() != null
            && (mark == null || Instant.parse(prev.watermark()).isAfter(mark))) {
          mark = Instant.parse(prev.watermark());
        }
        states.add(
            new RawMirror.ObjectState(
                o.apiName(),
                r.present,
                mark == null ? null : mark.toString(),
                stampField(o),
                r.fields,
                List.copyOf(r.absentFields),
                rows));
      }
      UserVersions.Counts versions = UserVersions.write(spark, previous, next);
      RawMirror.State state =
          new RawMirror.State(
              next.number(),
              Instant.now().toString(),
              floor == null ? null : floor.toString(),
              RawMirror.byObject(states));
      RawMirror.Version committed = mirror.commit(next, state);
      Map<String, Object> summary = summary(client, committed, results, before, merged);
      userVersions(summary, versions);
      if ("csv".equals(format)) {
        summary.put("csv", mirror.writeCsv(spark, committed));
      }
      summary.put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
      return new Outcome(mirror, committed, summary);
    } catch (RuntimeException e) {
      mirror.abandon(next);
      throw e;
    }
  }

  /** Adds to User's summary the versions the mirror keeps (CONTRACT §4) and those new this pull. */
  @SuppressWarnings("unchecked")
  private static void userVersions(Map<String, Object> summary, UserVersions.Counts versions) {
    Map<String, Object> user =
        (Map<String, Object>)
            ((Map<String, Object>) summary.get("objects")).get(SfObject.USER.apiName());
    user.put("versions", versions.rows());
    user.put("versions_added", versions.added());
  }

  /**
   * Merges {@code o}'s pull into the next version. History (CONTRACT §4) keeps every row of the
   * previous version that Salesforce did not report deleted, whatever the pull (Salesforce purges
   * history after 18 to 24 months; the mirror is then its only copy); for the other objects a full
   * pull is the truth and an incremental one adds to the previous version.
   */
  private RawMirror.Merged merge(
      RawMirror.Version previous,
      RawMirror.Version next,
      SfObject o,
      ObjectPuller.Result r,
      boolean fullPull) {
    boolean history = Reconciliation.isHistory(o);
    Reconciliation.Count c = r.count;
    Instant comparableSince = null;
    if (history && c != null && c.liveRows() >= 0) {
      comparableSince = c.oldest() != null ? c.oldest() : NEVER;
    }
    return mirror.merge(
        spark, previous, next, o.apiName(), r.fields, fullPull && !history, comparableSince);
  }

  /**
   * The mirror holds more live rows of {@code r}'s object than Salesforce counts: records were
   * deleted without a deleted row coming back (hard-deleted, or purged from the recycle bin before
   * a pull saw them). Pulls the Ids Salesforce holds (Bulk API 2.0 when the object is above {@code
   * sfdc.bulk_min_rows} and {@code sfdc.bulk} allows it, else SOAP) and removes the others from the
   * version being built.
   */
  private RawMirror.Merged dropHardDeletes(
      SfdcClient client,
      RawMirror.Version next,
      ObjectPuller.Plan plan,
      ObjectPuller.Result r,
      RawMirror.Merged m) {
    List<String> idFields = new ArrayList<>(List.of("Id"));
    if (plan.spec().object() != SfObject.USER) {
      idFields.add("IsDeleted");
    }
    idFields.add(plan.stampField());
    ObjectPuller.Plan ids =
        new ObjectPuller.Plan(
            plan.spec(),
            idFields,
            plan.stampField(),
            false,
            null,
            plan.floor(),
            plan.windowDays(),
            m.rows());
    boolean bulk =
        !config.sfdcBulk().equals("never") && r.count.liveRows() > config.sfdcBulkMinRows();
    ObjectPuller.Result got;
    try (RawMirror.DeltaWriter out = mirror.ids(next, plan.object())) {
      ObjectPuller.RowSink live =
          (values, stamp) -> {
            if (!"true".equalsIgnoreCase(values.get("IsDeleted"))) {
              out.write(Map.of("Id", values.get("Id")), stamp);
            }
          };
      got =
          new ObjectPuller(client, ids, live, config)
              .pull(bulk ? ObjectPuller.Route.BULK : ObjectPuller.Route.SOAP);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the Ids of " + plan.object() + " into the raw mirror", e);
    } catch (SfdcClient.PullFault f) {
      throw SwoopException.sourceFailed(
          String.format(
              "Salesforce extract of %s stopped while asking which records Salesforce still has:"
                  + " %s. The raw mirror and its watermarks are unchanged",
              plan.object(), f.getMessage()),
          f);
    }
    r.calls += got.calls;
    if (!got.present) {
      return m;
    }
    long removed =
        mirror.retainIds(
            spark,
            next,
            plan.object(),
            RawMirror.find(r.fields, "Id"),
            mirror.idsFile(next, plan.object()));
    r.hardDeleted = removed;
    System.err.printf(
        Locale.ROOT,
        "swoop sfdc: %-24s %,d rows the mirror held are no longer in Salesforce (hard-deleted):"
            + " removed (%,d Ids read through %s)%n",
        plan.object(),
        removed,
        got.rows,
        got.api.equals("bulk") ? "Bulk API 2.0" : "SOAP");
    return new RawMirror.Merged(
        m.rows() - removed,
        Math.max(0, m.kept() - removed),
        m.removed() + removed,
        m.comparable() - removed,
        m.oldest());
  }

  /** Later than any CreatedDate: no mirror row is comparable when Salesforce has none. */
  private static final Instant NEVER = Instant.parse("9999-12-31T23:59:59Z");

  /** The previous state of {@code o} when an incremental pull can build on it, else null. */
  private RawMirror.ObjectState incrementalFrom(
      RawMirror.Version previous, SfObject o, ObjectSpec spec) {
    if (full || previous == null) {
      return null;
    }
    RawMirror.ObjectState s = previous.state().objects().get(o.apiName());
    if (s == null
        || !s.present()
        || s.watermark() == null
        || !stampField(o).equals(s.stampField())) {
      return null;
    }
    Set<String> had = new LinkedHashSet<>();
    s.fields().forEach(f -> had.add(f.toLowerCase(Locale.ROOT)));
    s.absentFields().forEach(f -> had.add(f.toLowerCase(Locale.ROOT)));
    Set<String> wanted = new LinkedHashSet<>();
    fields(spec).forEach(f -> wanted.add(f.toLowerCase(Locale.ROOT)));
    // A changed field list (a hire-date field configured since) needs every row again.
    return had.equals(wanted) ? s : null;
  }

  /**
   * What to ask for {@code spec}'s object. An incremental pull starts at the watermark minus {@code
   * sfdc.lookback_minutes}, inclusive: records sharing the watermark's modstamp, or committed late
   * with an earlier one, come again and are merged by Id. A full pull is windowed only when the
   * object held enough rows last time ({@code estimate}) that windows cost under 5 % more calls.
   */
  private ObjectPuller.Plan plan(
      ObjectSpec spec, RawMirror.ObjectState prev, Instant floor, long mirrorRows) {
    List<String> fields = new ArrayList<>(fields(spec));
    Instant above = null;
    boolean windowed = false;
    if (prev != null) {
      fields.removeIf(f -> prev.absentFields().stream().anyMatch(a -> a.equalsIgnoreCase(f)));
      above =
          Instant.parse(prev.watermark()).minus(Duration.ofMinutes(config.sfdcLookbackMinutes()));
    } else if (floor != null) {
      windowed =
          ObjectPuller.windowsPay(
              Math.max(0, mirrorRows),
              Math.min(ObjectPuller.MAX_BATCH, config.sfdcBatchSize()),
              Duration.between(floor, Instant.now()),
              config.sfdcWindowDays());
    }
    return new ObjectPuller.Plan(
        spec,
        fields,
        stampField(spec.object()),
        windowed,
        above,
        floor,
        config.sfdcWindowDays(),
        mirrorRows);
  }

  private Map<SfObject, ObjectPuller.Result> pullRest(
      SfdcClient client,
      RawMirror.Version next,
      Map<SfObject, ObjectPuller.Plan> plans,
      Map<SfObject, RawMirror.ObjectState> before,
      Instant floor) {
    Map<SfObject, Callable<ObjectPuller.Result>> pulls = new LinkedHashMap<>();
    for (SfObject o : SfObject.values()) {
      if (o == SfObject.USER) {
        continue;
      }
      ObjectPuller.Plan p = plans.get(o);
      ObjectPuller.Plan withFloor =
          new ObjectPuller.Plan(
              p.spec(),
              p.fields(),
              p.stampField(),
              p.large(),
              p.above(),
              floor,
              p.windowDays(),
              p.mirrorRows());
      pulls.put(o, () -> pull(client, next, withFloor, before.get(o)));
    }
    return ParallelPulls.run(pulls, config.sfdcParallelism(), client::abort);
  }

  private ObjectPuller.Result pull(
      SfdcClient client,
      RawMirror.Version next,
      ObjectPuller.Plan plan,
      RawMirror.ObjectState prev) {
    ObjectPuller.Result r;
    try (RawMirror.DeltaWriter out = mirror.delta(next, plan.object())) {
      r = new ObjectPuller(client, plan, out, config).pull(ObjectPuller.route(config, prev));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the records of " + plan.object() + " into the raw mirror", e);
    } catch (SfdcClient.PullFault f) {
      throw SwoopException.sourceFailed(
          String.format(
              "Salesforce extract of %s stopped: %s. The raw mirror and its watermarks are"
                  + " unchanged",
              plan.object(), f.getMessage()),
          f);
    }
    if (prev != null) {
      for (String a : prev.absentFields()) {
        if (!r.absentFields.contains(a)) {
          r.absentFields.add(a);
        }
      }
    }
    if (r.present) {
      r.count =
          plan.above() == null && r.countFailure != null
              ? Reconciliation.notCounted(r.countFailure)
              : Reconciliation.of(client, plan.spec().object(), r.liveCount);
      r.calls += r.count.calls();
    }
    System.err.println(progress(r, prev == null ? "full" : "incremental"));
    for (String a : r.absentFields) {
      System.err.println(
          "swoop sfdc: "
              + r.object
              + "."
              + a
              + " is not in this org or hidden from the integration user by field-level security;"
              + " it reads as null (grant Read on "
              + r.object
              + "."
              + a
              + " to the integration user's profile or a permission set to have it)");
    }
    return r;
  }

  static String progress(ObjectPuller.Result r, String mode) {
    if (!r.present) {
      return String.format(
          Locale.ROOT,
          "swoop sfdc: %-24s not in this org (or not visible): skipped, %d API calls",
          r.object,
          r.calls);
    }
    double secs = Math.max(r.millis, 1) / 1000.0;
    return String.format(
        Locale.ROOT,
        "swoop sfdc: %-24s %,d of %,d rows (%s) in %d pages, %d %s, %,.0f rows/s, %d API calls"
            + " (%d for data, at least %d needed)",
        r.object,
        r.rows,
        r.expected,
        mode,
        r.pages,
        r.api.equals("bulk") ? r.jobs : r.queries,
        r.api.equals("bulk") ? "Bulk API jobs" : "queries",
        r.rows / secs,
        r.calls,
        r.dataCalls,
        r.minCalls);
  }

  private Map<String, Object> summary(
      SfdcClient client,
      RawMirror.Version committed,
      Map<SfObject, ObjectPuller.Result> results,
      Map<SfObject, RawMirror.ObjectState> before,
      Map<SfObject, RawMirror.Merged> merged) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("source", "sfdc");
    s.put("auth", client.method());
    s.put("raw", mirror.dir());
    s.put("version", committed.name());
    s.put("api_calls", client.calls());
    s.put("auth_calls", client.authCalls());
    if (client.usageLimit() > 0) {
      s.put(
          "org_api_usage", Map.of("current", client.usageCurrent(), "limit", client.usageLimit()));
    }
    Map<String, Object> objects = new LinkedHashMap<>();
    Map<String, Object> watermarks = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    long dataCalls = 0;
    long minCalls = 0;
    for (Map.Entry<SfObject, ObjectPuller.Result> e : results.entrySet()) {
      ObjectPuller.Result r = e.getValue();
      RawMirror.ObjectState st = committed.state().objects().get(r.object);
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("present", r.present);
      o.put("mode", before.get(e.getKey()) == null ? "full" : "incremental");
      o.put("rows_fetched", r.rows);
      o.put("deleted_fetched", r.deleted);
      o.put("rows", st.rows());
      RawMirror.Merged m = merged.get(e.getKey());
      o.put("rows_kept", m == null ? 0L : m.kept());
      o.put("rows_removed", m == null ? 0L : m.removed());
      o.put("rows_hard_deleted", r.hardDeleted);
      o.put("queries", r.queries);
      o.put("pages", r.pages);
      o.put("api_calls", r.calls);
      o.put("data_calls", r.dataCalls);
      o.put("min_data_calls", r.minCalls);
      o.put("api", r.api);
      o.put("bulk_jobs", r.jobs);
      o.put("watermark", st.watermark());
      o.put("absent_fields", List.copyOf(r.absentFields));
      if (m != null && r.count != null) {
        reconcile(e.getKey(), r, m, o, warnings);
      }
      objects.put(r.object, o);
      watermarks.put(r.object, st.watermark());
      dataCalls += r.dataCalls;
      minCalls += r.minCalls;
    }
    s.put("data_calls", dataCalls);
    s.put("min_data_calls", minCalls);
    s.put("objects", objects);
    s.put("watermarks", watermarks);
    warnings.forEach(w -> System.err.println("swoop sfdc: WARNING " + w));
    s.put("warnings", warnings);
    return s;
  }

  /**
   * Compares the mirror with what Salesforce counted right after the pull, and for history objects
   * where Salesforce's retention has cut; records both sides in {@code o} and warns on a
   * difference.
   */
  private void reconcile(
      SfObject object,
      ObjectPuller.Result r,
      RawMirror.Merged m,
      Map<String, Object> o,
      List<String> warnings) {
    String name = object.apiName();
    Reconciliation.Count c = r.count;
    if (r.countFailure != null) {
      o.put("count_failure", r.countFailure);
    }
    if (c.liveRows() < 0) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "%s: Salesforce could not count its rows (%s), so %sthe mirror's %,d rows were not"
                  + " checked",
              name,
              c.failure(),
              r.countFailure == null || !r.countFailure.equals(c.failure())
                  ? ""
                  : "it was pulled " + r.countFallback + " and ",
              m.rows()));
      return;
    }
    if (r.countFailure != null) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "%s: Salesforce could not count the changes to pull (%s), so they were pulled %s",
              name,
              r.countFailure,
              r.countFallback));
    }
    o.put("salesforce_rows", c.liveRows());
    o.put("mirror_rows_compared", m.comparable());
    boolean history = Reconciliation.isHistory(object);
    if (history) {
      o.put("salesforce_oldest", c.oldest() == null ? null : c.oldest().toString());
      o.put("mirror_oldest", m.oldest() == null ? null : m.oldest().toString());
      o.put("rows_only_in_mirror", m.rows() - m.comparable());
      if (m.oldest() != null && (c.oldest() == null || m.oldest().isBefore(c.oldest()))) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "%s: Salesforce's oldest row is from %s, the mirror's from %s: Salesforce has"
                    + " purged older history, and the raw mirror %s is now the only copy of %,d"
                    + " rows; back it up",
                name,
                c.oldest() == null ? "nowhere (it holds none)" : c.oldest().toString(),
                m.oldest(),
                mirror.dir(),
                m.rows() - m.comparable()));
      }
    }
    if (m.comparable() != c.liveRows()) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "%s: the mirror holds %,d live rows%s, Salesforce counts %,d (%s); a record"
                  + " changed during the pull shows here and is picked up by the next one, a"
                  + " lasting difference means records are missed (run with --full)",
              name,
              m.comparable(),
              history ? " as old as Salesforce's oldest" : "",
              c.liveRows(),
              Soql.liveCount(object)));
    }
  }
}
