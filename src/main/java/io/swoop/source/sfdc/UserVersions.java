package io.swoop.source.sfdc;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.swoop.model.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The versions of {@code User} the raw mirror has seen (CONTRACT §4), and the {@code UserHistory}
 * rows they imply: a nightly mirror builds the org chart's history from its first pull on, even in
 * an org without User field history.
 *
 * <pre>
 * DIR/v00000007/UserVersions/*.parquet   Id, ManagerId, IsActive, SystemModstamp (text as pulled), _ts
 * </pre>
 *
 * <p>A version is kept when a pull returns a user whose ManagerId or IsActive differs from the
 * mirror's latest version of that user; each difference is a manager change or an activation change
 * dated at the new version's SystemModstamp, its OldValue from the older version. A change that the
 * org's own {@code UserHistory} also records (same user, field and NewValue, created after the
 * older version's SystemModstamp and not after the newer one's) is left to that row, whose date is
 * the exact one.
 */
final class UserVersions {
  /** The folder of the versions in a mirror version, beside the objects' folders. */
  static final String FOLDER = "UserVersions";

  /** The object whose rows the versions add to. */
  static final String HISTORY = io.swoop.model.SfObject.USER_HISTORY.apiName();

  static final String USER = io.swoop.model.SfObject.USER.apiName();

  static final String ID = "Id";
  static final String MANAGER_ID = "ManagerId";
  static final String IS_ACTIVE = "IsActive";
  static final String SYSTEM_MODSTAMP = "SystemModstamp";

  /** The fields of a synthetic UserHistory row, as in a pulled one (CONTRACT §2). */
  static final List<String> HISTORY_FIELDS =
      io.swoop.model.SfObject.USER_HISTORY.fields().stream()
          .map(io.swoop.model.FieldSpec::apiName)
          .toList();

  /** DataType of a synthetic manager change: the Id row of a lookup field, never a name row. */
  static final String ENTITY_ID = "EntityId";

  static final String BOOLEAN = "Boolean";

