package io.swoop.core;

/**
 * Input quoted in a message (a log line, an exception, a rejected row's reason): at most {@link
 * #LIMIT} characters of it, with control characters, the replacement of bytes that were not UTF-8
 * and unpaired surrogates escaped, so a binary file cannot fill a terminal or a log with raw bytes.
 */
public final class Printable {
  /** Most characters of input a message quotes. */
  public static final int LIMIT = 200;

  private Printable() {}

  /**
   * {@code text} as a message may quote it: {@code \n}, {@code \r}, {@code \t} and {@code \\uXXXX}
   * for other control characters, U+FFFD and unpaired surrogates; cut after {@link #LIMIT}
   * characters of the input, saying how long it was. Null stays null.
   */
  public static String quote(String text) {
    if (text == null) {
      return null;
    }
    int end = Math.min(text.length(), LIMIT);
    if (end < text.length()
        && Character.isHighSurrogate(text.charAt(end - 1))
        && Character.isLowSurrogate(text.charAt(end))) {
      end--; // not half a character
    }
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c) || c == '\uFFFD' || unpaired(text, i)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (end < text.length()) {
      out.append("... (").append(text.length()).append(" characters)");
    }
    return out.toString();
  }

  private static boolean unpaired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
