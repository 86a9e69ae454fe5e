package io.swoop.source.sfdc;

/** RFC 4180 lines, quoted as Data Loader quotes them: every value in quotes, nulls empty. */
final class Csv {
  private Csv() {}

  static String line(String[] values) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      if (values[i] != null) {
        s.append('"').append(values[i].replace("\"", "\"\"")).append('"');
      }
    }
    return s.toString();
  }
}
