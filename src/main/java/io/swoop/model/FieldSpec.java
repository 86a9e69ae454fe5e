package io.swoop.model;

/**
 * One field of a Salesforce object as swoop reads it.
 *
 * @param apiName the API field name, as in an export's header (matched case-insensitively)
 * @param column the canonical column name it becomes
 * @param type how its values are parsed
 * @param requiredColumn an export without this column is refused (exit 2)
 * @param key a row whose value is empty or unparseable is rejected; for other fields an empty value
 *     is null, and an unparseable one rejects the row only when the column is required
 * @param whenAbsent the text every record holds when the source has no such column (an optional
 *     column only), else null: an absent column then differs from an empty value
 */
public record FieldSpec(
    String apiName,
    String column,
    FieldType type,
    boolean requiredColumn,
    boolean key,
    String whenAbsent)
    implements java.io.Serializable {

  static FieldSpec key(String apiName, String column, FieldType type) {
    return new FieldSpec(apiName, column, type, true, true, null);
  }

  static FieldSpec required(String apiName, String column, FieldType type) {
    return new FieldSpec(apiName, column, type, true, false, null);
  }

  static FieldSpec optional(String apiName, String column, FieldType type) {
    return new FieldSpec(apiName, column, type, false, false, null);
  }

  static FieldSpec optional(String apiName, String column, FieldType type, String whenAbsent) {
    return new FieldSpec(apiName, column, type, false, false, whenAbsent);
  }
}
