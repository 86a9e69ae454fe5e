package io.swoop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Issue 19: a message quotes at most 200 characters of input, control characters escaped. */
class PrintableTest {
  @Test
  void controlCharactersInvalidBytesAndLoneSurrogatesAreEscaped() {
    assertEquals(
        "a\\nb\\r\\tc\\u0000\\u001B[31m\\u007F\\u0085\\uFFFD\\uD83D é😀",
        Printable.quote("a\nb\r\tc\u0000\u001B[31m\u007F\u0085\uFFFD\uD83D é😀"));
  }

  @Test
  void atMostTwoHundredCharactersOfInputAreQuoted() {
    assertEquals("x".repeat(200), Printable.quote("x".repeat(200)));
    assertEquals("x".repeat(200) + "... (700 characters)", Printable.quote("x".repeat(700)));
    // A character is never cut in half.
    assertEquals(
        "x".repeat(199) + "... (202 characters)", Printable.quote("x".repeat(199) + "😀x"));
  }

  @Test
  void nullStaysNull() {
    assertNull(Printable.quote(null));
  }
}
