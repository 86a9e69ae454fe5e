package io.swoop.source.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
  private static List<CsvRecords.Record> read(String text) {
    List<CsvRecords.Record> out = new ArrayList<>();
    new CsvRecords(new StringReader(text)).forEachRemaining(out::add);
    return out;
  }

  @Test
  void byteOrderMarkIsSkipped() {
    assertEquals(List.of("Id", "Name"), read("\uFEFFId,Name\n").get(0).fields());
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndNewlines() {
    List<CsvRecords.Record> r = read("a,b\n\"x, y\",\"say \"\"hi\"\"\nthere\"\nlast,1\n");
    assertEquals(List.of("x, y", "say \"hi\"\nthere"), r.get(1).fields());
    assertEquals(2, r.get(1).line());
    assertEquals(4, r.get(2).line());
    assertEquals("\"x, y\",\"say \"\"hi\"\"\nthere\"", r.get(1).raw());
  }

  @Test
  void crlfLineEndsAndBlankLines() {
    List<CsvRecords.Record> r = read("a,b\r\n1,2\r\n\r\n3,4");
    assertEquals(3, r.size());
    assertEquals(List.of("3", "4"), r.get(2).fields());
    assertEquals(4, r.get(2).line());
    assertNull(r.get(2).error());
  }

  @Test
  void emptyFieldsAreEmptyStrings() {
    assertEquals(List.of("", "", ""), read(",,\n").get(0).fields());
  }

  @Test
  void unterminatedQuoteIsAnError() {
    List<CsvRecords.Record> r = read("a,b\n1,\"open\n2,3\n");
    assertEquals(2, r.size());
    assertTrue(r.get(1).error().startsWith("unterminated quoted field"));
  }

  @Test
  void textAfterClosingQuoteIsAnError() {
    assertEquals("text after a closing quote in field 1", read("\"a\"b,c\n").get(0).error());
  }

  @Test
  void rawIsCutAtOneThousandCharacters() {
    String longField = "x".repeat(5000);
    CsvRecords.Record r = read("a\n" + longField + "\n").get(1);
    assertEquals(CsvRecords.RAW_LIMIT, r.raw().length());
    assertEquals(5000, r.fields().get(0).length());
    assertFalse(r.raw().contains("\n"));
  }

  @Test
  void recordsDoNotDependOnHowTheReaderDeliversTheText() {
    String text =
        "Id,Note\r\n1,\"a, \"\"b\"\"\rc\r\nd\"\n2,"
            + "y".repeat(9000)
            + "\r3,\"\"\"x\"z\n\n4,\"open\r\n";
    List<CsvRecords.Record> whole = read(text);
    List<CsvRecords.Record> oneByOne = new ArrayList<>();
    Reader trickle =
        new StringReader(text) {
          @Override
          public int read(char[] cbuf, int off, int len) throws java.io.IOException {
            return super.read(cbuf, off, Math.min(len, 1));
          }
        };
    new CsvRecords(trickle).forEachRemaining(oneByOne::add);
    assertEquals(5, whole.size());
    assertEquals(List.of("1", "a, \"b\"\rc\r\nd"), whole.get(1).fields());
    assertEquals(9000, whole.get(2).fields().get(1).length());
    assertEquals(whole, oneByOne);
  }
}
