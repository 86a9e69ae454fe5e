package io.swoop.source.sfdc;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The raw mirror under {@code --raw DIR}: every object's records as Salesforce holds them now, as
 * text, one Parquet folder per object, plus the watermarks that say how far each object was pulled.
 *
 * <pre>
 * DIR/v00000007/_COMMITTED          empty; its presence makes this version the current one
 * DIR/v00000007/_state.json         per object: watermark, fields pulled, fields the org lacks, rows
 * DIR/v00000007/&lt;Object&gt;/*.parquet   one string column per field (API name) and _ts (modstamp, epoch ms)
 * DIR/v00000007/UserVersions/*.parquet every User version seen (see {@link UserVersions})
 * DIR/csv/&lt;Object&gt;.csv               only with extract --format csv: the mirror as Salesforce CSV exports
 * </pre>
 *
 * <p>An extract builds the next version beside the current one and makes it current by writing its
 * {@code _COMMITTED} marker last, so a crash at any point leaves the previous version, and its
 * watermarks, as they were; older versions and unfinished ones are then deleted. One extract at a
 * time may write to a folder.
 */
final class RawMirror {
  static final String COMMITTED = "_COMMITTED";
  static final String STATE = "_state.json";
  static final String DELTA = "_delta";
  static final String CSV = "csv";

  /** Mirror column: the record's modstamp in epoch milliseconds, for merging. */
  static final String TS = "_ts";

  private static final String PRIO = "_prio";
  private static final String PULLED = "_pulled";
  private static final String HAD = "_had";

  private static final Pattern VERSION = Pattern.compile("v(\\d{8})");
  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** What the current version holds of one object. */
  record ObjectState(
      String object,
      boolean present,
      String watermark,
      String stampField,
      List<String> fields,
      List<String> absentFields,
      long rows) {}

  /** The state file of a version. */
  record State(int version, String committedAt, String floor, Map<String, ObjectState> objects) {}

  /** One version folder. */
  record Version(int number, Path path, State state) {
    String name() {
      return path.getName();
    }

    Path object(String object) {
      return new Path(path, object);
    }
  }

  private final Path root;
  private final FileSystem fs;

  RawMirror(String dir, Configuration conf) {
    this.root = new Path(dir);
    try {
      this.fs = root.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the raw mirror folder " + dir, e);
    }
  }

  String dir() {
    return root.toString();
  }

