package io.swoop.source.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;

/**
 * Decodes UTF-8 as a decoder that replaces malformed input does (one U+FFFD per malformed
 * sequence), and also tells which of the U+FFFD it hands out stand for bytes that were not UTF-8,
 * and which bytes those were: a U+FFFD written in the file as UTF-8 is a character like any other.
 */
final class Utf8Reader extends Reader {
  private static final char REPLACEMENT = '\uFFFD';

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes;
  private final CharBuffer chars;

  /** For each char of {@link #chars}, whether this reader put it there for malformed bytes. */
  private final boolean[] inserted;

  /** The malformed bytes of each replacement decoded but not yet taken, in order. */
  private final ArrayDeque<String> pending = new ArrayDeque<>();

  private boolean anyInserted;
  private long handedOut;
  private boolean eof;

  Utf8Reader(InputStream in, int bufferSize) {
    this.in = in;
    this.bytes = ByteBuffer.allocate(Math.max(16, bufferSize)).flip();
    this.chars = CharBuffer.allocate(Math.max(16, bufferSize)).flip();
    this.inserted = new boolean[chars.capacity()];
  }

  @Override
  public int read() throws IOException {
    if (!chars.hasRemaining() && !fill()) {
      return -1;
    }
    if (inserted[chars.position()]) {
      handedOut++;
    }
    return chars.get();
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    return read(buf, off, len, null);
  }

  /**
   * Reads as {@link #read(char[], int, int)} does and, unless {@code marks} is null, sets {@code
   * marks[off + i]} to whether the {@code i}-th character read replaces bytes that are not UTF-8.
   */
  int read(char[] buf, int off, int len, boolean[] marks) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!chars.hasRemaining() && !fill()) {
      return -1;
    }
    int n = Math.min(len, chars.remaining());
    if (anyInserted) {
      for (int i = chars.position(); i < chars.position() + n; i++) {
        if (inserted[i]) {
          handedOut++;
        }
      }
    }
    if (marks != null) {
      System.arraycopy(inserted, chars.position(), marks, off, n);
    }
    chars.get(buf, off, n);
    return n;
  }

  /** How many replacements for malformed bytes were handed out so far. */
  long replacements() {
    return handedOut;
  }

  /**
   * Forgets the next {@code count} replacements' bytes (those handed out first) and returns the
   * first one's, as hex ({@code 0xE9}).
   */
  String take(long count) {
    String first = pending.poll();
    for (long i = 1; i < count; i++) {
      pending.poll();
    }
    return first;
  }

  private boolean fill() throws IOException {
    chars.clear();
    if (anyInserted) {
      Arrays.fill(inserted, false);
      anyInserted = false;
    }
    while (chars.position() == 0) {
      CoderResult r = decoder.decode(bytes, chars, eof);
      if (r.isError()) {
        if (!chars.hasRemaining()) {
          break;
        }
        pending.add(hex(bytes, r.length()));
        inserted[chars.position()] = true;
        anyInserted = true;
        chars.put(REPLACEMENT);
        bytes.position(bytes.position() + r.length());
      } else if (r.isOverflow() || eof) {
        break;
      } else {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + n);
        }
        bytes.flip();
      }
    }
    chars.flip();
    return chars.hasRemaining();
  }

  private static String hex(ByteBuffer b, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(i == 0 ? "0x" : " 0x")
          .append(String.format(Locale.ROOT, "%02X", b.get(b.position() + i) & 0xff));
    }
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