  /** Where synthetic Ids start: the key prefix no Salesforce record has (the empty key's). */
  static final String SYNTHETIC_PREFIX = "000";

  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(ID, DataTypes.StringType, true),
            DataTypes.createStructField(MANAGER_ID, DataTypes.StringType, true),
            DataTypes.createStructField(IS_ACTIVE, DataTypes.StringType, true),
            DataTypes.createStructField(SYSTEM_MODSTAMP, DataTypes.StringType, true),
            DataTypes.createStructField(RawMirror.TS, DataTypes.LongType, true)
          });

  private static final String PRIO = "_prio";
  private static final String FROM = "_from";
  private static final String KIND = "_kind";
  private static final String VALUE = "_value";

  private static final UserDefinedFunction SYNTHETIC_ID =
      udf((UDF3<String, String, Long, String>) UserVersions::syntheticId, DataTypes.StringType);

  private UserVersions() {}

  /** What {@link #write} kept: the versions now, and those first seen in this pull. */
  record Counts(long rows, long added) {}

  /**
   * The versions after a pull: those of {@code before}, plus each row of {@code users} (the
   * mirror's User rows after the pull) whose ManagerId or IsActive differs from the latest earlier
   * version of its user; only users that {@code users} still holds. Both in {@link #SCHEMA}; the
   * result has one more column, {@code _prio}: 1 for a version first seen in {@code users}.
   */
  static Dataset<Row> next(Dataset<Row> before, Dataset<Row> users) {
    Dataset<Row> all =
        before
            .select(columns())
            .withColumn(PRIO, lit(0))
            .unionByName(users.select(columns()).withColumn(PRIO, lit(1)));
    WindowSpec byTime = Window.partitionBy(col(ID)).orderBy(col(RawMirror.TS), col(PRIO));
    Column changed =
        row_number()
            .over(byTime)
            .equalTo(1)
            .or(
                not(
                    managerKey(col(MANAGER_ID))
                        .eqNullSafe(lag(managerKey(col(MANAGER_ID)), 1).over(byTime))))
            .or(
                not(
                    activeKey(col(IS_ACTIVE))
                        .eqNullSafe(lag(activeKey(col(IS_ACTIVE)), 1).over(byTime))));
    return all.withColumn("_changed", changed)
        .filter(col("_changed"))
        .drop("_changed")
        .join(users.select(col(ID)).distinct(), ID, "left_semi")
        .select(
            col(ID),
            col(MANAGER_ID),
            col(IS_ACTIVE),
            col(SYSTEM_MODSTAMP),
            col(RawMirror.TS),
            col(PRIO));
  }

  private static Column[] columns() {
    return java.util.Arrays.stream(SCHEMA.fieldNames())
        .map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new);
  }

  private static Column not(Column c) {
    return c.unary_$bang();
  }

  /**
   * The UserHistory rows the versions imply, in {@link #HISTORY_FIELDS} (text as Salesforce writes
   * it) plus {@code _ts}, the change's time in epoch ms, and {@code _from}, the older version's.
   */
  static Dataset<Row> changes(Dataset<Row> versions) {
    WindowSpec byTime = Window.partitionBy(col(ID)).orderBy(col(RawMirror.TS));
    Dataset<Row> paired =
        versions
            .withColumn("_rn", row_number().over(byTime))
            .withColumn("_old_manager", lag(col(MANAGER_ID), 1).over(byTime))
            .withColumn("_old_active", lag(col(IS_ACTIVE), 1).over(byTime))
            .withColumn(FROM, lag(col(RawMirror.TS), 1).over(byTime))
            .filter(col("_rn").gt(1));
    Dataset<Row> managers =
        paired
            .filter(not(managerKey(col(MANAGER_ID)).eqNullSafe(managerKey(col("_old_manager")))))
            .select(change(MANAGER_ID, col("_old_manager"), col(MANAGER_ID), ENTITY_ID));
    Dataset<Row> active =
        paired
            .filter(not(activeKey(col(IS_ACTIVE)).eqNullSafe(activeKey(col("_old_active")))))
            .select(change(IS_ACTIVE, col("_old_active"), col(IS_ACTIVE), BOOLEAN));
    return managers.unionByName(active);
  }

  private static Column[] change(String field, Column oldValue, Column newValue, String dataType) {
    return new Column[] {
      SYNTHETIC_ID.apply(col(ID), lit(field), col(RawMirror.TS)).as("Id"),
      col(ID).as("UserId"),
      lit(field).as("Field"),
      oldValue.as("OldValue"),
      newValue.as("NewValue"),
      col(SYSTEM_MODSTAMP).as("CreatedDate"),
      lit(null).cast(DataTypes.StringType).as("CreatedById"),
      lit(dataType).as("DataType"),
      lit("false").as("IsDeleted"),
      col(RawMirror.TS),
      col(FROM)
    };
  }

  /**
   * The {@code changes} that no row of {@code history} (the org's pulled UserHistory: UserId,
   * Field, NewValue, IsDeleted, _ts its CreatedDate in epoch ms) records: one that does is a live
   * row of the same user and field (ManagerId or Manager; IsActive) with the same NewValue, created
   * after the older version and not after the newer one. Without the columns {@code _ts} and {@code
   * _from}.
   */
  static Dataset<Row> uncovered(Dataset<Row> changes, Dataset<Row> history) {
    Column field = lower(col("Field"));
    Column kind =
        when(field.isin("managerid", "manager"), lit(MANAGER_ID))
            .when(field.equalTo("isactive"), lit(IS_ACTIVE));
    Column deleted = lower(coalesce(col("IsDeleted"), lit(""))).isin("true", "1");
    Dataset<Row> h =
        history
            .filter(not(deleted))
            .withColumn(KIND, kind)
            .filter(col(KIND).isNotNull())
            .select(
                substring(col("UserId"), 1, 15).as("_h_user"),
                col(KIND).as("_h_kind"),
                valueKey(col(KIND), col("NewValue")).as("_h_value"),
                col(RawMirror.TS).as("_h_ts"));
    Column covered =
        substring(col("UserId"), 1, 15)
            .equalTo(col("_h_user"))
            .and(col("Field").equalTo(col("_h_kind")))
            .and(valueKey(col("Field"), col("NewValue")).equalTo(col("_h_value")))
            .and(col("_h_ts").gt(col(FROM)))
            .and(col("_h_ts").leq(col(RawMirror.TS)));
    return changes.join(h, covered, "left_anti").drop(RawMirror.TS, FROM);
  }

  private static Column valueKey(Column kind, Column value) {
    return when(kind.equalTo(MANAGER_ID), managerKey(value)).otherwise(activeKey(value));
  }

  /** A user Id compared by its 15 case-sensitive characters; empty and null are "no manager". */
  private static Column managerKey(Column id) {
    return substring(coalesce(id, lit("")), 1, 15);
  }

  private static Column activeKey(Column flag) {
    Column f = lower(coalesce(flag, lit("")));
    return when(f.isin("true", "1"), lit("true"))
        .when(f.isin("false", "0"), lit("false"))
        .otherwise(f);
  }

  /**
   * The Id of a synthetic UserHistory row: {@value #SYNTHETIC_PREFIX} and twelve characters of a
   * hash of the user, the field and the time, so the same change has the same Id in every version
   * of the mirror; 18 characters.
   */
  static String syntheticId(String userId, String field, Long millis) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((userId + "|" + field + "|" + millis).getBytes(StandardCharsets.UTF_8));
      String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
      StringBuilder s = new StringBuilder(SYNTHETIC_PREFIX);
      for (int i = 0; i < 12; i++) {
        s.append(alphabet.charAt((h[i] & 0xff) % alphabet.length()));
      }
      return Ids.to18(s.toString());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The versions folder of {@code v}. */
  static Path folder(RawMirror.Version v) {
    return v.object(FOLDER);
  }

  /** Whether {@code v} holds versions (a mirror written before they were kept does not). */
  static boolean present(SparkSession spark, RawMirror.Version v) {
    try {
      Path p = folder(v);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the raw mirror " + v.path(), e);
    }
  }

  /**
   * Writes the versions of {@code next}, whose {@code User} is already merged: those of {@code
   * previous} (its User rows, when it predates versions; none without a previous version) and the
   * users that changed.
   */
  static Counts write(SparkSession spark, RawMirror.Version previous, RawMirror.Version next) {
    Dataset<Row> users = aligned(spark.read().parquet(next.object(USER).toString()));
    Dataset<Row> before;
    if (previous == null || !previous.state().objects().containsKey(USER)) {
      before = spark.createDataFrame(List.of(), SCHEMA);
    } else if (present(spark, previous)) {
      before = aligned(spark.read().parquet(folder(previous).toString()));
    } else {
      before = aligned(spark.read().parquet(previous.object(USER).toString()));
    }
    Observation counts = new Observation("user-versions");
    Dataset<Row> versions =
        next(before, users)
            .observe(
                counts,
                count(lit(1)).as("rows"),
                coalesce(sum(when(col(PRIO).equalTo(1), 1).otherwise(0)), lit(0L)).as("added"));
    versions
        .drop(PRIO)
        .coalesce(1)
        .sortWithinPartitions(col(ID), col(RawMirror.TS))
        .write()
        .mode("overwrite")
        .parquet(folder(next).toString());
    try {
      Map<String, Object> c = counts.getAsJava();
      return new Counts(
          ((Number) c.get("rows")).longValue(), ((Number) c.get("added")).longValue());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while keeping the versions of User", e);
    }
  }

  /**
   * The UserHistory rows of {@code v}'s versions, in {@link #HISTORY_FIELDS}, less those its pulled
   * UserHistory (when {@code pulledHistory}) holds already; empty when {@code v} holds no versions.
   */
  static Dataset<Row> synthetic(SparkSession spark, RawMirror.Version v, boolean pulledHistory) {
    if (!present(spark, v)) {
      return spark.createDataFrame(List.of(), historySchema());
    }
    Dataset<Row> changes = changes(aligned(spark.read().parquet(folder(v).toString())));
    if (pulledHistory) {
      Dataset<Row> h = spark.read().parquet(v.object(HISTORY).toString());
      Map<String, String> have = new LinkedHashMap<>();
      for (String c : h.columns()) {
        have.putIfAbsent(c.toLowerCase(Locale.ROOT), c);
      }
      List<Column> cols = new ArrayList<>();
      for (String name : List.of("UserId", "Field", "NewValue", "IsDeleted")) {
        String c = have.get(name.toLowerCase(Locale.ROOT));
        cols.add((c == null ? lit(null).cast(DataTypes.StringType) : col(c)).as(name));
      }
      cols.add(col(RawMirror.TS));
      return uncovered(changes, h.select(cols.toArray(Column[]::new)));
    }
    return changes.drop(RawMirror.TS, FROM);
  }

  /**
   * The mirror's UserHistory as {@code v} holds it (CONTRACT §4): the pulled rows, where the org
   * exposes the object, with the synthetic rows of the versions in the pulled rows' columns (or in
   * {@link #HISTORY_FIELDS} when nothing was pulled); empty when the org has no UserHistory and the
   * versions hold no change yet, as an export without {@code UserHistory.csv}.
   */
  static java.util.Optional<Dataset<Row>> userHistory(SparkSession spark, RawMirror.Version v) {
    RawMirror.ObjectState state = v.state().objects().get(HISTORY);
    boolean pulled = state != null && state.present();
    Dataset<Row> synthetic = synthetic(spark, v, pulled);
    if (!pulled) {
      return synthetic.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(synthetic);
    }
    Dataset<Row> rows = spark.read().parquet(v.object(HISTORY).toString()).drop(RawMirror.TS);
    Map<String, String> have = new LinkedHashMap<>();
    for (String c : synthetic.columns()) {
      have.put(c.toLowerCase(Locale.ROOT), c);
    }
    List<Column> cols = new ArrayList<>();
    for (String c : rows.columns()) {
      String s = have.get(c.toLowerCase(Locale.ROOT));
      cols.add((s == null ? lit(null).cast(DataTypes.StringType) : col(s)).as(c));
    }
    return java.util.Optional.of(rows.unionByName(synthetic.select(cols.toArray(Column[]::new))));
  }

  static StructType historySchema() {
    StructType s = new StructType();
    for (String f : HISTORY_FIELDS) {
      s = s.add(f, DataTypes.StringType, true);
    }
    return s;
  }

  /** {@code rows} with {@link #SCHEMA}'s columns, matched by name in any case. */
  private static Dataset<Row> aligned(Dataset<Row> rows) {
    Map<String, String> have = new LinkedHashMap<>();
    for (String c : rows.columns()) {
      have.putIfAbsent(c.toLowerCase(Locale.ROOT), c);
    }
    Column[] cols = new Column[SCHEMA.size()];
    for (int i = 0; i < cols.length; i++) {
      StructField f = SCHEMA.fields()[i];
      String name = have.get(f.name().toLowerCase(Locale.ROOT));
      cols[i] =
          (name == null ? lit(null).cast(f.dataType()) : col(name).cast(f.dataType())).as(f.name());
    }
    return rows.select(cols);
  }
}