  /** The current version: the highest one that was committed. */
  Optional<Version> current() {
    try {
      if (!fs.exists(root)) {
        return Optional.empty();
      }
      Version best = null;
      for (FileStatus s : fs.listStatus(root)) {
        Matcher m = VERSION.matcher(s.getPath().getName());
        if (s.isDirectory() && m.matches() && fs.exists(new Path(s.getPath(), COMMITTED))) {
          int n = Integer.parseInt(m.group(1));
          if (best == null || n > best.number()) {
            best = new Version(n, s.getPath(), null);
          }
        }
      }
      if (best == null) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(new Path(best.path(), STATE))) {
        return Optional.of(
            new Version(best.number(), best.path(), JSON.readValue(in, State.class)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the raw mirror in " + root, e);
    }
  }

  /** Creates the folder of the next version, after removing what an interrupted extract left. */
  Version begin() {
    try {
      fs.mkdirs(root);
      Optional<Version> cur = current();
      int highest = 0;
      for (FileStatus s : fs.listStatus(root)) {
        Matcher m = VERSION.matcher(s.getPath().getName());
        if (s.isDirectory() && m.matches()) {
          int n = Integer.parseInt(m.group(1));
          highest = Math.max(highest, n);
          if (cur.isEmpty() || n != cur.get().number()) {
            fs.delete(s.getPath(), true);
          }
        }
      }
      Path p = new Path(root, String.format("v%08d", highest + 1));
      fs.mkdirs(new Path(p, DELTA));
      return new Version(highest + 1, p, null);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a new version in the raw mirror " + root, e);
    }
  }

  /** Deletes an unfinished version (best effort: the next extract deletes it too). */
  void abandon(Version v) {
    try {
      fs.delete(v.path(), true);
    } catch (IOException | RuntimeException ignored) {
      // begin() removes it next time
    }
  }

  /** Makes {@code v} the current version, then deletes every other one. */
  Version commit(Version v, State state) {
    try {
      fs.delete(new Path(v.path(), DELTA), true);
      try (var out = fs.create(new Path(v.path(), STATE), true)) {
        out.write(JSON.writeValueAsBytes(state));
      }
      fs.create(new Path(v.path(), COMMITTED), false).close();
      for (FileStatus s : fs.listStatus(root)) {
        if (s.isDirectory()
            && VERSION.matcher(s.getPath().getName()).matches()
            && !s.getPath().getName().equals(v.name())) {
          fs.delete(s.getPath(), true);
        }
      }
      return new Version(v.number(), v.path(), state);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot commit version " + v.name() + " of the raw mirror " + root, e);
    }
  }

  /** A writer of one object's pulled records, as JSON lines, into the version's staging folder. */
  DeltaWriter delta(Version v, String object) {
    try {
      return new DeltaWriter(
          fs.create(new Path(new Path(v.path(), DELTA), object + ".jsonl"), true));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to the raw mirror " + root, e);
    }
  }

  /**
   * What a merge wrote: {@code rows} live rows now; {@code kept} of them come from earlier pulls
   * (not returned this time); {@code removed} rows of the previous version are gone (reported
   * deleted, or not returned by a full pull where the pull is the truth); {@code comparable} the
   * rows Salesforce should count too (for history, those not older than Salesforce's oldest);
   * {@code oldest} the oldest CreatedDate, null when there is none.
   */
  record Merged(long rows, long kept, long removed, long comparable, Instant oldest) {}

  /**
   * Writes {@code object} of version {@code next}: the pulled records merged by Id into the
   * previous version's (when {@code previous} is not null), the newest modstamp winning (the pulled
   * row on a tie; a record pulled twice is kept once, whatever the order it came in), deleted
   * records removed. When {@code pullIsTruth}, records of the previous version that this pull did
   * not return are dropped (a full pull of an object that is not history); otherwise they stay. A
   * previous row lacking a field of {@code fields} (the field list grew) gets null there.
   *
   * @param comparableSince only rows whose CreatedDate is at or after it are {@code comparable};
   *     null = all rows
   */
  Merged merge(
      SparkSession spark,
      Version previous,
      Version next,
      String object,
      List<String> fields,
      boolean pullIsTruth,
      Instant comparableSince) {
    List<StructField> f = new ArrayList<>();
    for (String name : fields) {
      f.add(DataTypes.createStructField(name, DataTypes.StringType, true));
    }
    f.add(DataTypes.createStructField(TS, DataTypes.LongType, true));
    StructType schema = new StructType(f.toArray(StructField[]::new));
    Dataset<Row> merged =
        spark
            .read()
            .schema(schema)
            .json(new Path(new Path(next.path(), DELTA), object + ".jsonl").toString())
            .withColumn(PRIO, lit(1));
    ObjectState before = previous == null ? null : previous.state().objects().get(object);
    if (before != null && before.present()) {
      Dataset<Row> old = spark.read().parquet(previous.object(object).toString());
      merged = aligned(old, schema).withColumn(PRIO, lit(0)).unionByName(merged);
    } else {
      before = null;
    }
    String id = find(fields, "Id");
    WindowSpec byId = Window.partitionBy(col(id));
    merged =
        merged
            .withColumn(
                "_rn", row_number().over(byId.orderBy(col(TS).desc_nulls_last(), col(PRIO).desc())))
            .withColumn(PULLED, max(col(PRIO)).over(byId))
            .withColumn(HAD, min(col(PRIO)).over(byId))
            .filter(col("_rn").equalTo(1))
            .drop("_rn");
    if (pullIsTruth) {
      merged = merged.filter(col(PULLED).equalTo(1));
    }
    String deleted = find(fields, "IsDeleted");
    if (deleted != null) {
      Column isDeleted = lower(col(deleted)).isin("true", "1");
      merged = merged.filter(isDeleted.isNull().or(isDeleted.unary_$bang()));
    }
    String createdField = find(fields, "CreatedDate");
    Column created =
        createdField == null
            ? lit(null).cast(DataTypes.TimestampType)
            : col(createdField).try_cast(DataTypes.TimestampType);
    Column comparable =
        comparableSince == null
            ? lit(1)
            : when(created.geq(lit(java.sql.Timestamp.from(comparableSince))), 1).otherwise(0);
    Observation counts = new Observation("merge-" + object);
    merged =
        merged.observe(
            counts,
            count(lit(1)).as("rows"),
            coalesce(sum(when(col(PRIO).equalTo(0), 1).otherwise(0)), lit(0L)).as("kept"),
            coalesce(sum(when(col(HAD).equalTo(0), 1).otherwise(0)), lit(0L)).as("survived"),
            coalesce(sum(comparable), lit(0L)).as("comparable"),
            min(created).as("oldest"));
    Path out = next.object(object);
    merged
        .drop(PRIO, PULLED, HAD)
        .coalesce(1)
        .sortWithinPartitions(col(id))
        .write()
        .mode("overwrite")
        .parquet(out.toString());
    Map<String, Object> c;
    try {
      c = counts.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while merging " + object, e);
    }
    long rows = rowCount(out);
    long survived = ((Number) c.get("survived")).longValue();
    Object oldest = c.get("oldest");
    return new Merged(
        rows,
        ((Number) c.get("kept")).longValue(),
        before == null ? 0 : Math.max(0, before.rows() - survived),
        ((Number) c.get("comparable")).longValue(),
        oldest instanceof java.sql.Timestamp t
            ? t.toInstant()
            : oldest instanceof Instant i ? i : null);
  }

  /**
   * Keeps of {@code object} in version {@code next} (not yet committed) only the records whose Id
   * is in {@code ids} (JSON lines of {@code {"Id": ...}}, as a {@link DeltaWriter} writes them);
   * returns how many it removed.
   */
  long retainIds(SparkSession spark, Version next, String object, String idField, Path ids) {
    Path folder = next.object(object);
    Path kept = new Path(new Path(next.path(), DELTA), object + ".kept");
    long before = rowCount(folder);
    Dataset<Row> rows = spark.read().parquet(folder.toString());
    Dataset<Row> live =
        spark
            .read()
            .schema(new StructType().add("Id", DataTypes.StringType))
            .json(ids.toString())
            .withColumnRenamed("Id", "_live_id");
    rows.join(live, rows.col(idField).equalTo(live.col("_live_id")), "left_semi")
        .coalesce(1)
        .sortWithinPartitions(col(idField))
        .write()
        .mode("overwrite")
        .parquet(kept.toString());
    try {
      fs.delete(folder, true);
      if (!fs.rename(kept, folder)) {
        throw new IOException("cannot rename " + kept + " to " + folder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rewrite " + object + " in the raw mirror " + root, e);
    }
    return before - rowCount(folder);
  }

  /** Where {@link #retainIds} reads the Ids Salesforce holds of {@code object}. */
  Path idsFile(Version next, String object) {
    return new Path(new Path(next.path(), DELTA), object + ".ids.jsonl");
  }

  /** A writer of the Ids Salesforce holds of {@code object}, for {@link #retainIds}. */
  DeltaWriter ids(Version next, String object) {
    try {
      return new DeltaWriter(fs.create(idsFile(next, object), true));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to the raw mirror " + root, e);
    }
  }

  /**
   * The previous version's rows with {@code schema}'s columns: null where a field was not pulled.
   */
  private static Dataset<Row> aligned(Dataset<Row> old, StructType schema) {
    Map<String, String> have = new LinkedHashMap<>();
    for (String c : old.columns()) {
      have.putIfAbsent(c.toLowerCase(Locale.ROOT), c);
    }
    Column[] cols = new Column[schema.size()];
    for (int i = 0; i < cols.length; i++) {
      StructField field = schema.fields()[i];
      String name = have.get(field.name().toLowerCase(Locale.ROOT));
      cols[i] =
          (name == null ? lit(null).cast(field.dataType()) : col(name).cast(field.dataType()))
              .as(field.name());
    }
    return old.select(cols);
  }

  /** Rows of a Parquet folder, from the files' footers. */
  private long rowCount(Path folder) {
    long n = 0;
    try {
      for (FileStatus s : fs.listStatus(folder)) {
        if (s.isFile() && s.getPath().getName().endsWith(".parquet")) {
          try (ParquetFileReader r =
              ParquetFileReader.open(HadoopInputFile.fromStatus(s, fs.getConf()))) {
            n += r.getRecordCount();
          }
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + folder, e);
    }
  }

  static String find(List<String> fields, String name) {
    for (String f : fields) {
      if (f.equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  /**
   * Writes the version as Salesforce CSV exports (CONTRACT §2: UTF-8, header of API names, RFC 4180
   * quoting) into {@code DIR/csv/<Object>.csv}, replacing what was there. Returns that folder.
   */
  String writeCsv(SparkSession spark, Version v) {
    Path target = new Path(root, CSV);
    Path tmp = new Path(root, CSV + ".tmp");
    try {
      fs.delete(tmp, true);
      fs.mkdirs(tmp);
      Map<String, Dataset<Row>> objects = new LinkedHashMap<>();
      for (ObjectState o : v.state().objects().values()) {
        if (o.present()) {
          objects.put(o.object(), spark.read().parquet(v.object(o.object()).toString()).drop(TS));
        }
      }
      // With the UserHistory rows the User versions imply, so the exports read as the mirror does.
      UserVersions.userHistory(spark, v).ifPresent(h -> objects.put(UserVersions.HISTORY, h));
      for (Map.Entry<String, Dataset<Row>> o : objects.entrySet()) {
        Dataset<Row> rows = o.getValue();
        String[] names = rows.columns();
        try (Writer w =
            new BufferedWriter(
                new OutputStreamWriter(
                    fs.create(new Path(tmp, o.getKey() + ".csv"), true), StandardCharsets.UTF_8),
                1 << 16)) {
          w.write(Csv.line(names));
          w.write("\r\n");
          Iterator<Row> it = rows.toLocalIterator();
          String[] values = new String[names.length];
          while (it.hasNext()) {
            Row r = it.next();
            for (int i = 0; i < names.length; i++) {
              values[i] = r.getString(i);
            }
            w.write(Csv.line(values));
            w.write("\r\n");
          }
        }
      }
      fs.delete(target, true);
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
      return target.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the CSV exports into " + target, e);
    }
  }

  /**
   * Writes one object's pulled records as JSON lines: {@code {"Field": "text", ..., "_ts":
   * millis}}.
   */
  static final class DeltaWriter implements ObjectPuller.RowSink, AutoCloseable {
    private final JsonGenerator out;

    private DeltaWriter(java.io.OutputStream stream) throws IOException {
      this.out =
          new ObjectMapper()
              .getFactory()
              .createGenerator(
                  new BufferedWriter(
                      new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16));
      out.setRootValueSeparator(null);
    }

    @Override
    public void write(Map<String, String> values, long stampMillis) throws IOException {
      out.writeStartObject();
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (e.getValue() != null) {
          out.writeStringField(e.getKey(), e.getValue());
        }
      }
      out.writeNumberField(TS, stampMillis);
      out.writeEndObject();
      out.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** The state of every object, keyed by API name, in pull order. */
  static Map<String, ObjectState> byObject(List<ObjectState> states) {
    Map<String, ObjectState> m = new LinkedHashMap<>();
    states.forEach(s -> m.put(s.object(), s));
    return m;
  }
}
