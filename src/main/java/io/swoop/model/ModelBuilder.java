package io.swoop.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.swoop.config.SwoopConfig;
import io.swoop.job.SwoopException;
import io.swoop.source.Source;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the canonical model from any {@link Source}: parses every value, rejects records whose
 * required values cannot be read (keeping them in {@code rejected_rows}), drops deleted records
 * and records created after the snapshot, and stops the run when too many of an object's records
 * were rejected.
 */
public final class ModelBuilder {
  private static final int EXAMPLES = 3;

  private ModelBuilder() {}

  public static CanonicalModel build(
      SparkSession spark, Source source, SwoopConfig config, LocalDate snapshotDate) {
    Timestamp cutoff =
        Timestamp.from(snapshotDate.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    Map<SfObject, Dataset<Row>> tables = new EnumMap<>(SfObject.class);
    boolean hasEventRelations = false;
    Map<String, CanonicalModel.ObjectStats> stats = new LinkedHashMap<>();
    List<Dataset<Row>> rejected = new ArrayList<>();
    for (SfObject object : SfObject.values()) {
      ObjectSpec spec = ObjectSpec.of(object, config.hireDateField(), config.terminationDateField());
      RecordParser parser = new RecordParser(spec);
      Optional<Dataset<Row>> raw = source.read(spark, spec);
      if (raw.isEmpty()) {
        tables.put(object, spark.createDataFrame(List.of(), Canonical.schema(object)));
        continue;
      }
      hasEventRelations |= object == SfObject.EVENT_RELATION;
      // Kept, like persist(MEMORY_AND_DISK), the first time it is computed; but every later plan
      // starts from the kept rows instead of the parse's large plan, which made planning the
      // signals (cache look-ups compare whole plans) cost more than computing them.
      Dataset<Row> parsed =
          raw.get().map(parser, Encoders.row(parser.outputSchema())).localCheckpoint(false);
      Column isRejected = col(RecordParser.REJECT).isNotNull();
      // EventRelation's CreatedDate is optional: without it a row is never "after".
      Column after = coalesce(col("created_date").geq(lit(cutoff)), lit(false));
      Dataset<Row> bad =
          parsed
              .filter(isRejected)
              .select(
                  lit(object.apiName()).as("object"),
                  col(ObjectSpec.LINE).as("line"),
                  col(RecordParser.RECORD_ID).as("record_id"),
                  col(RecordParser.REJECT).as("reason"),
                  col(ObjectSpec.RAW).as("raw"));
      rejected.add(bad);
      Dataset<Row> good =
          parsed.filter(isRejected.or(col(Canonical.IS_DELETED)).or(after).unary_$bang());
      tables.put(object, good.select(columns(Canonical.schema(object).fieldNames())));
      CanonicalModel.ObjectStats s = stats(spec, parsed, isRejected, after);
      stats.put(object.apiName(), s);
      checkRejectRatio(object, s, bad, config.maxRejectRatio());
    }
    Dataset<Row> allRejected = rejected.stream().reduce(Dataset::unionAll)
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
        allRejected,
        stats);
  }

  private static Column[] columns(String[] names) {
    Column[] c = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      c[i] = col(names[i]);
    }
    return c;
  }

  /** One pass over the parsed records counts everything the manifest reports. */
  private static CanonicalModel.ObjectStats stats(
      ObjectSpec spec, Dataset<Row> parsed, Column rejected, Column after) {
    Column notRejected = rejected.unary_$bang();
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(when(rejected, 1).otherwise(0)));
    aggs.add(sum(when(notRejected.and(col(Canonical.IS_DELETED)), 1).otherwise(0)));
    aggs.add(
        sum(when(notRejected.and(col(Canonical.IS_DELETED).unary_$bang()).and(after), 1).otherwise(0)));
    List<String> optional = new ArrayList<>();
    for (FieldSpec f : spec.fields()) {
      if (!f.requiredColumn()) {
        optional.add(f.apiName());
        aggs.add(sum(when(notRejected.and(array_contains(col(RecordParser.BAD), f.apiName())), 1).otherwise(0)));
      }
    }
    Row r = parsed.agg(count(lit(1)), aggs.toArray(Column[]::new)).first();
    long[] v = new long[r.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
    }
    Map<String, Long> unparseable = new TreeMap<>();
    for (int i = 0; i < optional.size(); i++) {
      if (v[4 + i] > 0) {
        unparseable.put(optional.get(i), v[4 + i]);
      }
    }
    return new CanonicalModel.ObjectStats(v[0], v[1], v[2], v[3], v[0] - v[1] - v[2] - v[3], unparseable);
  }

  private static void checkRejectRatio(
      SfObject object, CanonicalModel.ObjectStats s, Dataset<Row> bad, double maxRatio) {
    if (s.read() == 0 || (double) s.rejected() / s.read() <= maxRatio) {
      return;
    }
    StringBuilder examples = new StringBuilder();
    for (Row r : bad.orderBy("line").limit(EXAMPLES).collectAsList()) {
      examples.append(String.format("%n  %s line %d: %s", object.fileName(), r.getLong(1), r.getString(3)));
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
