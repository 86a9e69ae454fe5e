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
   * @param notUtf8 the first bytes in it that are not UTF-8 (read as U+FFFD), as hex like {@code
   *     0xE9}; null when all of it is UTF-8 or the reader does not tell
   */
  public record Record(long line, List<String> fields, String raw, String error, String notUtf8) {}

  private final Reader in;

  // Read in blocks: Reader.read() of one char takes the reader's lock, per character of the file.
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;

  /** {@link #in} when it tells which characters replace bytes that are not UTF-8, else null. */
  private final Utf8Reader utf8;

  /** With {@link #utf8}: which characters of {@link #buffer} it put there for such bytes. */
  private final boolean[] replacement;

  /** Whether {@link #replacement} marks any character of the buffer (else it is not looked at). */
  private boolean bufferHasReplacements;

  /** Replacements among the characters taken from the buffer so far. */
  private long replacedTaken;

  /** Replacements taken before the last character taken from the buffer. */
  private long replacedBefore;

  private long line = 1;
  private int pushedBack = -2;
  private boolean started;
  private Record next;

  public CsvRecords(Reader in) {
    this.in = in;
    this.utf8 = in instanceof Utf8Reader u ? u : null;
    this.replacement = utf8 == null ? null : new boolean[buffer.length];
  }

  /**
   * Reads a part of a file that starts at a record boundary on line {@code firstLine}: no
   * byte-order mark is skipped there, since one can only open the file.
   */
  CsvRecords(Reader in, long firstLine) {
    this(in);
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
    replacedBefore = replacedTaken;
    if (position == limit && !fill()) {
      return -1;
    }
    if (bufferHasReplacements && replacement[position]) {
      replacedTaken++;
    }
    return buffer[position++];
  }

  private boolean fill() throws IOException {
    long replacedBeforeFill = replaced();
    int n;
    do {
      n =
          utf8 == null
              ? in.read(buffer, 0, buffer.length)
              : utf8.read(buffer, 0, buffer.length, replacement);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    position = 0;
    limit = n;
    bufferHasReplacements = replaced() > replacedBeforeFill;
    return true;
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
    // The record's first character may be one read ahead and pushed back: either way no other
    // character was taken from the reader after it.
    long replacedAtStart = replacedBefore;
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
    // A character pushed back belongs to the next record.
    long replacedAtEnd = pushedBack != -2 ? replacedBefore : replacedTaken;
    String notUtf8 =
        replacedAtEnd > replacedAtStart ? utf8.take(replacedAtEnd - replacedAtStart) : null;
    return new Record(startLine, fields, raw.toString(), error, notUtf8);
  }

  private long replaced() {
    return utf8 == null ? 0 : utf8.replacements();
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
    if (n == 0) {
      return;
    }
    if (bufferHasReplacements) {
      for (int i = position; i < end; i++) {
        if (replacement[i]) {
          replacedTaken++;
        }
      }
    }
    // As after taking the run's characters one by one.
    replacedBefore = replacedTaken - (bufferHasReplacements && replacement[end - 1] ? 1 : 0);
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
