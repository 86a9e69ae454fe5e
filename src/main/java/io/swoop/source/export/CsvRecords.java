package io.swoop.source.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the records of an RFC 4180 CSV file: fields may be quoted, quotes doubled inside quotes,
 * and quoted fields may hold commas and line breaks. Each record knows the line it starts on (1 =
 * first line) and its text as read, so a bad record can be reported and kept. A leading UTF-8
 * byte-order mark is skipped; blank lines are not records.
 */
public final class CsvRecords implements Iterator<CsvRecords.Record>, Closeable {

  /** Longest raw text kept per record. */
  public static final int RAW_LIMIT = 1000;

  /**
   * One record.
   *
   * @param line the line it starts on, 1-based
   * @param fields its fields, unquoted
   * @param raw its text as read, cut at {@link #RAW_LIMIT} characters, without the final newline
   * @param error why it is malformed (unterminated quote, text after a closing quote), else null
   */
  public record Record(long line, List<String> fields, String raw, String error) {}

  private final Reader in;

  // Read in blocks: Reader.read() of one char takes the reader's lock, per character of the file.
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;

  private long line = 1;
  private int pushedBack = -2;
  private boolean started;
  private Record next;

  public CsvRecords(Reader in) {
    this.in = in;
  }

  /**
   * Reads a part of a file that starts at a record boundary on line {@code firstLine}: no
   * byte-order mark is skipped there, since one can only open the file.
   */
  CsvRecords(Reader in, long firstLine) {
    this.in = in;
    this.line = firstLine;
    this.started = true;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = readRecord();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return next != null;
  }

  @Override
  public Record next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Record r = next;
    next = null;
    return r;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private int read() throws IOException {
    int c;
    if (pushedBack != -2) {
      c = pushedBack;
      pushedBack = -2;
    } else {
      c = nextChar();
    }
    if (!started) {
      started = true;
      if (c == '\uFEFF') {
        c = nextChar();
      }
    }
    return c;
  }

  private int nextChar() throws IOException {
    if (position == limit) {
      int n;
      do {
        n = in.read(buffer, 0, buffer.length);
      } while (n == 0);
      if (n < 0) {
        return -1;
      }
      position = 0;
      limit = n;
    }
    return buffer[position++];
  }

  private Record readRecord() throws IOException {
    int c = read();
    // Blank lines between records are not records.
    while (c == '\n' || c == '\r') {
      if (c == '\r') {
        int d = read();
        if (d != '\n') {
          pushedBack = d;
        }
      }
      line++;
      c = read();
    }
    if (c == -1) {
      return null;
    }
    long startLine = line;
    StringBuilder raw = new StringBuilder();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    String error = null;
    boolean inQuotes = false;
    boolean wasQuoted = false;
    boolean afterQuote = false;
    while (true) {
      if (c == -1) {
        if (inQuotes) {
          error = "unterminated quoted field (a \" opened on line " + startLine + " never closes)";
        }
        fields.add(field.toString());
        break;
      }
      if (inQuotes) {
        if (c == '"') {
          int d = read();
          if (d == '"') {
            field.append('"');
            appendRaw(raw, '"');
            appendRaw(raw, '"');
          } else {
            inQuotes = false;
            afterQuote = true;
            appendRaw(raw, '"');
            c = d;
            continue;
          }
        } else {
          if (c == '\n') {
            line++;
          } else if (c == '\r') {
            int d = read();
            if (d == '\n') {
              field.append('\r');
              appendRaw(raw, '\r');
              c = d;
              line++;
            } else {
              pushedBack = d;
              line++;
            }
          }
          field.append((char) c);
          appendRaw(raw, (char) c);
          appendRun(field, raw, true);
        }
        c = read();
        continue;
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
        afterQuote = false;
        appendRaw(raw, ',');
      } else if (c == '\n' || c == '\r') {
        if (c == '\r') {
          int d = read();
          if (d != '\n') {
            pushedBack = d;
          }
        }
        line++;
        fields.add(field.toString());
        break;
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        inQuotes = true;
        wasQuoted = true;
        appendRaw(raw, '"');
      } else {
        if (afterQuote && error == null) {
          error = "text after a closing quote in field " + (fields.size() + 1);
        }
        field.append((char) c);
        appendRaw(raw, (char) c);
        appendRun(field, raw, false);
      }
      c = read();
    }
    return new Record(startLine, fields, raw.toString(), error);
  }

  /**
   * Appends the buffered characters up to the next quote, line break or (outside quotes) comma to
   * both the field and the raw text at once: the same as reading them one by one.
   */
  private void appendRun(StringBuilder field, StringBuilder raw, boolean quoted) {
    if (pushedBack != -2) {
      return;
    }
    int end = position;
    while (end < limit) {
      char ch = buffer[end];
      if (ch == '"' || ch == '\n' || ch == '\r' || (ch == ',' && !quoted)) {
        break;
      }
      end++;
    }
    int n = end - position;
    field.append(buffer, position, n);
    int room = RAW_LIMIT - raw.length();
    if (room > 0) {
      raw.append(buffer, position, Math.min(room, n));
    }
    position = end;
  }

  private static void appendRaw(StringBuilder raw, char c) {
    if (raw.length() < RAW_LIMIT) {
      raw.append(c);
    }
  }
}
