package io.swoop.model;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Builds the canonical model from any {@link Source}: parses every value, rejects records whose
 * required values cannot be read (keeping them in {@code rejected_rows}), drops deleted records and
 * records created after the snapshot, and stops the run when too many of an object's records were
 * rejected.
 */
public final class ModelBuilder {
  private static final Logger LOG = LogManager.getLogger(ModelBuilder.class);
  private static final int EXAMPLES = 3;

  private ModelBuilder() {}

  public static CanonicalModel build(
      SparkSession spark, Source source, SwoopConfig config, LocalDate snapshotDate) {
    Timestamp cutoff =
        Timestamp.from(snapshotDate.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    Map<SfObject, Dataset<Row>> tables = new EnumMap<>(SfObject.class);
    boolean hasEventRelations = false;
    java.util.Set<SfObject> absent = java.util.EnumSet.noneOf(SfObject.class);
    Map<String, CanonicalModel.ObjectStats> stats = new LinkedHashMap<>();
    List<Dataset<Row>> rejected = new ArrayList<>();
    // Each object's parse is one Spark job of a few tasks (one per file, or per split of it); one
    // object after another left all but one core idle most of the time. The sources are asked in
    // order on this thread and their jobs run together; results are taken in order, so counts,
    // messages and which error stops the run are those of the one-after-another order.
    List<PendingObject> pending = new ArrayList<>();
    RuntimeException readFailure = null;
    for (ObjectSpec spec : ObjectSpec.all(config.hireDateField(), config.terminationDateField())) {
      SfObject object = spec.object();
      Optional<Dataset<Row>> raw;
      try {
        raw = source.read(spark, spec);
      } catch (RuntimeException e) {
        // Raised only after the objects before it were checked, as when they ran one by one.
        readFailure = e;
        break;
      }
      if (raw.isEmpty()) {
        tables.put(object, spark.createDataFrame(List.of(), Canonical.schema(object)));
        absent.add(object);
        continue;
      }
      hasEventRelations |= object == SfObject.EVENT_RELATION;
      pending.add(new PendingObject(object, spec, raw.get(), cutoff));
    }
    ExecutorService pool = Futures.pool(pending.size(), "swoop-model");
    try {
      List<Future<CanonicalModel.ObjectStats>> counted = new ArrayList<>();
      for (PendingObject p : pending) {
        counted.add(pool.submit(() -> stats(p)));
      }
      List<CanonicalModel.ObjectStats> withoutDuplicates = new ArrayList<>();
      for (Future<CanonicalModel.ObjectStats> f : counted) {
        withoutDuplicates.add(Futures.await(f, "reading the input"));
      }
      long[] duplicates = duplicates(pending, withoutDuplicates);
      for (int i = 0; i < pending.size(); i++) {
        PendingObject p = pending.get(i);
        CanonicalModel.ObjectStats s = withDuplicates(p, withoutDuplicates.get(i), duplicates[i]);
        // Known to be empty: writing rejected_rows then need not scan the object's rows again.
        rejected.add(s.rejected() == 0 ? spark.createDataFrame(List.of(), p.bad.schema()) : p.bad);
        tables.put(p.object, s.duplicates() == 0 ? p.good : p.goodWithoutDuplicates());
        stats.put(p.object.apiName(), s);
        warn(p.object, s);
        checkRejectRatio(p.object, s, p.bad, config.maxRejectRatio());
      }
    } finally {
      Futures.finish(pool);
    }
    if (readFailure != null) {
      throw readFailure;
    }
    String unmeasured = unmeasured(absent);
    if (unmeasured != null) {
      LOG.warn(unmeasured);
    }
    // CONTRACT §3: without the Events they relate to, relations cannot tell a one-to-one either.
    hasEventRelations &= !absent.contains(SfObject.EVENT);
    Dataset<Row> allRejected =
        rejected.stream()
            .reduce(Dataset::unionAll)
            .orElse(spark.createDataFrame(List.of(), OutputTables.REJECTED_ROWS_SCHEMA));
    return new CanonicalModel(
        snapshotDate,
        tables.get(SfObject.USER),
        tables.get(SfObject.OPPORTUNITY),
        tables.get(SfObject.OPPORTUNITY_HISTORY),
        tables.get(SfObject.OPPORTUNITY_FIELD_HISTORY),
        tables.get(SfObject.TASK),
        tables.get(SfObject.EVENT),
        hasEventRelations ? Optional.of(tables.get(SfObject.EVENT_RELATION)) : Optional.empty(),
        tables.get(SfObject.USER_HISTORY),
        allRejected,
        stats);
  }

  /**
   * One line saying which optional inputs are absent and what that leaves unmeasured (a null or an
   * empty table means "not measured", never "none"); null when every input is there.
   */
  static String unmeasured(java.util.Set<SfObject> absent) {
    List<String> names = new ArrayList<>();
    List<String> effects = new ArrayList<>();
    boolean noTask = absent.contains(SfObject.TASK);
    boolean noEvent = absent.contains(SfObject.EVENT);
    for (SfObject o : absent) {
      names.add(o.apiName());
    }
    if (noTask && noEvent) {
      effects.add("manager_scorecard.activity_share is null (no activities)");
    } else if (noTask) {
      effects.add("activity_share counts Events only");
    } else if (noEvent) {
      effects.add("activity_share counts Tasks only");
    }
    if (noEvent || absent.contains(SfObject.EVENT_RELATION)) {
      effects.add(
          "coaching has no rows and coaching_hours_per_rep_week is null (one-to-ones need Event"
              + " and EventRelation)");
    }
    if (absent.contains(SfObject.USER_HISTORY)) {
      effects.add("every moment uses today's management chain (no UserHistory)");
    }
    if (names.isEmpty()) {
      return null;
    }
    return "Optional inputs absent: "
        + String.join(", ", names)
        + ". Not measured: "
        + String.join("; ", effects);
  }

  /** One object's parsed records and the tables cut from them, before they are counted. */
  private static final class PendingObject {
    final SfObject object;
    final ObjectSpec spec;
    final Dataset<Row> parsed;
    final Column isRejected = col(RecordParser.REJECT).isNotNull();
    // EventRelation's CreatedDate is optional: without it a row is never "after".
    final Column after;
    final Dataset<Row> bad;
    final Dataset<Row> good;

    PendingObject(SfObject object, ObjectSpec spec, Dataset<Row> raw, Timestamp cutoff) {
      this.object = object;
      this.spec = spec;
      RecordParser parser = new RecordParser(spec);
      // Kept, like persist(MEMORY_AND_DISK), the first time it is computed (by the counts); but
      // every later plan starts from the kept rows instead of the parse's large plan, which made
      // planning the signals (cache look-ups compare whole plans) cost more than computing them.
      this.parsed = raw.map(parser, Encoders.row(parser.outputSchema())).localCheckpoint(false);
      this.after = coalesce(col("created_date").geq(lit(cutoff)), lit(false));
      this.bad =
          parsed
              .filter(isRejected)
              .select(
                  lit(object.apiName()).as("object"),
                  col(ObjectSpec.LINE).as(ColumnNames.LINE),
                  col(RecordParser.RECORD_ID).as(ColumnNames.RECORD_ID),
                  col(RecordParser.REJECT).as(ColumnNames.REASON),
                  col(ObjectSpec.RAW).as(ColumnNames.RAW));
      this.good =
          parsed
              .filter(isRejected.or(col(Canonical.IS_DELETED)).or(after).unary_$bang())
              .select(columns(Canonical.schema(object).fieldNames()));
    }

    /** The records that are not rejected. */
    Dataset<Row> accepted() {
      return parsed.filter(isRejected.unary_$bang());
    }

    /** The canonical column of the Id. */
    String idColumn() {
      return column("Id");
    }

    /**
     * The records that are not rejected, one per Id: the one with the newest SystemModstamp, then
     * LastModifiedDate (where the object has them; a missing value is older than any), then the one
     * on the latest line (an export appended to a file is the newer one). Deleted and
     * after-snapshot records are dropped after this choice, so a newer deleted copy deletes.
     */
    Dataset<Row> withoutDuplicates() {
      List<Column> order = new ArrayList<>();
      for (String api : List.of("SystemModstamp", "LastModifiedDate")) {
        String c = column(api);
        if (c != null) {
          order.add(col(c).desc_nulls_last());
        }
      }
      order.add(col(ObjectSpec.LINE).desc());
      WindowSpec byId = Window.partitionBy(idColumn()).orderBy(order.toArray(Column[]::new));
      return accepted()
          .withColumn(RANK, row_number().over(byId))
          .filter(col(RANK).equalTo(1))
          .drop(RANK);
    }

    Dataset<Row> goodWithoutDuplicates() {
      return withoutDuplicates()
          .filter(col(Canonical.IS_DELETED).or(after).unary_$bang())
          .select(columns(Canonical.schema(object).fieldNames()));
    }

    private String column(String apiName) {
      for (FieldSpec f : spec.fields()) {
        if (f.apiName().equals(apiName)) {
          return f.column();
        }
      }
      return null;
    }
  }

  private static final String RANK = "_rank";

  /** Says once per object what the manifest counts that a person should act on. */
  private static void warn(SfObject object, CanonicalModel.ObjectStats s) {
    if (s.notUtf8() != null) {
      LOG.warn(
          "{} line {}: not UTF-8 (bytes {}); the file was probably saved as Latin-1/Windows-1252"
              + " - re-export it as UTF-8. Read with U+FFFD in their place: {}",
          object.fileName(),
          s.notUtf8().firstLine(),
          s.notUtf8().bytes(),
          s.notUtf8().values().isEmpty()
              ? "only values of columns swoop does not read"
              : s.notUtf8().values().entrySet().stream()
                  .map(e -> e.getValue() + " " + e.getKey())
                  .collect(Collectors.joining(", ")));
    }
    if (s.duplicates() > 0) {
      LOG.warn(
          "{}: {} records repeat the Id of another; one per Id is kept (the newest"
              + " SystemModstamp, then LastModifiedDate, then the later line)",
          object.fileName(),
          s.duplicates());
    }
  }

  private static Column[] columns(String[] names) {
    Column[] c = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      c[i] = col(names[i]);
    }
    return c;
  }

