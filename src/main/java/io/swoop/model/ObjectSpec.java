package io.swoop.model;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An object's fields as this run reads them: the standard fields of {@link SfObject} plus the
 * configured hire- and termination-date fields of User.
 */
public record ObjectSpec(SfObject object, List<FieldSpec> fields) implements java.io.Serializable {

  /** Raw column: the source line (1 = header) or row number where the record starts. */
  public static final String LINE = "_line";

  /** Raw column: the record as read, for {@code rejected_rows.raw}. */
  public static final String RAW = "_raw";

  /** Raw column: why the record could not be split into fields, or null. */
  public static final String ERROR = "_error";

  /**
   * Raw column: the first bytes of the record that are not UTF-8 (each such sequence was read as
   * U+FFFD), as hex like {@code 0xE9}, or null.
   */
  public static final String NOT_UTF8 = "_not_utf8";

  /**
   * The raw columns after the fields: {@link #LINE}, {@link #RAW}, {@link #ERROR}, {@link
   * #NOT_UTF8}.
   */
  private static final int TRAILING = 4;

  public static ObjectSpec of(SfObject object, String hireDateField, String terminationDateField) {
    List<FieldSpec> fields = new ArrayList<>(object.fields());
    if (object == SfObject.USER) {
      if (hireDateField != null && !hireDateField.isBlank()) {
        fields.add(FieldSpec.optional(hireDateField.strip(), Canonical.HIRE_DATE, FieldType.DATE));
      }
      if (terminationDateField != null && !terminationDateField.isBlank()) {
        fields.add(
            FieldSpec.optional(
                terminationDateField.strip(), Canonical.TERMINATION_DATE, FieldType.DATE));
      }
    }
    return new ObjectSpec(object, List.copyOf(fields));
  }

  /** Every object's spec as this run reads it, in {@link SfObject} order. */
  public static List<ObjectSpec> all(String hireDateField, String terminationDateField) {
    List<ObjectSpec> specs = new ArrayList<>();
    for (SfObject object : SfObject.values()) {
      specs.add(of(object, hireDateField, terminationDateField));
    }
    return specs;
  }

  /** API names of the fields, in order: the columns of the raw table and of a CSV export. */
  public List<String> apiNames() {
    return fields.stream().map(FieldSpec::apiName).toList();
  }

  /**
   * What a source delivers for this object: one nullable string column per field, named by its API
   * name (an absent optional column null in every record, an empty value {@code ""}), then {@link
   * #LINE}, {@link #RAW}, {@link #ERROR} and {@link #NOT_UTF8}.
   */
  public StructType rawSchema() {
    // The order here is the one rawRow writes and rawLine ... rawNotUtf8 read.
    List<StructField> out = new ArrayList<>();
    for (FieldSpec f : fields) {
      out.add(DataTypes.createStructField(f.apiName(), DataTypes.StringType, true));
    }
    out.add(DataTypes.createStructField(LINE, DataTypes.LongType, false));
    out.add(DataTypes.createStructField(RAW, DataTypes.StringType, true));
    out.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
    out.add(DataTypes.createStructField(NOT_UTF8, DataTypes.StringType, true));
    return new StructType(out.toArray(StructField[]::new));
  }

  /*
   * The raw row's layout, in one place: a source fills the fields of rawValues(n) by position (spec
   * order) and makes the row with rawRow; a reader takes the trailing columns with rawLine,
   * rawText, rawError and rawNotUtf8.
   */

  /** The values of a raw row of an object of {@code fields} fields, to fill and pass to rawRow. */
  public static Object[] rawValues(int fields) {
    return new Object[fields + TRAILING];
  }

  /** The raw row of {@code values} (from {@link #rawValues}, its fields filled). */
  public static Row rawRow(Object[] values, long line, String raw, String error, String notUtf8) {
    int n = values.length - TRAILING;
    values[n] = line;
    values[n + 1] = raw;
    values[n + 2] = error;
    values[n + 3] = notUtf8;
    return RowFactory.create(values);
  }

  /** {@link #LINE} of a raw row of an object of {@code fields} fields. */
  public static long rawLine(Row row, int fields) {
    return row.getLong(fields);
  }

  /** {@link #RAW} of a raw row of an object of {@code fields} fields. */
  public static String rawText(Row row, int fields) {
    return row.getString(fields + 1);
  }

  /** {@link #ERROR} of a raw row of an object of {@code fields} fields. */
  public static String rawError(Row row, int fields) {
    return row.getString(fields + 2);
  }

  /** {@link #NOT_UTF8} of a raw row of an object of {@code fields} fields. */
  public static String rawNotUtf8(Row row, int fields) {
    return row.getString(fields + 3);
  }
}
