package io.swoop.model;

import io.swoop.core.Printable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns one raw record into a canonical row, or into the reason it is rejected. Its output is the
 * canonical schema followed by {@code is_deleted}, {@code _line}, {@code _raw} and {@code
 * _record_id} (both null for a good row), {@code _reject} (null for a good row), {@code _bad}
 * (optional columns whose value could not be parsed and became null), {@code _not_utf8} (as the
 * source gave it) and {@code _replaced} (columns whose value holds a U+FFFD that stands for bytes
 * that were not UTF-8).
 */
final class RecordParser implements MapFunction<Row, Row> {
  static final String REJECT = "_reject";
  static final String BAD = "_bad";
  static final String RECORD_ID = "_record_id";
  static final String REPLACED = "_replaced";

  /**
   * The {@link #BAD} and {@link #REPLACED} value of nearly every row, shared, not built per row.
   */
  private static final Seq<String> NONE_BAD =
      CollectionConverters.asScala(List.<String>of()).toSeq();

  private final ObjectSpec spec;
  private final StructType canonical;

  /** For each canonical column, the spec field feeding it, or -1. */
  private final int[] sourceField;

  private final int deletedField;

  RecordParser(ObjectSpec spec) {
    this.spec = spec;
    this.canonical = Canonical.schema(spec.object());
    this.sourceField = new int[canonical.size()];
    for (int c = 0; c < canonical.size(); c++) {
      sourceField[c] = indexOf(canonical.fields()[c].name());
    }
    this.deletedField = indexOf(Canonical.IS_DELETED);
  }

  private int indexOf(String column) {
    for (int i = 0; i < spec.fields().size(); i++) {
      if (spec.fields().get(i).column().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  StructType outputSchema() {
    List<StructField> f = new ArrayList<>(List.of(canonical.fields()));
    f.add(DataTypes.createStructField(Canonical.IS_DELETED, DataTypes.BooleanType, false));
    f.add(DataTypes.createStructField(ObjectSpec.LINE, DataTypes.LongType, false));
    f.add(DataTypes.createStructField(ObjectSpec.RAW, DataTypes.StringType, true));
    f.add(DataTypes.createStructField(RECORD_ID, DataTypes.StringType, true));
    f.add(DataTypes.createStructField(REJECT, DataTypes.StringType, true));
    f.add(
        DataTypes.createStructField(
            BAD, DataTypes.createArrayType(DataTypes.StringType, false), false));
    f.add(DataTypes.createStructField(ObjectSpec.NOT_UTF8, DataTypes.StringType, true));
    f.add(
        DataTypes.createStructField(
            REPLACED, DataTypes.createArrayType(DataTypes.StringType, false), false));
    return new StructType(f.toArray(StructField[]::new));
  }

  @Override
  public Row call(Row raw) {
    int n = spec.fields().size();
    Object[] parsed = new Object[n];
    List<String> bad = new ArrayList<>(0);
    String reject = ObjectSpec.rawError(raw, n);
    for (int i = 0; i < n && reject == null; i++) {
      FieldSpec f = spec.fields().get(i);
      // A source delivers null only for a column it lacks; an empty value arrives as "".
      String text = raw.isNullAt(i) && f.whenAbsent() != null ? f.whenAbsent() : raw.getString(i);
      try {
        parsed[i] = Values.parse(f.type(), text);
        if (parsed[i] == null && f.key()) {
          reject = f.apiName() + " is empty";
        }
      } catch (IllegalArgumentException e) {
        if (f.requiredColumn()) {
          reject = f.apiName() + " '" + Printable.quote(text) + "' " + e.getMessage();
        } else {
          bad.add(f.apiName());
        }
      }
    }
    Object[] out = new Object[canonical.size() + 8];
    if (reject == null) {
      for (int c = 0; c < canonical.size(); c++) {
        out[c] = sourceField[c] < 0 ? null : parsed[sourceField[c]];
      }
    }
    int k = canonical.size();
    out[k] = deletedField >= 0 && Boolean.TRUE.equals(parsed[deletedField]);
    out[k + 1] = ObjectSpec.rawLine(raw, n);
    // The raw line and the Id as written are only ever shown for a rejected record (rejected_rows);
    // keeping them for the others would add to what the model holds in memory for every row.
    out[k + 2] = reject == null ? null : ObjectSpec.rawText(raw, n);
    out[k + 3] = reject == null || raw.getString(0) == null ? null : raw.getString(0).strip();
    out[k + 4] = reject;
    out[k + 5] = bad.isEmpty() ? NONE_BAD : CollectionConverters.asScala(bad).toSeq();
    String notUtf8 = ObjectSpec.rawNotUtf8(raw, n);
    out[k + 6] = notUtf8;
    out[k + 7] = notUtf8 == null ? NONE_BAD : replaced(raw, n);
    return RowFactory.create(out);
  }

  /** The fields of a record that was not all UTF-8 whose text holds the replacement character. */
  private Seq<String> replaced(Row raw, int n) {
    List<String> out = new ArrayList<>(1);
    for (int i = 0; i < n; i++) {
      if (!raw.isNullAt(i) && raw.getString(i).indexOf('\uFFFD') >= 0) {
        out.add(spec.fields().get(i).apiName());
      }
    }
    return CollectionConverters.asScala(out).toSeq();
  }
}
