package io.swoop.source.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file read in byte ranges gives exactly the records of one sequential read. */
class CsvSplitsTest {
  @TempDir java.nio.file.Path dir;

  private int files;

  /**
   * The records of one read, in order; a whole range's header is left out, as the job does. {@code
   * unclosedQuote}: the line of a quote still open at the end, which stopped the read, else null.
   */
  private record Read(
      List<CsvRecords.Record> records, List<CsvSplits.Range> ranges, Long unclosedQuote) {}

  private Path write(byte[] bytes) throws IOException {
    java.nio.file.Path f = dir.resolve("f" + files++ + ".csv");
    Files.write(f, bytes);
    return new Path(f.toUri());
  }

  private static FileSystem fs() {
    return LocalFs.raw();
  }

  private static Read read(Path path, List<CsvSplits.Range> ranges) throws IOException {
    List<CsvRecords.Record> out = new ArrayList<>();
    for (CsvSplits.Range r : ranges) {
      try (CsvRecords records = CsvSplits.open(fs(), r)) {
        if (r.whole() && records.hasNext()) {
          records.next();
        }
        records.forEachRemaining(out::add);
      } catch (CsvRecords.UnclosedQuote e) {
        return new Read(out, ranges, e.line());
      }
    }
    return new Read(out, ranges, null);
  }

  private static Read sequential(Path path) throws IOException {
    long len = fs().getFileStatus(path).getLen();
    return read(path, CsvSplits.plan(fs(), path, len, 1, cs -> List.of()));
  }

  private static Read chunked(Path path, long chunkBytes) throws IOException {
    FileSystem fs = fs();
    long len = fs.getFileStatus(path).getLen();
    int chunks = (int) Math.max(1, (len + chunkBytes - 1) / chunkBytes);
    return read(path, CsvSplits.plan(fs, path, len, chunks, cs -> CsvSplits.countHere(fs, cs)));
  }

  /** Reads the text in 7-byte chunks, checks it equals the sequential read, and returns it. */
  private Read sameAsSequential(String text) throws IOException {
    return sameAsSequential(text.getBytes(StandardCharsets.UTF_8), 7);
  }

  private Read sameAsSequential(byte[] bytes, long chunkBytes) throws IOException {
    Path path = write(bytes);
    Read chunked = chunked(path, chunkBytes);
    Read sequential = sequential(path);
    assertEquals(sequential.records(), chunked.records());
    assertEquals(sequential.unclosedQuote(), chunked.unclosedQuote());
    return chunked;
  }

  private static boolean split(Read r) {
    return r.ranges().size() > 1;
  }

  @Test
  void quotedNewlinesAcrossAChunkBoundaryStayInOneRecord() throws IOException {
    Read r = sameAsSequential("a,b\n1,\"x\ny\nz\"\n2,\"p,\nq\"\n3,4\n");
    assertTrue(split(r));
    assertEquals(List.of("1", "x\ny\nz"), r.records().get(0).fields());
    assertEquals(List.of(2L, 5L, 7L), r.records().stream().map(CsvRecords.Record::line).toList());
  }

  @Test
  void doubledQuotesKeepTheQuoteState() throws IOException {
    Read r = sameAsSequential("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n\"\",\"x\"\"\ny\"\n5,6\n");
    assertTrue(split(r));
    assertEquals(List.of("say \"hi\"", "\""), r.records().get(0).fields());
    assertEquals(List.of("", "x\"\ny"), r.records().get(1).fields());
    assertEquals(5, r.records().get(2).line());
  }

  @Test
  void crlfAndLfLineEndsCountOneLineEach() throws IOException {
    Read r = sameAsSequential("a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n4,5\n6,7\r8,9\r\n");
    assertTrue(split(r));
    assertEquals(
        List.of(2L, 3L, 5L, 6L, 7L), r.records().stream().map(CsvRecords.Record::line).toList());
    assertEquals(List.of("3", "x\r\ny"), r.records().get(1).fields());
  }

