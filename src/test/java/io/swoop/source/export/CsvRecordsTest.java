package io.swoop.source.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
  void aQuoteOpenAtTheEndStopsTheReadNamingTheLineItOpenedOn() {
    CsvRecords.UnclosedQuote e =
        assertThrows(CsvRecords.UnclosedQuote.class, () -> read("a,b\n0,1\n1,\"open\n2,3\n"));
    assertEquals(3, e.line());
  }

  @Test
  void aBrokenQuoteRejectsItsLineAloneAndTheLinesItSwallowedAreReadAgain() {
    // CONTRACT §2 (issue 19: a quote opened on line 1,008 swallowed lines 1,009-1,012).
    List<CsvRecords.Record> r =
        read("Id,Name,Stage\n1,\"broken,x\n2,b,c\n3,c,d\n4,\"quoted\",e\n5,f,g\n");
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), r.stream().map(CsvRecords.Record::line).toList());
    assertEquals(List.of("1", "broken,x"), r.get(1).fields());
    assertEquals("1,\"broken,x", r.get(1).raw());
    assertEquals(
        "the quote opening field 2 does not close on this line; read on, the record would end on"
            + " line 5 with text after a closing quote in field 2 there, so this line is rejected"
            + " alone and the lines after it are read again",
        r.get(1).error());
    assertEquals(List.of("4", "quoted", "e"), r.get(4).fields());
    for (int i = 2; i < r.size(); i++) {
      assertNull(r.get(i).error());
    }
  }

  @Test
  void linesReadAgainKeepTheirBytesThatAreNotUtf8() {
    byte[] bytes =
        "Id,Name\n1,\"Ren\u00e9\n2,Zo\u00eb\n3,\"x\"\n4,\u00e0\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    List<CsvRecords.Record> r = readBytes(bytes);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), r.stream().map(CsvRecords.Record::line).toList());
    assertEquals(
        Arrays.asList(null, "0xE9", "0xEB", null, "0xE0"),
        r.stream().map(CsvRecords.Record::notUtf8).toList());
    assertEquals(List.of("2", "Zo\uFFFD"), r.get(2).fields());
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

  private static List<CsvRecords.Record> readBytes(byte[] bytes) {
    List<CsvRecords.Record> out = new ArrayList<>();
    new CsvRecords(CsvSplits.utf8(new ByteArrayInputStream(bytes), bytes.length))
        .forEachRemaining(out::add);
    return out;
  }

  @Test
  void bytesThatAreNotUtf8AreReplacedAndNotedOnTheirRecord() {
    List<CsvRecords.Record> r =
        readBytes(
            "Id,Name\n1,Ann\n2,Ren\u00e9\n3,\"Jos\u00e9\nM\u00fcller\"\n4,Zo\u00eb\n5,Bob\n"
                .getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(
        Arrays.asList(null, null, "0xE9", "0xE9", "0xEB", null),
        r.stream().map(CsvRecords.Record::notUtf8).toList());
    assertEquals(List.of("2", "Ren\uFFFD"), r.get(2).fields());
    assertEquals(List.of("3", "Jos\uFFFD\nM\uFFFDller"), r.get(3).fields());
    assertEquals(List.of(1L, 2L, 3L, 4L, 6L, 7L), r.stream().map(CsvRecords.Record::line).toList());
  }

  @Test
  void aReplacementCharacterWrittenAsUtf8IsText() {
    List<CsvRecords.Record> r =
        readBytes("Id,Name\n1,\uFFFD\n2,Ren\u00e9\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("1", "\uFFFD"), r.get(1).fields());
    assertNull(r.get(1).notUtf8());
    assertEquals(List.of("2", "Ren\u00e9"), r.get(2).fields());
    assertNull(r.get(2).notUtf8());
  }

  @Test
  void aByteAfterALoneCarriageReturnBelongsToTheNextRecord() {
    byte[] bytes = "a,b\r1,x\r\u00e9,y\r\n2,\u0092z\u0093\r".getBytes(StandardCharsets.ISO_8859_1);
    List<CsvRecords.Record> r = readBytes(bytes);
    assertEquals(
        Arrays.asList(null, null, "0xE9", "0x92"),
        r.stream().map(CsvRecords.Record::notUtf8).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L), r.stream().map(CsvRecords.Record::line).toList());
  }

  @Test
  void aTruncatedSequenceAtTheEndIsNoted() {
    byte[] bytes = {'a', '\n', 'x', (byte) 0xC3};
    List<CsvRecords.Record> r = readBytes(bytes);
    assertEquals(List.of("x\uFFFD"), r.get(1).fields());
    assertEquals("0xC3", r.get(1).notUtf8());
  }

  @Test
  void recordsDoNotDependOnHowTheReaderDeliversTheText() {
    String text =
        "Id,Note\r\n1,\"a, \"\"b\"\"\rc\r\nd\"\n2,"
            + "y".repeat(9000)
            + "\r3,\"\"\"x\"z\n\n4,\"a\"\r\n";
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

  @Test
  void bytesThatAreNotUtf8AreNotedOnTheirRecordWhereverTheTextIsCutIntoBlocks() {
    // Records around the 8192 characters read at once, a replacement on either side of each cut.
    StringBuilder text = new StringBuilder("Id,Name\n");
    List<String> expected = new ArrayList<>();
    expected.add(null);
    for (int i = 0; text.length() < 20000; i++) {
      boolean latin1 = i % 3 != 1;
      String name = "n".repeat(i % 7 == 0 ? 1500 : 37 + i % 11) + (latin1 ? "\u00e9" : "");
      text.append(i).append(',').append(name).append(i % 2 == 0 ? "\r" : "\n");
      expected.add(latin1 ? "0xE9" : null);
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
    for (int bufferSize : new int[] {16, 100, 8192, bytes.length}) {
      List<CsvRecords.Record> r = new ArrayList<>();
      new CsvRecords(new Utf8Reader(new ByteArrayInputStream(bytes), bufferSize))
          .forEachRemaining(r::add);
      assertEquals(expected, r.stream().map(CsvRecords.Record::notUtf8).toList(), "" + bufferSize);
      assertEquals(
          expected.size(),
          r.stream().map(CsvRecords.Record::line).distinct().count(),
          "" + bufferSize);
      assertEquals(expected.size(), r.get(r.size() - 1).line(), "" + bufferSize);
    }
  }
}
