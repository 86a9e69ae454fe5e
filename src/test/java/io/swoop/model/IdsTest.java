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
  void suffixDecidesTheCaseOfTheBody() {
    // An 18-character Id is case-insensitive: AAA names the all-lower-case record.
    assertEquals("001a0000006vm9rAAA", Ids.to18("001A0000006Vm9rAAA"));
  }

  @Test
  void suffixThatContradictsTheBodyIsNotAnId() {
    // B sets the case bit of the first character of the first chunk, which is a digit.
    assertNull(Ids.to18("001A0000006Vm9rBAC"));
    assertNull(Ids.to18("001A0000006Vm9r999"));
  }

  @Test
  void wrongLengthOrCharactersAreNotIds() {
    assertNull(Ids.to18("001A0000006Vm9"));
    assertNull(Ids.to18("001A0000006Vm9r-"));
    assertNull(Ids.to18("Jane Smith"));
    assertNull(Ids.to18(""));
  }
}
