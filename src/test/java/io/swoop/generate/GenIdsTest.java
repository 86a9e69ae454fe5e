package io.swoop.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GenIdsTest {
  @Test
  void suffixMarksTheUpperCaseLettersOfEachChunk() {
    // 001A0 -> bit 3 -> 'I'; 00000 -> 'A'; 6Vm9r -> bit 1 -> 'C'
    assertEquals("IAC", GenIds.suffix("001A0000006Vm9r"));
    assertEquals("001A0000006Vm9rIAC", GenIds.to18("001A0000006Vm9r"));
    assertEquals("AAA", GenIds.suffix("000000000000000"));
    assertEquals("555", GenIds.suffix("ABCDEFGHIJKLMNO"));
  }

  @Test
  void bothFormsNameTheSameRecord() {
    assertEquals("001A0000006Vm9rIAC", GenIds.to18("001A0000006Vm9rIAC"));
    assertTrue(GenIds.isValid("001A0000006Vm9r"));
    assertTrue(GenIds.isValid("001A0000006Vm9rIAC"));
  }

  @Test
  void anIdWithAWrongSuffixOrBadCharactersIsRejected() {
    assertFalse(GenIds.isValid("001A0000006Vm9rAAA"));
    assertFalse(GenIds.isValid("001A0000006Vm9-"));
    assertFalse(GenIds.isValid("001A0000006Vm9"));
    assertFalse(GenIds.isValid(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GenIds.to18("001A0000006Vm9rAAA"));
    assertEquals(
        "'001A0000006Vm9rAAA' is not a Salesforce Id (expected 15 letters/digits, or 18 with a"
            + " valid suffix)",
        e.getMessage());
  }

  @Test
  void aSequenceGivesDistinctValidIdsWithItsKeyPrefix() {
    GenIds.Sequence users = new GenIds.Sequence("005", "5g", 1);
    String previous = "";
    for (int i = 0; i < 1000; i++) {
      String id = users.next();
      assertEquals(18, id.length());
      assertTrue(id.startsWith("0055g0"), id);
      assertTrue(GenIds.isValid(id), id);
      assertFalse(id.equals(previous));
      previous = id;
    }
  }
}
