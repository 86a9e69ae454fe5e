package io.swoop.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tiny RFC 4180 reader for the tests, independent of the generator's writer. */
final class Csv {
  final Path file;
  final List<String> header;
  final List<Map<String, String>> rows;

  private Csv(Path file, List<String> header, List<Map<String, String>> rows) {
    this.file = file;
    this.header = header;
    this.rows = rows;
  }

  static Csv read(Path file) throws IOException {
    List<List<String>> records = parse(Files.readString(file, StandardCharsets.UTF_8));
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>(records.size());
    for (int i = 1; i < records.size(); i++) {
      List<String> record = records.get(i);
      if (record.size() != header.size()) {
        throw new IllegalStateException(
            file.getFileName()
                + " record "
                + i
                + ": "
                + record.size()
                + " fields, header has "
                + header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int j = 0; j < header.size(); j++) {
        row.put(header.get(j), record.get(j).isEmpty() ? null : record.get(j));
      }
      rows.add(row);
    }
    return new Csv(file, header, rows);
  }

  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      any = true;
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
        any = false;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalStateException("unterminated quoted field at end of file");
    }
    if (any) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}
