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
 *
 * <p>No line is lost (CONTRACT §2): a quoted field that runs past the end of its line and leaves
 * the record malformed (an error, or a number of fields other than the header's) was most likely
 * opened by a stray quote. Only the line it opened on is then returned, as a record with an error,
 * and the lines after it are read again as records. A quote still open at the end of the text
 * throws {@link UnclosedQuote}.
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

  /** A quote still open at the end of the text: the rest of the file would be one value. */
  public static final class UnclosedQuote extends RuntimeException {
    private final long line;

    UnclosedQuote(long line) {
      super("a quote opened on line " + line + " never closes");
      this.line = line;
    }

    /** The line the quote opened on. */
    public long line() {
      return line;
    }
  }

  /** Text read again, with which of its characters replace bytes that were not UTF-8. */
  private static final class Text {
    final StringBuilder chars = new StringBuilder();
    final java.util.BitSet marks = new java.util.BitSet();

    void append(char c, boolean mark) {
      if (mark) {
        marks.set(chars.length());
      }
      chars.append(c);
    }

    void removeLast() {
      int last = chars.length() - 1;
      marks.clear(last);
      chars.setLength(last);
    }

    void appendFrom(Text t, int from) {
      for (int i = from; i < t.chars.length(); i++) {
        append(t.chars.charAt(i), t.marks.get(i));
      }
    }
  }

  /**
   * Characters being gathered, like a StringBuilder but copied in bulk: a StringBuilder of Latin-1
   * text checks every char appended one by one, the main cost of reading a file here.
   */
  private static final class Chars {
    private char[] a = new char[256];
    private int n;

    void append(char c) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, 2 * n);
      }
      a[n++] = c;
    }

    void append(char[] from, int offset, int count) {
      if (n + count > a.length) {
        a = java.util.Arrays.copyOf(a, Math.max(2 * a.length, n + count));
      }
      System.arraycopy(from, offset, a, n, count);
      n += count;
    }

    int length() {
      return n;
    }

    void clear() {
      n = 0;
    }

    String substring(int from, int to) {
      return new String(a, from, to - from);
    }

    @Override
    public String toString() {
      return new String(a, 0, n);
    }
  }

  /** The record being read: its text as read, and its field being read; reused record to record. */
  private final Chars raw = new Chars();

  private final Chars field = new Chars();

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
  private boolean pushedBackMark;
  private boolean started;
  private Record next;

  /** Whether the character read last replaces bytes that were not UTF-8. */
  private boolean lastMark;

  /** The header's number of fields; -1 until known. */
  private int width;

  /** Whether the first record is the header, whose number of fields is {@link #width}. */
  private final boolean header;

  /** Text to read before the rest of the input (the lines after a line rejected alone). */
  private Text replay;

  private int replayAt;

  /** While a record runs past its first line: the text read since that line's end. */
  private Text capture;

  /** Reads a whole file: its first record is the header. */
  public CsvRecords(Reader in) {
    this.in = in;
    this.utf8 = in instanceof Utf8Reader u ? u : null;
    this.replacement = utf8 == null ? null : new boolean[buffer.length];
    this.width = -1;
    this.header = true;
  }

  /**
   * Reads a part of a file that starts at a record boundary on line {@code firstLine}, after a
   * header of {@code width} fields: no byte-order mark is skipped there, since one can only open
   * the file.
   */
  CsvRecords(Reader in, long firstLine, int width) {
    this.in = in;
    this.utf8 = in instanceof Utf8Reader u ? u : null;
    this.replacement = utf8 == null ? null : new boolean[buffer.length];
    this.width = width;
    this.header = false;
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
      if (next != null && header && width < 0) {
        width = next.fields().size();
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
      lastMark = pushedBackMark;
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
    if (capture != null && c >= 0) {
      capture.append((char) c, lastMark);
    }
    return c;
  }

  /** Hands {@code c}, the character read last, to the next {@link #read}. */
  private void pushBack(int c) {
    pushedBack = c;
    pushedBackMark = lastMark;
    if (capture != null && c >= 0) {
      capture.removeLast();
    }
  }

  private int nextChar() throws IOException {
    replacedBefore = replacedTaken;
    if (replay != null) {
      if (replayAt < replay.chars.length()) {
        lastMark = replay.marks.get(replayAt);
        if (lastMark) {
          replacedTaken++;
        }
        return replay.chars.charAt(replayAt++);
      }
      replay = null;
    }
    if (position == limit && !fill()) {
      lastMark = false;
      return -1;
    }
    lastMark = bufferHasReplacements && replacement[position];
    if (lastMark) {
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
          pushBack(d);
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
    Chars raw = this.raw;
    raw.clear();
    List<String> fields = new ArrayList<>(width > 0 ? width : 10);
    Chars field = this.field;
    field.clear();
    String error = null;
    boolean inQuotes = false;
    boolean wasQuoted = false;
    boolean afterQuote = false;
    long quoteLine = 0;
    // Where the record's first line ends, once a quoted field runs past it.
    int rawAtBreak = -1;
    List<String> fieldsAtBreak = null;
    long replacedAtBreak = 0;
    int openField = 0;
    long endLine;
    while (true) {
      if (c == -1) {
        if (inQuotes) {
          capture = null;
          throw new UnclosedQuote(quoteLine);
        }
        fields.add(field.toString());
        endLine = line;
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
          boolean firstBreak = (c == '\n' || c == '\r') && rawAtBreak < 0;
          if (firstBreak) {
            rawAtBreak = raw.length();
            fieldsAtBreak = new ArrayList<>(fields);
            fieldsAtBreak.add(field.toString());
            openField = fields.size() + 1;
          }
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
              pushBack(d);
              line++;
            }
          }
          field.append((char) c);
          appendRaw(raw, (char) c);
          if (firstBreak) {
            // From here on the text is kept, to be read again if the record turns out malformed.
            replacedAtBreak = pushedBack != -2 ? replacedBefore : replacedTaken;
            capture = new Text();
          }
          appendRun(field, raw, true);
        }
        c = read();
        continue;
      }
      if (c == ',') {
        fields.add(field.toString());
        field.clear();
        wasQuoted = false;
        afterQuote = false;
        appendRaw(raw, ',');
      } else if (c == '\n' || c == '\r') {
        if (c == '\r') {
          int d = read();
          if (d != '\n') {
            pushBack(d);
          }
        }
        line++;
        fields.add(field.toString());
        endLine = line - 1;
        break;
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        inQuotes = true;
        wasQuoted = true;
        quoteLine = line;
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
    if (capture != null) {
      Text after = capture;
      capture = null;
      if (error != null || (width >= 0 && fields.size() != width)) {
        return readAgainAfterFirstLine(
            after,
            startLine,
            endLine,
            fieldsAtBreak,
            raw.substring(0, Math.min(rawAtBreak, raw.length())),
            openField,
            error != null
                ? error + " there"
                : fields.size() + " fields there, the header has " + width,
            replacedAtStart,
            replacedAtBreak);
      }
    }
    // A character pushed back belongs to the next record.
    long replacedAtEnd = pushedBack != -2 ? replacedBefore : replacedTaken;
    String notUtf8 =
        replacedAtEnd > replacedAtStart ? utf8.take(replacedAtEnd - replacedAtStart) : null;
    return new Record(startLine, fields, raw.toString(), error, notUtf8);
  }

  /**
   * Ends a malformed record that ran past its first line with that line, and reads the text after
   * it ({@code after}, then what was pushed back and what was still to be read again) again.
   */
  private Record readAgainAfterFirstLine(
      Text after,
      long startLine,
      long endLine,
      List<String> firstLineFields,
      String firstLineRaw,
      int openField,
      String malformed,
      long replacedAtStart,
      long replacedAtBreak) {
    Text again = after;
    if (pushedBack != -2) {
      if (pushedBack >= 0) {
        again.append((char) pushedBack, pushedBackMark);
      }
      pushedBack = -2;
    }
    if (replay != null) {
      again.appendFrom(replay, replayAt);
    }
    replay = again;
    replayAt = 0;
    line = startLine + 1;
    String notUtf8 =
        replacedAtBreak > replacedAtStart ? utf8.take(replacedAtBreak - replacedAtStart) : null;
    String reason =
        "the quote opening field "
            + openField
            + " does not close on this line; read on, the record would end on line "
            + endLine
            + " with "
            + malformed
            + ", so this line is rejected alone and the lines after it are read again";
    return new Record(startLine, firstLineFields, firstLineRaw, reason, notUtf8);
  }

  private long replaced() {
    return utf8 == null ? 0 : utf8.replacements();
  }

  /**
   * Appends the buffered characters up to the next quote, line break or (outside quotes) comma to
   * both the field and the raw text at once: the same as reading them one by one.
   */
  private void appendRun(Chars field, Chars raw, boolean quoted) {
    if (pushedBack != -2 || replay != null) {
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
    if (capture != null) {
      for (int i = position; i < end; i++) {
        capture.append(buffer[i], bufferHasReplacements && replacement[i]);
      }
    }
    int room = RAW_LIMIT - raw.length();
    if (room > 0) {
      raw.append(buffer, position, Math.min(room, n));
    }
    position = end;
  }

  private static void appendRaw(Chars raw, char c) {
    if (raw.length() < RAW_LIMIT) {
      raw.append(c);
    }
  }
}
