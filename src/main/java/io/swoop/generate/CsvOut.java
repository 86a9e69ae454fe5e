package io.swoop.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One CSV file written row by row: RFC 4180 quoting, '\n' between records, nulls as empty. */
final class CsvOut implements Closeable {
  private final Writer out;
  private final Path file;
  private final int columns;
  private long rows;

  CsvOut(Path file, List<String> header) throws IOException {
    this.file = file;
    this.columns = header.size();
    this.out =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    write(header.toArray(new String[0]));
  }

  void row(String... values) throws IOException {
    write(values);
    rows++;
  }

  long rows() {
    return rows;
  }

  Path file() {
    return file;
  }

  private void write(String[] values) throws IOException {
    if (values.length != columns) {
      throw new IllegalArgumentException(
          file.getFileName() + ": " + values.length + " values for " + columns + " columns");
    }
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      field(values[i]);
    }
    out.write('\n');
  }

  private void field(String value) throws IOException {
    if (value == null || value.isEmpty()) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      out.write(value);
      return;
    }
    out.write('"');
    out.write(value.replace("\"", "\"\""));
    out.write('"');
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
