package io.swoop.source.sfdc;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Bulk API CSV result (comma, RFC 4180 quoting, LF line ends; a CR before LF is dropped)
 * one record at a time, so a page of any size passes through without being held in memory.
 */
final class BulkCsv {
  private final Reader in;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private final StringBuilder cell = new StringBuilder();

  BulkCsv(Reader in) {
    this.in = in;
  }

  /** The next record's cells (empty cells as ""), or null at the end. */
  String[] next() throws IOException {
    int c = read();
    if (c < 0) {
      return null;
    }
    List<String> cells = new ArrayList<>();
    cell.setLength(0);
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      if (quoted) {
        if (c < 0) {
          throw new IOException("the Bulk API result ends inside a quoted value");
        }
        if (c == '"') {
          int d = read();
          if (d == '"') {
            cell.append('"');
          } else {
            quoted = false;
            c = d;
            continue;
          }
        } else {
          cell.append((char) c);
        }
      } else if (c == '"' && cell.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        wasQuoted = false;
      } else if (c == '\n' || c < 0) {
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
      } else if (c == '\r') {
        int d = read();
        if (d != '\n') {
          cell.append('\r');
        }
        c = d;
        continue;
      } else {
        cell.append((char) c);
      }
      c = read();
    }
  }

  private int read() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }
}
