package io.swoop.source.sfdc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.swoop.core.SwoopException;
import io.swoop.model.ObjectSpec;
import io.swoop.model.Source;
import io.swoop.source.export.CsvRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * Reads one committed version of the raw mirror as a {@link Source}: each object's rows in order of
 * Id, {@code _line} their 1-based ordinal, {@code _raw} the record as a CSV line of the spec's
 * fields, {@code _error} null. A field the org lacks (an optional one) reads as null, as a missing
 * optional column of an export does; an empty value of a field it has reads as {@code ""}, as an
 * empty field of an export does. UserHistory is the pulled rows and those the User versions imply
 * ({@link UserVersions#userHistory}). Closing it deletes a temporary mirror.
 */
public final class MirrorSource implements Source, AutoCloseable {
  private final RawMirror.Version version;
  private final Map<String, Object> summary;
  private final Path temporary;

  MirrorSource(RawMirror.Version version, Map<String, Object> summary, Path temporary) {
    this.version = version;
    this.summary = summary;
    this.temporary = temporary;
  }

  @Override
  public Optional<Dataset<Row>> read(SparkSession spark, ObjectSpec spec) {
    String object = spec.object().apiName();
    RawMirror.ObjectState state = version.state().objects().get(object);
    Dataset<Row> mirror;
    if (object.equals(UserVersions.HISTORY)) {
      Optional<Dataset<Row>> history = UserVersions.userHistory(spark, version);
      if (history.isEmpty()) {
        return Optional.empty();
      }
      mirror = history.get();
    } else if (state == null || !state.present()) {
      if (spec.object().requiredFile()) {
        throw SwoopException.sourceFailed(
            "The raw mirror "
                + version.path()
                + " has no "
                + object
                + "; run the extract with --full",
            null);
      }
      return Optional.empty();
    } else {
      mirror = spark.read().parquet(version.object(object).toString());
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (String c : mirror.columns()) {
      columns.putIfAbsent(c.toLowerCase(Locale.ROOT), c);
    }
    List<String> names = spec.apiNames();
    Column[] select = new Column[names.size()];
    boolean[] present = new boolean[names.size()];
    for (int i = 0; i < select.length; i++) {
      String have = columns.get(names.get(i).toLowerCase(Locale.ROOT));
      present[i] = have != null;
      select[i] =
          (have == null ? lit(null).cast(DataTypes.StringType) : col(have)).as(names.get(i));
    }
    JavaRDD<Row> rows =
        mirror
            .select(select)
            .orderBy(col(names.get(0)))
            .javaRDD()
            .zipWithIndex()
            .map(new ToRaw(present));
    return Optional.of(spark.createDataFrame(rows, spec.rawSchema()));
  }

  @Override
  public Map<String, Object> describe() {
    return summary;
  }

  /** Deletes the mirror when it was a temporary one (run without --raw). */
  @Override
  public void close() {
    if (temporary != null) {
      deleteTree(temporary);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder; the OS cleans it eventually
    }
  }

  /** Adds _line, _raw, _error and _not_utf8 to a row of the spec's fields. */
  private static final class ToRaw implements Function<Tuple2<Row, Long>, Row> {
    private final boolean[] present;

    ToRaw(boolean[] present) {
      this.present = present;
    }

    @Override
    public Row call(Tuple2<Row, Long> t) {
      int width = present.length;
      Object[] out = ObjectSpec.rawValues(width);
      String[] values = new String[width];
      for (int i = 0; i < width; i++) {
        values[i] = t._1().getString(i);
        out[i] = values[i] == null && present[i] ? "" : values[i];
      }
      String raw = Csv.line(values);
      // The SOAP responses were decoded by their XML parser: no byte is left undecoded here.
      return ObjectSpec.rawRow(
          out,
          t._2() + 1,
          raw.length() <= CsvRecords.RAW_LIMIT ? raw : raw.substring(0, CsvRecords.RAW_LIMIT),
          null,
          null);
    }
  }
}
