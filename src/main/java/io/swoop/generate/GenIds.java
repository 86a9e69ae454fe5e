package io.swoop.generate;

import java.util.SplittableRandom;

/**
 * Salesforce record Ids as the synthetic org writes them.
 *
 * <p>A 15-character Id is case-sensitive; the 18-character form appends three characters that
 * encode, for each 5-character chunk, which characters are upper-case letters (bit i set when
 * character i of the chunk is A–Z), so the Id survives case-insensitive tools. Both forms name the
 * same record.
 */
public final class GenIds {
  private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private GenIds() {}

  /** The three check characters of a 15-character Id (only its first 15 characters are read). */
  public static String suffix(CharSequence id) {
    char[] out = new char[3];
    for (int chunk = 0; chunk < 3; chunk++) {
      int bits = 0;
      for (int i = 0; i < 5; i++) {
        char c = id.charAt(chunk * 5 + i);
        if (c >= 'A' && c <= 'Z') {
          bits |= 1 << i;
        }
      }
      out[chunk] = SUFFIX_CHARS.charAt(bits);
    }
    return new String(out);
  }

  /**
   * The 18-character form of a 15- or 18-character Id.
   *
   * @throws IllegalArgumentException when the Id is neither a well-formed 15-character Id nor an
   *     18-character Id with the correct suffix
   */
  public static String to18(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          "'"
              + id
              + "' is not a Salesforce Id (expected 15 letters/digits, or 18 with a valid suffix)");
    }
    return id.length() == 18 ? id : id + suffix(id);
  }

  /** The 15-character (case-sensitive) form of a valid Id. */
  public static String to15(String id) {
    return to18(id).substring(0, 15);
  }

  /** True for a 15-character alphanumeric Id, or an 18-character one whose suffix matches. */
  public static boolean isValid(String id) {
    if (id == null || (id.length() != 15 && id.length() != 18)) {
      return false;
    }
    for (int i = 0; i < 15; i++) {
      if (BASE62.indexOf(id.charAt(i)) < 0) {
        return false;
      }
    }
    return id.length() == 15 || id.substring(15).equals(suffix(id));
  }

  /**
   * Increasing Ids of one object: key prefix, two instance characters, a reserved '0', and nine
   * base-62 digits of a counter that starts at a seeded offset and advances by small random steps,
   * so the Ids look like a real org's rather than 000000001, 000000002, ...
   */
  static final class Sequence {
    private final String head;
    private final SplittableRandom random;
    private long counter;

    Sequence(String keyPrefix, String instance, long seed) {
      if (keyPrefix.length() != 3 || instance.length() != 2) {
        throw new IllegalArgumentException("key prefix must be 3 and instance 2 characters");
      }
      this.head = keyPrefix + instance + "0";
      this.random = new SplittableRandom(seed);
      long base = 62L * 62 * 62 * 62 * 62; // five significant digits, like a mature org
      this.counter = base + random.nextLong(base * 20);
    }

    String next() {
      counter += 1 + random.nextInt(6);
      char[] digits = new char[9];
      long v = counter;
      for (int i = 8; i >= 0; i--) {
        digits[i] = BASE62.charAt((int) (v % 62));
        v /= 62;
      }
      String id15 = head + new String(digits);
      return id15 + suffix(id15);
    }
  }
}
