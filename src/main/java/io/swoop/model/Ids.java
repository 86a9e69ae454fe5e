package io.swoop.model;

/**
 * Salesforce record Ids. A 15-character Id is case-sensitive; the 18-character form appends a
 * three-character suffix that encodes the case of the first fifteen, so it survives tools that
 * ignore case. swoop joins and writes only the 18-character form.
 */
public final class Ids {
  /** Key prefixes of the Ids of users, contacts and leads (CONTRACT §3 {@code coaching}). */
  public static final String USER_PREFIX = "005";

  public static final String CONTACT_PREFIX = "003";
  public static final String LEAD_PREFIX = "00Q";

  private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

  private Ids() {}

  /**
   * The 18-character form of {@code id}, or {@code null} when {@code id} is not an Id. An
   * 18-character Id whose letters are all of one case (a spreadsheet upper- or lower-cased it) is
   * restored from its suffix; any other whose suffix does not match the case of its first fifteen
   * characters is not an Id (CONTRACT §2), whether the suffix holds letters or digits: re-casing it
   * would silently name another record.
   */
  public static String to18(String id) {
    if (id == null) {
      return null;
    }
    String s = id.strip();
    int n = s.length();
    if (n != 15 && n != 18) {
      return null;
    }
    // One pass over the characters in an array (this runs for every Id of every row read; calls
    // to charAt were a tenth of reading the exports): each must be a letter or a digit, and the
    // upper-case letters of the first fifteen give the suffix's three chunks.
    char[] c = new char[18];
    s.getChars(0, n, c, 0);
    int[] chunks = new int[3];
    for (int i = 0; i < n; i++) {
      char ch = c[i];
      boolean upper = ch >= 'A' && ch <= 'Z';
      if (!(upper || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9')) {
        return null;
      }
      if (upper && i < 15) {
        chunks[i / 5] |= 1 << (i % 5);
      }
    }
    if (n == 15) {
      return s
          + SUFFIX_ALPHABET.charAt(chunks[0])
          + SUFFIX_ALPHABET.charAt(chunks[1])
          + SUFFIX_ALPHABET.charAt(chunks[2]);
    }
    if (c[15] == SUFFIX_ALPHABET.charAt(chunks[0])
        && c[16] == SUFFIX_ALPHABET.charAt(chunks[1])
        && c[17] == SUFFIX_ALPHABET.charAt(chunks[2])) {
      // Already the canonical form (the usual case): restoring the case would give it back.
      return s;
    }
    if (!oneCase(s)) {
      return null;
    }
    String given = s.substring(15).toUpperCase(java.util.Locale.ROOT);
    char[] body = s.substring(0, 15).toCharArray();
    for (int chunk = 0; chunk < 3; chunk++) {
      int bits = SUFFIX_ALPHABET.indexOf(given.charAt(chunk));
      if (bits < 0) {
        return null;
      }
      for (int i = 0; i < 5; i++) {
        int at = chunk * 5 + i;
        boolean upper = (bits & (1 << i)) != 0;
        body[at] = upper ? Character.toUpperCase(body[at]) : Character.toLowerCase(body[at]);
      }
    }
    String restored = new String(body);
    String expected = suffix(restored);
    return expected.equals(given) ? restored + expected : null;
  }

  /** True when no letter of {@code id} is upper case, or none is lower case. */
  private static boolean oneCase(String id) {
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    return !(upper && lower);
  }

  private static int chunkBits(CharSequence id, int chunk) {
    int bits = 0;
    for (int i = 0; i < 5; i++) {
      char c = id.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') {
        bits |= 1 << i;
      }
    }
    return bits;
  }

  /** The three-character check suffix of a 15-character Id. */
  public static String suffix(CharSequence id15) {
    StringBuilder out = new StringBuilder(3);
    for (int chunk = 0; chunk < 3; chunk++) {
      out.append(SUFFIX_ALPHABET.charAt(chunkBits(id15, chunk)));
    }
    return out.toString();
  }
}