  @Test
  void byteOrderMarkIsSkippedOnlyAtTheFileStart() throws IOException {
    Read r = sameAsSequential("\uFEFFa,b\n1,2\n\uFEFF3,4\n");
    assertTrue(split(r));
    assertEquals(List.of("1", "2"), r.records().get(0).fields());
    assertEquals(List.of("\uFEFF3", "4"), r.records().get(1).fields());
  }

  @Test
  void bytesThatAreNotUtf8AreNotedOnTheSameRecordsAsInOneRead() throws IOException {
    byte[] latin1 =
        "Id,Name\n1,Ren\u00e9\n2,\"x\ny\u00e9\"\n3,ok\n4,\u00e0\u00e9\n5,ok\n6,Zo\u00eb\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    for (long chunk : new long[] {5, 7, 11}) {
      Read r = sameAsSequential(latin1, chunk);
      assertTrue(split(r));
      assertEquals(
          java.util.Arrays.asList("0xE9", "0xE9", null, "0xE0", null, "0xEB"),
          r.records().stream().map(CsvRecords.Record::notUtf8).toList());
    }
  }

  @Test
  void blankLinesAreCountedButAreNotRecords() throws IOException {
    Read r = sameAsSequential("\n\r\na,b\n\n\n1,2\r\n\r\n\r3,4\n\n");
    assertTrue(split(r));
    assertEquals(List.of(6L, 9L), r.records().stream().map(CsvRecords.Record::line).toList());
  }

  @Test
  void malformedRecordsKeepTheirLineAndError() throws IOException {
    Read r = sameAsSequential("a,b\n1,2,3\n\"x\"y,2\n4\n5,6\n");
    List<CsvRecords.Record> recs = r.records();
    assertEquals(List.of("1", "2", "3"), recs.get(0).fields());
    assertEquals("text after a closing quote in field 1", recs.get(1).error());
    assertEquals(3, recs.get(1).line());
    assertEquals(List.of("4"), recs.get(2).fields());
    assertEquals(5, recs.get(3).line());
    assertEquals(4, recs.size());
  }

  @Test
  void aQuoteInsideAnUnquotedFieldMakesTheFileReadWhole() throws IOException {
    Read r = sameAsSequential("a,b\n1,2\nab\"c,\"d\"\n3,4\n5,6\n");
    assertEquals(1, r.ranges().size());
    assertTrue(r.ranges().get(0).whole());
    assertEquals("ab\"c", r.records().get(1).fields().get(0));
  }

  @Test
  void aQuoteAfterTextAfterAClosingQuoteMakesTheFileReadWhole() throws IOException {
    Read r = sameAsSequential("a,b\n1,2\n\"x\"y\"z,2\n3,4\n5,6\n");
    assertTrue(r.ranges().get(0).whole());
    assertEquals(1, r.ranges().size());
  }

  @Test
  void multibyteCharactersCutByAChunkBoundaryAreDecodedWhole() throws IOException {
    String text = "a,b\né€,😀\n€€€,\"ü\n😀\"\nx,y\n";
    for (long size = 1; size <= 12; size++) {
      Read r = sameAsSequential(text.getBytes(StandardCharsets.UTF_8), size);
      assertTrue(split(r));
      assertEquals(List.of("é€", "😀"), r.records().get(0).fields());
      assertEquals(List.of("€€€", "ü\n😀"), r.records().get(1).fields());
    }
  }

  @Test
  void malformedUtf8IsReplacedAsInTheSequentialRead() throws IOException {
    byte[] bytes = {
      'a',
      ',',
      'b',
      '\n',
      (byte) 0xe2,
      '"',
      ',',
      '1',
      '\n',
      '2',
      ',',
      (byte) 0xc3,
      '\n',
      '3',
      ',',
      '4',
      '\n'
    };
    Read r = sameAsSequential(bytes, 3);
    assertEquals(List.of("\uFFFD\"", "1"), r.records().get(0).fields());
  }

  @Test
  void emptyAndHeaderOnlyFilesHaveNoRecords() throws IOException {
    assertEquals(List.of(), sameAsSequential("").records());
    assertEquals(List.of(), sameAsSequential("a,b,c,d,e,f,g,h\n").records());
    assertEquals(List.of(), sameAsSequential("\uFEFFa,b,c,d,e,f,g,h").records());
    assertEquals(List.of(), sameAsSequential("\n\n\na,\"b\nc\",d\n\n\n").records());
  }

  @Test
  void twoChunksPerCoreWithinTheChunkSizeBounds() throws IOException {
    assertEquals(1, CsvSplits.chunkCount(5_000_000, 2, 8 << 20, 64 << 20));
    assertEquals(2, CsvSplits.chunkCount(20 << 20, 2, 8 << 20, 64 << 20));
    assertEquals(4, CsvSplits.chunkCount(100 << 20, 2, 8 << 20, 64 << 20));
    assertEquals(16, CsvSplits.chunkCount(1000L << 20, 2, 8 << 20, 64 << 20));
    assertEquals(3, CsvSplits.chunkCount(21, 8, 7, 7));
  }

  @Test
  void randomFilesReadInChunksEqualTheSequentialRead() throws IOException {
    Random random = new Random(20261130);
    int splitFiles = 0;
    int wholeFiles = 0;
    for (int i = 0; i < 120; i++) {
      byte[] bytes = randomCsv(random);
      Path path = write(bytes);
      Read expected = sequential(path);
      for (long size : new long[] {1, 7, 1 + random.nextInt(bytes.length + 1)}) {
        Read r = chunked(path, size);
        assertEquals(expected.records(), r.records(), "file " + i + ", " + size + "-byte chunks");
        assertEquals(expected.unclosedQuote(), r.unclosedQuote(), "file " + i);
        if (size == 7) {
          if (split(r)) {
            splitFiles++;
          } else {
            wholeFiles++;
          }
        }
      }
    }
    // Both ways of reading were exercised.
    assertTrue(splitFiles > 50, "split " + splitFiles);
    assertTrue(wholeFiles > 5, "whole " + wholeFiles);
  }

  private static final String[] PIECES = {
    "a", "bc", "12", "é", "€", "😀", " ", ",", "\"", "\"\"", "\n", "\r\n", "\r", "\uFEFF"
  };

  /** A CSV with every feature: quoted and doubled quotes, all line ends, blank lines, errors. */
  private static byte[] randomCsv(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (random.nextInt(4) == 0) {
      out.writeBytes("\uFEFF".getBytes(StandardCharsets.UTF_8));
    }
    boolean irregular = random.nextInt(5) == 0;
    int records = random.nextInt(12);
    int width = 1 + random.nextInt(4);
    for (int r = 0; r < records; r++) {
      if (random.nextInt(6) == 0) {
        out.writeBytes(eol(random).getBytes(StandardCharsets.UTF_8));
      }
      int fields = irregular && random.nextInt(4) == 0 ? 1 + random.nextInt(4) : width;
      StringBuilder rec = new StringBuilder();
      for (int f = 0; f < fields; f++) {
        if (f > 0) {
          rec.append(',');
        }
        rec.append(field(random, irregular));
      }
      if (random.nextInt(40) == 0) {
        out.writeBytes(rec.toString().getBytes(StandardCharsets.UTF_8));
        out.write((byte) 0xe2); // a truncated character
        rec.setLength(0);
      }
      if (r < records - 1 || random.nextBoolean()) {
        rec.append(eol(random));
      }
      out.writeBytes(rec.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String eol(Random random) {
    return new String[] {"\n", "\r\n", "\r"}[random.nextInt(3)];
  }

  private static String field(Random random, boolean irregular) {
    StringBuilder s = new StringBuilder();
    int kind = random.nextInt(10);
    int len = random.nextInt(6);
    if (kind < 5) {
      for (int i = 0; i < len; i++) {
        String p = PIECES[random.nextInt(PIECES.length)];
        if (!p.contains("\"") && !p.contains(",") && !p.contains("\n") && !p.contains("\r")) {
          s.append(p);
        }
      }
    } else if (kind < 9 || !irregular) {
      s.append('"');
      for (int i = 0; i < len; i++) {
        String p = PIECES[random.nextInt(PIECES.length)];
        s.append(p.equals("\"") ? "\"\"" : p);
      }
      if (!irregular || random.nextInt(30) > 0) {
        s.append('"'); // else unterminated
      }
      if (irregular && random.nextInt(15) == 0) {
        s.append("tail"); // text after the closing quote
      }
    } else {
      s.append("x\"y"); // a quote CsvRecords takes literally
    }
    return s.toString();
  }

  @Test
  void aQuoteOpenAtTheEndStopsTheReadNamingItsLineWithBothReaders() throws IOException {
    // At the start, in the middle and on the last line.
    Map<String, Long> opened =
        Map.of(
            "a,b\n\"open,1\n2,3\n4,5\n6,7\n", 2L,
            "a,b\n1,2\n3,\"open\n4,5\n6,7\n", 3L,
            "a,b\n1,2\n3,4\n5,6\n7,\"open\n", 5L);
    for (Map.Entry<String, Long> e : opened.entrySet()) {
      assertEquals(e.getValue(), sameAsSequential(e.getKey()).unclosedQuote(), e.getKey());
    }
  }

  /** CONTRACT §2: the lines a broken quote swallows are read again, with both readers. */
  @Test
  void aBrokenQuoteRejectsItsOwnLineAndTheLinesItSwallowedAreReadAgain() throws IOException {
    String header = "Id,Name,Stage\n";
    String[] good = {
      "1,a,s\n", "2,\"b\nb\",s\n", "3,c,s\n", "4,\"q\",s\n", "5,e,s\n", "6,f,s\n", "7,\"g\",s\n"
    };
    // A stray quote opens field 2 of the line at start, middle and end (at the end the quote of
    // record 7 closes it), each time with ranges of 7, 13 and 29 bytes cutting the swallowed lines.
    for (int broken : new int[] {0, 2, 5}) {
      StringBuilder text = new StringBuilder(header);
      for (int i = 0; i < good.length; i++) {
        text.append(i == broken ? (i + 1) + ",\"x,s\n" : good[i]);
      }
      for (long size : new long[] {7, 13, 29}) {
        Read r = sameAsSequential(text.toString().getBytes(StandardCharsets.UTF_8), size);
        assertEquals(null, r.unclosedQuote());
        List<CsvRecords.Record> recs = r.records();
        long brokenLine = 2 + broken + (broken > 1 ? 1 : 0);
        List<Long> lines = new ArrayList<>();
        for (CsvRecords.Record rec : recs) {
          lines.add(rec.line());
          if (rec.line() == brokenLine) {
            assertEquals(List.of(String.valueOf(broken + 1), "x,s"), rec.fields());
            assertEquals((broken + 1) + ",\"x,s", rec.raw());
            assertTrue(
                rec.error().startsWith("the quote opening field 2 does not close on this line"),
                rec.error());
          } else {
            assertEquals(null, rec.error(), "line " + rec.line());
            assertEquals(3, rec.fields().size(), "line " + rec.line());
          }
        }
        assertEquals(
            List.of(2L, 3L, 5L, 6L, 7L, 8L, 9L),
            lines,
            "broken " + broken + ", " + size + "-byte ranges");
      }
    }
  }

  @Test
  void aQuotedFieldRunningOverLinesIntoTheWrongNumberOfFieldsIsReadAgainToo() throws IOException {
    // The quote opened on line 2 closes cleanly on line 3 (before a comma) but leaves 4 fields.
    Read r = sameAsSequential("a,b,c\n1,\"open\n2,\",x\",y\n3,4,5\n");
    assertEquals(List.of(2L, 3L, 4L), r.records().stream().map(CsvRecords.Record::line).toList());
    assertTrue(r.records().get(0).error().contains("4 fields there, the header has 3"));
    assertEquals(List.of("2", ",x", "y"), r.records().get(1).fields());
    assertEquals(null, r.records().get(1).error());
  }

  @Test
  void aCleanFileWithQuotedLineBreaksIsStillReadInRanges() throws IOException {
    Read r = sameAsSequential("a,b\n1,\"x\ny\"\n2,\"p\nq\"\n3,4\n5,6\n7,8\n");
    assertTrue(split(r));
    assertEquals(5, r.records().size());
  }
}
