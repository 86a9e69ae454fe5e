package io.swoop.source.export;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Cuts a CSV export into byte ranges that several tasks parse into exactly the records, line
 * numbers and errors that one {@link CsvRecords} reading the whole file gives.
 *
 * <p>Inside a quoted field every quote is doubled, so a byte is inside quotes when an odd number of
 * quotes precedes it. Pass 1 ({@link #count}) counts, per chunk and in parallel, the quotes and
 * line breaks; from their running sums the driver ({@link #plan}) knows the quote state and line
 * number at each chunk start, and moves the start to the next line break outside quotes: a record
 * boundary. Each range then holds whole records only (the one that straddles a chunk end belongs to
 * the chunk it starts in). Boundaries are right after an ASCII line break, so UTF-8 is never
 * decoded from the middle of a character.
 *
 * <p>{@link CsvRecords} takes a quote literally, not as a toggle, when it stands inside an unquoted
 * field ({@code ab"c}, or after text that followed a closing quote); from there on the parity would
 * disagree with it. And where a quoted field runs past its line into a malformed record (text after
 * its closing quote, or not the header's number of fields) CsvRecords rejects that line alone and
 * reads the lines after it again, out of step with the parity from there on. Pass 1 looks for all
 * of these, and for an odd number of quotes in the file (one left open); a file with any is read
 * whole, in one task.
 */
final class CsvSplits {
  /** Smallest and largest chunk the job cuts a file into. */
  static final long MIN_CHUNK = 8L << 20;

  static final long MAX_CHUNK = 64L << 20;

  private static final int BUFFER = 1 << 16;

  private CsvSplits() {}

  /**
   * A part of a file to parse. {@code whole}: the file from its first byte, header included; else
   * the records in bytes [start, end), the first of them (or a blank line before it) on {@code
   * line}. Public only because Spark encodes it.
   */
  public record Range(String path, long start, long end, long line, boolean whole, int width)
      implements Serializable {}

  /**
   * A chunk [start, end) of pass 1; {@code first}: it starts where the file's text starts; {@code
   * width}: the header's number of fields.
   */
  record Chunk(String path, long start, long end, boolean first, int width)
      implements Serializable {}

  /**
   * Pass 1's counts over one chunk: its quotes and line breaks (CRLF counted once, as {@link
   * CsvRecords} does), and what the chunk looks like given that an even, or an odd, number of
   * quotes precedes it.
   */
  record Counts(long quotes, long lineBreaks, Shape ifEven, Shape ifOdd) implements Serializable {}

  /**
   * A chunk's records in one quote state. {@code suspect}: a quote CsvRecords takes literally, or a
   * record of the chunk's own that runs over lines and is malformed (text after a closing quote, or
   * not the header's number of fields). The records cut by the chunk's ends are told by their
   * commas (outside quotes), whether they run over a line and whether text follows a closing quote
   * in them: {@code prefix*} before the chunk's first record boundary (the whole chunk when {@code
   * boundary} is false), {@code suffix*} after its last.
   */
  record Shape(
      boolean suspect,
      boolean boundary,
      long prefixCommas,
      boolean prefixMultiline,
      boolean prefixMalformed,
      long suffixCommas,
      boolean suffixMultiline,
      boolean suffixMalformed)
      implements Serializable {}

  /**
   * How many chunks a file of {@code bytes} is read in: two per core when that keeps chunks between
   * {@code min} and {@code max} bytes, else as many as those bounds allow.
   */
  static int chunkCount(long bytes, int parallelism, long min, long max) {
    long n = 2L * Math.max(1, parallelism);
    if (bytes / n < min) {
      n = bytes / min;
    } else if (bytes / n > max) {
      n = (bytes + max - 1) / max;
    }
    return (int) Math.max(1, Math.min(n, Integer.MAX_VALUE));
  }

  /**
   * The ranges to read {@code path} ({@code len} bytes) in, with pass 1 run by {@code countAll}
   * (which returns the counts of the chunks it is given, in their order). One whole range when
   * {@code chunks} is 1 or a quote makes the parity unreliable.
   */
  static List<Range> plan(
      FileSystem fs, Path path, long len, int chunks, Function<List<Chunk>, List<Counts>> countAll)
      throws IOException {
    String file = path.toString();
    List<Range> whole = List.of(new Range(file, 0, len, 1, true, -1));
    if (chunks <= 1 || len == 0) {
      return whole;
    }
    int width = headerWidth(fs, path);
    try (FSDataInputStream in = fs.open(path)) {
      List<Chunk> cs = chunks(in, file, len, chunks, width);
      if (cs.isEmpty() || width < 0) {
        return whole;
      }
      long dataStart = cs.get(0).start();
      List<Counts> counts = countAll.apply(cs);
      long[] header = boundary(in, dataStart, len, false, false);
      long headerEnd = header[0];
      long headerEndLine = 1 + header[1];
      List<Range> ranges = new ArrayList<>();
      long quotes = 0;
      long lines = 0;
      long from = headerEnd;
      long fromLine = headerEndLine;
      // The commas of the record that runs into the next chunk, and whether it runs over a line.
      long commas = 0;
      boolean multiline = false;
      boolean malformed = false;
      for (int i = 0; i < cs.size(); i++) {
        Counts c = counts.get(i);
        Shape shape = quotes % 2 == 0 ? c.ifEven() : c.ifOdd();
        if (shape.suspect()) {
          return whole;
        }
        commas += shape.prefixCommas();
        multiline |= shape.prefixMultiline();
        malformed |= shape.prefixMalformed();
        if (shape.boundary()) {
          if (multiline && (malformed || commas + 1 != width)) {
            return whole;
          }
          commas = shape.suffixCommas();
          multiline = shape.suffixMultiline();
          malformed = shape.suffixMalformed();
        }
        if (i > 0) {
          long[] b = boundary(in, cs.get(i).start(), len, quotes % 2 == 1, true);
          if (b[0] > from) {
            ranges.add(new Range(file, from, b[0], fromLine, false, width));
            from = b[0];
            fromLine = 1 + lines + b[1];
          }
        }
        quotes += c.quotes();
        lines += c.lineBreaks();
      }
      if (quotes % 2 == 1 || (multiline && (malformed || commas + 1 != width))) {
        return whole;
      }
      if (from < len) {
        ranges.add(new Range(file, from, len, fromLine, false, width));
      }
      return ranges;
    }
  }

  /**
   * The chunks {@link #plan} gives {@code countAll} for the same arguments; none when the file is
   * read whole without pass 1.
   */
  static List<Chunk> chunks(FileSystem fs, Path path, long len, int chunks) throws IOException {
    if (chunks <= 1 || len == 0) {
      return List.of();
    }
    int width = headerWidth(fs, path);
    try (FSDataInputStream in = fs.open(path)) {
      return chunks(in, path.toString(), len, chunks, width);
    }
  }

  /** The number of fields of the file's header; -1 when it has none or it cannot be read. */
  static int headerWidth(FileSystem fs, Path path) throws IOException {
    try (CsvRecords records = new CsvRecords(utf8(fs.open(path), BUFFER))) {
      return records.hasNext() ? records.next().fields().size() : -1;
    } catch (CsvRecords.UnclosedQuote e) {
      return -1;
    }
  }

  private static List<Chunk> chunks(
      FSDataInputStream in, String file, long len, int chunks, int width) throws IOException {
    long dataStart = hasByteOrderMark(in, len) ? 3 : 0;
    long size = (len - dataStart + chunks - 1) / chunks;
    List<Chunk> cs = new ArrayList<>();
    if (size == 0) {
      return cs;
    }
    for (long s = dataStart; s < len; s += size) {
      cs.add(new Chunk(file, s, Math.min(len, s + size), s == dataStart, width));
    }
    return cs;
  }

  /** Pass 1 over one chunk: reads its bytes (and the one before and after it) raw. */
  static Counts count(FileSystem fs, Chunk chunk) throws IOException {
    try (FSDataInputStream raw = fs.open(new Path(chunk.path()))) {
      long from = chunk.first() ? chunk.start() : chunk.start() - 1;
      raw.seek(from);
      InputStream in = new Limited(raw, chunk.end() + 1 - from);
      byte[] buf = new byte[bufferSize(chunk.end() + 1 - from)];
      // [0]: an even number of quotes precedes the chunk, [1]: an odd number. In state s a byte
      // after q of the chunk's quotes is outside quotes when q + s is even.
      Scan[] scans = {new Scan(chunk.width()), new Scan(chunk.width())};
      int prev = '\n';
      long pos = from;
      long quotes = 0;
      long lines = 0;
      boolean cr = false;
      // The state in which the byte before was a closing quote, or -1.
      int closedIn = -1;
      int n;
      while ((n = in.read(buf, 0, buf.length)) > 0) {
        long base = pos;
        pos += n;
        int k = 0;
        if (base < chunk.start()) {
          // The byte before a later chunk (from = start - 1): only what precedes its first byte.
          prev = buf[0];
          k = 1;
        }
        // buf[k, stop) lies in the chunk; buf[stop], if read, is the byte just past its end.
        int stop = (int) Math.min(n, chunk.end() - base);
        for (; k < stop; k++) {
          int b = buf[k];
          if (b > ',' || b < '\n') {
            // Neither a quote, a comma nor a line break (nor, as a signed byte, any byte of a
            // multibyte character): nearly every byte, so it is settled with two comparisons.
            if (cr) {
              lines++;
              lineBreak(scans, quotes);
              cr = false;
            }
            if (closedIn >= 0) {
              scans[closedIn].malformed = true; // text after a closing quote
              closedIn = -1;
            }
            prev = b;
            continue;
          }
          if (cr && b != '\n') {
            lines++;
            lineBreak(scans, quotes);
          }
          cr = false;
          if (closedIn >= 0 && b != '"' && b != ',' && b != '\n' && b != '\r') {
            scans[closedIn].malformed = true;
          }
          closedIn = -1;
          if (b == '"') {
            int outside = (int) (quotes & 1);
            // Outside quotes, CsvRecords opens a quoted field only at a field's start; right
            // after another quote this one is the second half of a doubled pair.
            if (prev != ',' && prev != '\n' && prev != '\r' && prev != '"') {
              scans[outside].suspect = true;
            }
            closedIn = 1 - outside;
            quotes++;
          } else if (b == ',') {
            scans[(int) (quotes & 1)].commas++;
          } else if (b == '\n') {
            lines++;
            lineBreak(scans, quotes);
          } else if (b == '\r') {
            cr = true;
          }
          prev = b;
        }
        if (stop < n) {
          // Past the end only a CR that ends the chunk's last line matters (CRLF is one break),
          // and what follows a closing quote.
          int b = buf[stop];
          if (cr && b != '\n') {
            lines++;
            lineBreak(scans, quotes);
          }
          if (closedIn >= 0 && b != '"' && b != ',' && b != '\n' && b != '\r') {
            scans[closedIn].malformed = true;
          }
          cr = false;
          break;
        }
      }
      if (cr) {
        lines++; // the file ends with a CR
        lineBreak(scans, quotes);
      }
      return new Counts(quotes, lines, scans[0].shape(), scans[1].shape());
    }
  }

  /** A line break after {@code quotes} of the chunk's quotes, in both states. */
  private static void lineBreak(Scan[] scans, long quotes) {
    int outside = (int) (quotes & 1);
    scans[outside].recordEnd();
    scans[1 - outside].multiline = true;
  }

  /** Pass 1's view of a chunk's records in one quote state. */
  private static final class Scan {
    private final int width;
    boolean suspect;
    private boolean boundary;
    private long prefixCommas;
    private boolean prefixMultiline;
    private boolean prefixMalformed;
    long commas;
    boolean multiline;
    boolean malformed;

    Scan(int width) {
      this.width = width;
    }

    void recordEnd() {
      if (!boundary) {
        boundary = true;
        prefixCommas = commas;
        prefixMultiline = multiline;
        prefixMalformed = malformed;
      } else if (multiline && (malformed || commas + 1 != width)) {
        suspect = true;
      }
      commas = 0;
      multiline = false;
      malformed = false;
    }

    Shape shape() {
      return boundary
          ? new Shape(
              suspect,
              true,
              prefixCommas,
              prefixMultiline,
              prefixMalformed,
              commas,
              multiline,
              malformed)
          : new Shape(suspect, false, commas, multiline, malformed, 0, false, false);
    }
  }

  /**
   * From {@code from}, in the given quote state, the first record boundary: just after a line break
   * outside quotes (after a CRLF's LF), and, when {@code afterText}, only once a byte other than a
   * line break was seen (the header follows any blank lines). Returns the boundary (or the file's
   * length) and the line breaks before it, counted from {@code from}.
   */
  private static long[] boundary(
      FSDataInputStream raw, long from, long len, boolean inQuotes, boolean afterText)
      throws IOException {
    raw.seek(from);
    InputStream in = new Limited(raw, len - from);
    byte[] buf = new byte[8192];
    long pos = from;
    long lines = 0;
    boolean text = afterText;
    boolean cr = false;
    int n;
    while ((n = in.read(buf, 0, buf.length)) > 0) {
      for (int k = 0; k < n; k++, pos++) {
        int b = buf[k];
        if (cr) {
          cr = false;
          if (b != '\n') {
            lines++;
            if (!inQuotes && text) {
              return new long[] {pos, lines};
            }
          }
        }
        if (b == '\n') {
          lines++;
          if (!inQuotes && text) {
            return new long[] {pos + 1, lines};
          }
        } else if (b == '\r') {
          cr = true;
        } else {
          text = true;
          if (b == '"') {
            inQuotes = !inQuotes;
          }
        }
      }
    }
    return new long[] {len, cr ? lines + 1 : lines};
  }

  private static boolean hasByteOrderMark(FSDataInputStream in, long len) throws IOException {
    if (len < 3) {
      return false;
    }
    byte[] b = new byte[3];
    in.readFully(0, b);
    return (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
  }

  /** Pass 2: the records of one range (a whole file's header first). */
  static CsvRecords open(FileSystem fs, Range r) throws IOException {
    FSDataInputStream in = fs.open(new Path(r.path()));
    if (r.whole()) {
      return new CsvRecords(utf8(in, r.end()));
    }
    try {
      in.seek(r.start());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    long bytes = r.end() - r.start();
    return new CsvRecords(utf8(new Limited(in, bytes), bytes), r.line(), r.width());
  }

  /**
   * Decodes UTF-8 (about {@code bytes} of it), replacing malformed bytes by U+FFFD as the
   * sequential reader always did, and noting which they were.
   */
  static Reader utf8(InputStream in, long bytes) {
    return new Utf8Reader(in, bufferSize(bytes));
  }

  /** A buffer no larger than what it will hold: tiny ranges are many. */
  private static int bufferSize(long bytes) {
    return (int) Math.max(1, Math.min(BUFFER, bytes));
  }

  /** Runs {@link #count} for each chunk in turn, on this thread. */
  static List<Counts> countHere(FileSystem fs, List<Chunk> chunks) {
    List<Counts> out = new ArrayList<>();
    for (Chunk c : chunks) {
      try {
        out.add(count(fs, c));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The first {@code left} bytes of a stream. */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long left) {
      super(in);
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
