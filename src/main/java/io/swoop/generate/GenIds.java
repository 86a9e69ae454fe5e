package io.swoop.generate;

import io.swoop.model.Ids;
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
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private GenIds() {}

  /** The three check characters of a 15-character Id (only its first 15 characters are read). */
  public static String suffix(CharSequence id) {
    return Ids.suffix(id);
  }

  public static String to18(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          "'"
              + id
              + "' is not a Salesforce Id (expected 15 letters/digits, or 18 with a valid suffix)");
    }
    return id.length() == 18 ? id : id + suffix(id);
  }

  /** True for a 15-character alphanumeric Id, or an 18-character one whose suffix matches. */
  public static boolean isValid(String id) {
    String id18 = Ids.to18(id);
    return id18 != null && (id.length() == 15 || id.equals(id18));
  }

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
