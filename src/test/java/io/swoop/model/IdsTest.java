package io.swoop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IdsTest {
  // Salesforce's documented example: 001A0000006Vm9r is 001A0000006Vm9rIAC in 18 characters.
  @Test
  void fifteenCharacterIdGetsItsCheckSuffix() {
    assertEquals("001A0000006Vm9rIAC", Ids.to18("001A0000006Vm9r"));
  }

  @Test
  void eighteenCharacterIdIsKept() {
    assertEquals("001A0000006Vm9rIAC", Ids.to18("001A0000006Vm9rIAC"));
  }

  @Test
  void caseLostBySpreadsheetIsRestoredFromSuffix() {
    assertEquals("001A0000006Vm9rIAC", Ids.to18("001a0000006vm9riac"));
    assertEquals("001A0000006Vm9rIAC", Ids.to18("001A0000006VM9RIAC"));
  }

  @Test
  void anAllLowerCaseBodyIsRestoredFromItsSuffixToo() {
    assertEquals("001a0000006vm9rAAA", Ids.to18("001a0000006vm9raaa"));
    assertEquals("001a0000006vm9rAAA", Ids.to18("001A0000006VM9RAAA"));
  }

  @Test
  void aSuffixThatDoesNotMatchAMixedCaseBodyIsNotAnIdWithLettersAndDigitsAlike() {
    // CONTRACT §2 (issue 19: ...DIlAAA instead of ...DIlQQN was re-keyed to another record).
    assertNull(Ids.to18("001A0000006Vm9rAAA"));
    assertNull(Ids.to18("001A0000006Vm9rIAD"));
    // B sets the case bit of the first character of the first chunk, which is a digit.
    assertNull(Ids.to18("001A0000006Vm9rBAC"));
    assertNull(Ids.to18("001A0000006Vm9r999"));
    assertNull(Ids.to18("001A0000006Vm9rIA0"));
  }

  @Test
  void wrongLengthOrCharactersAreNotIds() {
    assertNull(Ids.to18("001A0000006Vm9"));
    assertNull(Ids.to18("001A0000006Vm9r-"));
    assertNull(Ids.to18("Jane Smith"));
    assertNull(Ids.to18(""));
  }

  @Test
  void aCharacterThatIsNeitherLetterNorDigitAnywhereIsNotAnId() {
    String id = "001A0000006Vm9rIAC";
    for (int i = 0; i < id.length(); i++) {
      for (char bad : new char[] {'-', '_', ' ', '\u00e9', '/', '@'}) {
        String broken = id.substring(0, i) + bad + id.substring(i + 1);
        assertNull(Ids.to18(broken), broken);
        if (i < 15) {
          assertNull(Ids.to18(broken.substring(0, 15)), broken.substring(0, 15));
        }
      }
    }
  }

  @Test
  void eachUpperCaseLetterOfTheBodySetsItsBitOfTheSuffix() {
    // Body all digits and lower case: suffix AAA. Each upper-case letter at position p sets bit
    // p % 5 of chunk p / 5, and the 18-character form with that suffix is kept as it is.
    String body = "001a0000006bm9r";
    assertEquals(body + "AAA", Ids.to18(body));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    for (int p = 0; p < 15; p++) {
      if (!Character.isLetter(body.charAt(p))) {
        continue;
      }
      String one =
          body.substring(0, p) + Character.toUpperCase(body.charAt(p)) + body.substring(p + 1);
      char[] suffix = {'A', 'A', 'A'};
      suffix[p / 5] = alphabet.charAt(1 << (p % 5));
      String expected = one + new String(suffix);
      assertEquals(expected, Ids.to18(one), one);
      assertEquals(expected, Ids.to18(expected), expected);
    }
  }
}
