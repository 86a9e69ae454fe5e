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
}