  /**
   * One pass over the parsed records counts everything the manifest reports but the duplicates,
   * which {@link #duplicates} counts for every object at once.
   */
  private static CanonicalModel.ObjectStats stats(PendingObject p) {
    ObjectSpec spec = p.spec;
    Dataset<Row> parsed = p.parsed;
    Column rejected = p.isRejected;
    Column after = p.after;
    Column notRejected = rejected.unary_$bang();
    Column notUtf8 = col(ObjectSpec.NOT_UTF8).isNotNull();
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(when(rejected, 1).otherwise(0)));
    aggs.add(sum(when(notRejected.and(col(Canonical.IS_DELETED)), 1).otherwise(0)));
    aggs.add(
        sum(
            when(notRejected.and(col(Canonical.IS_DELETED).unary_$bang()).and(after), 1)
                .otherwise(0)));
    List<String> optional = new ArrayList<>();
    for (FieldSpec f : spec.fields()) {
      if (!f.requiredColumn()) {
        optional.add(f.apiName());
        aggs.add(
            sum(
                when(notRejected.and(array_contains(col(RecordParser.BAD), f.apiName())), 1)
                    .otherwise(0)));
      }
    }
    // The first record holding bytes that are not UTF-8: a struct compares by its first field.
    aggs.add(min(when(notUtf8, struct(col(ObjectSpec.LINE), col(ObjectSpec.NOT_UTF8)))));
    Row r = parsed.agg(count(lit(1)), aggs.toArray(Column[]::new)).first();
    int first = r.size() - 1;
    long[] v = new long[first];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
    }
    Map<String, Long> unparseable = new TreeMap<>();
    for (int i = 0; i < optional.size(); i++) {
      if (v[4 + i] > 0) {
        unparseable.put(optional.get(i), v[4 + i]);
      }
    }
    long read = v[0];
    long nRejected = v[1];
    long deleted = v[2];
    long afterSnapshot = v[3];
    CanonicalModel.NotUtf8 bytes = null;
    if (!r.isNullAt(first)) {
      Row at = r.getStruct(first);
      Map<String, Long> values = new TreeMap<>();
      for (Row c :
          parsed
              .filter(notUtf8)
              .select(explode(col(RecordParser.REPLACED)).as("column"))
              .groupBy("column")
              .count()
              .collectAsList()) {
        values.put(c.getString(0), c.getLong(1));
      }
      bytes = new CanonicalModel.NotUtf8(at.getLong(0), at.getString(1), values);
    }
    return new CanonicalModel.ObjectStats(
        read,
        nRejected,
        0,
        deleted,
        afterSnapshot,
        read - nRejected - deleted - afterSnapshot,
        unparseable,
        bytes);
  }

  /**
   * How many of each object's records that are not rejected repeat the Id of another, counted for
   * every object in one query (a few Spark jobs instead of a few per object). Distinct 64-bit
   * hashes of the Ids are counted first (8 bytes a key instead of 18 characters: cheaper to hash
   * and shuffle); equal Ids hash alike, so as many hashes as records proves there is no duplicate,
   * and only fewer (a duplicate, or a collision) asks for the exact count of the Ids themselves.
   * Rejected records are left out first: they have no Id, and the hash of a missing value is a
   * value like any other.
   */
  private static long[] duplicates(
      List<PendingObject> pending, List<CanonicalModel.ObjectStats> counts) {
    long[] out = new long[pending.size()];
    Dataset<Row> hashes = null;
    for (int i = 0; i < pending.size(); i++) {
      PendingObject p = pending.get(i);
      Dataset<Row> h = p.accepted().select(lit(i).as(OBJECT), xxhash64(col(p.idColumn())).as(HASH));
      hashes = hashes == null ? h : hashes.unionAll(h);
    }
    if (hashes == null) {
      return out;
    }
    long[] distinct = new long[pending.size()];
    for (Row r : hashes.groupBy(OBJECT).agg(count_distinct(col(HASH))).collectAsList()) {
      distinct[r.getInt(0)] = r.getLong(1);
    }
    for (int i = 0; i < pending.size(); i++) {
      PendingObject p = pending.get(i);
      long records = counts.get(i).read() - counts.get(i).rejected();
      if (distinct[i] < records) {
        long ids = p.accepted().agg(count_distinct(col(p.idColumn()))).first().getLong(0);
        out[i] = records - ids;
      }
    }
    return out;
  }

  private static final String OBJECT = "_object";
  private static final String HASH = "_hash";

  /**
   * {@code s} with {@code duplicates} records dropped; the deleted and after-snapshot records are
   * then counted again among those kept, since a newer copy can delete a record or an older one can
   * be the one dropped.
   */
  private static CanonicalModel.ObjectStats withDuplicates(
      PendingObject p, CanonicalModel.ObjectStats s, long duplicates) {
    if (duplicates == 0) {
      return s;
    }
    Row k =
        p.withoutDuplicates()
            .agg(
                sum(when(col(Canonical.IS_DELETED), 1).otherwise(0)),
                sum(when(col(Canonical.IS_DELETED).unary_$bang().and(p.after), 1).otherwise(0)))
            .first();
    long deleted = k.isNullAt(0) ? 0 : k.getLong(0);
    long afterSnapshot = k.isNullAt(1) ? 0 : k.getLong(1);
    return new CanonicalModel.ObjectStats(
        s.read(),
        s.rejected(),
        duplicates,
        deleted,
        afterSnapshot,
        s.read() - s.rejected() - duplicates - deleted - afterSnapshot,
        s.unparseableOptional(),
        s.notUtf8());
  }

  private static void checkRejectRatio(
      SfObject object, CanonicalModel.ObjectStats s, Dataset<Row> bad, double maxRatio) {
    if (s.read() == 0 || (double) s.rejected() / s.read() <= maxRatio) {
      return;
    }
    StringBuilder examples = new StringBuilder();
    for (Row r : bad.orderBy(ColumnNames.LINE).limit(EXAMPLES).collectAsList()) {
      examples.append(
          String.format("%n  %s line %d: %s", object.fileName(), r.getLong(1), r.getString(3)));
    }
    throw SwoopException.badInput(
        "%s: %d of %d rows rejected (%.2f%%), more than %s = %s allows; first ones:%s",
        object.fileName(),
        s.rejected(),
        s.read(),
        100.0 * s.rejected() / s.read(),
        SwoopConfig.MAX_REJECT_RATIO,
        maxRatio,
        examples);
  }
}
