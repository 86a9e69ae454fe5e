package io.swoop.source.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT §2, "no line of a file is lost without a trace", as a property: well-formed exports with
 * quotes, commas and line breaks in their values, damaged by one quote put in or taken out at a
 * random place, read whole and in byte ranges.
 */
class CsvDamageTest {
  @TempDir java.nio.file.Path dir;

  /** What a read gave: its records, or the line of the quote left open that stopped it. */
  private record Outcome(List<CsvRecords.Record> records, Long unclosedQuote) {}

  @Test
  void everyLineOfADamagedFileIsAcceptedOrRejectedAndTheUndamagedRecordsAreUnchanged()
      throws IOException {
    Random random = new Random(19);
    int recovered = 0;
    int unclosed = 0;
    int split = 0;
    for (int i = 0; i < 300; i++) {
      int width = 2 + random.nextInt(4);
      boolean allQuoted = random.nextInt(3) == 0;
      List<String> records = new ArrayList<>();
      records.add(header(width));
      int n = 3 + random.nextInt(20);
      for (int r = 0; r < n; r++) {
        records.add(record(random, width, allQuoted));
      }
      String text = String.join("\n", records) + "\n";
      String damaged = damage(random, text, records.get(0).length() + 1);
      String where = "file " + i + ":\n" + damaged;

      Outcome before = readWhole(text);
      assertEquals(null, before.unclosedQuote());
      Outcome after = readWhole(damaged);
      for (long chunk : new long[] {23, 1 + random.nextInt(damaged.length())}) {
        Outcome ranges = readInRanges(damaged, chunk);
        assertEquals(after, ranges, where + "\nin " + chunk + "-byte ranges");
      }
      if (after.unclosedQuote() != null) {
        unclosed++;
        // Only the damage can leave a quote open, so it opened on the damaged record or after it.
        assertTrue(after.unclosedQuote() >= damagedRecordLine(before, damaged, text), where);
        continue;
      }
      // Every line belongs to exactly one record, and a rejected one is a single line; only a
      // blank line (a quote taken out can leave one) is no record.
      String[] physical = damaged.split("\n", -1);
      long lines = physical.length - 1;
      long expectedLine = 2;
      for (CsvRecords.Record r : after.records()) {
        while (expectedLine < r.line() && physical[(int) expectedLine - 1].isEmpty()) {
          expectedLine++;
        }
        assertEquals(expectedLine, r.line(), where);
        long span = 1 + String.join("", r.fields()).chars().filter(c -> c == '\n').count();
        boolean rejected = r.error() != null || r.fields().size() != width;
        if (rejected) {
          assertEquals(1, span, where + "\nrejected over several lines: " + r);
          recovered += r.error() != null && r.error().startsWith("the quote opening") ? 1 : 0;
        }
        expectedLine += span;
      }
      while (expectedLine <= lines && physical[(int) expectedLine - 1].isEmpty()) {
        expectedLine++;
      }
      assertEquals(lines + 1, expectedLine, where);
      // The records the damage did not touch are read as before.
      long damagedLine = damagedRecordLine(before, damaged, text);
      Map<Long, CsvRecords.Record> byLine = new HashMap<>();
      after.records().forEach(r -> byLine.put(r.line(), r));
      for (CsvRecords.Record r : before.records()) {
        if (r.line() != damagedLine && !swallowedByTheDamagedRecord(r, after, damagedLine)) {
          CsvRecords.Record same = byLine.get(r.line());
          assertTrue(same != null, where + "\nlost: " + r);
          assertEquals(r.fields(), same.fields(), where);
          assertEquals(null, same.error(), where);
        }
      }
      readInRanges(text, 23);
      split += lastReadSplit ? 1 : 0;
    }
    // The damage took each path many times.
    assertTrue(recovered > 50, "recovered " + recovered);
    assertTrue(unclosed > 5, "unclosed " + unclosed);
    assertTrue(split > 200, "split " + split);
  }

  /**
   * Whether {@code r} lies inside the record that starts on the damaged line in the damaged read:
   * the one record the damage may change, when it is accepted (a quote taken out of a value can
   * leave a well-formed record that holds what followed it).
   */
  private static boolean swallowedByTheDamagedRecord(
      CsvRecords.Record r, Outcome after, long damagedLine) {
    for (CsvRecords.Record d : after.records()) {
      if (d.line() == damagedLine) {
        long span = 1 + String.join("", d.fields()).chars().filter(c -> c == '\n').count();
        return r.line() > d.line() && r.line() < d.line() + span;
      }
    }
    return false;
  }

  /** The first line of the undamaged record in which the damage lies. */
  private static long damagedRecordLine(Outcome before, String damaged, String text) {
    int at = 0;
    while (at < text.length() && at < damaged.length() && text.charAt(at) == damaged.charAt(at)) {
      at++;
    }
    long line = 1 + text.substring(0, at).chars().filter(c -> c == '\n').count();
    long start = 1;
    for (CsvRecords.Record r : before.records()) {
      if (r.line() <= line) {
        start = r.line();
      }
    }
    return start;
  }

  private static String header(int width) {
    List<String> names = new ArrayList<>();
    for (int f = 0; f < width; f++) {
      names.add("c" + f);
    }
    return String.join(",", names);
  }

  private static final String[] PIECES = {"a", "bc", "7", "é", " ", ",", "\"", "\n", "😀"};

  /** A record as an export writes it: a value with a quote, comma or line break is quoted. */
  private static String record(Random random, int width, boolean allQuoted) {
    List<String> fields = new ArrayList<>();
    for (int f = 0; f < width; f++) {
      StringBuilder v = new StringBuilder();
      int len = random.nextInt(6);
      for (int k = 0; k < len; k++) {
        v.append(PIECES[random.nextInt(random.nextInt(3) == 0 ? PIECES.length : 5)]);
      }
      String value = v.toString();
      boolean special = value.contains("\"") || value.contains(",") || value.contains("\n");
      fields.add(
          special || allQuoted || random.nextInt(4) == 0
              ? "\"" + value.replace("\"", "\"\"") + "\""
              : value);
    }
    return String.join(",", fields);
  }

  /** One quote put in at a random place, or one of the quotes taken out. */
  private static String damage(Random random, String text, int from) {
    List<Integer> quotes = new ArrayList<>();
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == '"') {
        quotes.add(i);
      }
    }
    if (!quotes.isEmpty() && random.nextBoolean()) {
      int at = quotes.get(random.nextInt(quotes.size()));
      return text.substring(0, at) + text.substring(at + 1);
    }
    int at = from + random.nextInt(text.length() - from);
    if (Character.isLowSurrogate(text.charAt(at))) {
      at--; // not inside a character
    }
    return text.substring(0, at) + "\"" + text.substring(at);
  }

  private static Outcome readWhole(String text) {
    List<CsvRecords.Record> out = new ArrayList<>();
    try (CsvRecords records = new CsvRecords(new StringReader(text))) {
      records.next();
      records.forEachRemaining(out::add);
    } catch (CsvRecords.UnclosedQuote e) {
      return new Outcome(out, e.line());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new Outcome(out, null);
  }

  private int files;
  private boolean lastReadSplit;

  private static FileSystem fs() {
    return LocalFs.raw();
  }

  /** The records of the ranges the job would read, in {@code chunk}-byte chunks. */
  private Outcome readInRanges(String text, long chunk) throws IOException {
    java.nio.file.Path f = dir.resolve("f" + files++ + ".csv");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Files.write(f, bytes);
    Path path = new Path(f.toUri());
    FileSystem fs = fs();
    int chunks = (int) Math.max(1, (bytes.length + chunk - 1) / chunk);
    List<CsvSplits.Range> ranges =
        CsvSplits.plan(fs, path, bytes.length, chunks, cs -> CsvSplits.countHere(fs, cs));
    lastReadSplit = ranges.size() > 1;
    List<CsvRecords.Record> out = new ArrayList<>();
    for (CsvSplits.Range r : ranges) {
      try (CsvRecords records = CsvSplits.open(fs, r)) {
        if (r.whole() && records.hasNext()) {
          records.next();
        }
        records.forEachRemaining(out::add);
      } catch (CsvRecords.UnclosedQuote e) {
        return new Outcome(out, e.line());
      }
    }
    return new Outcome(out, null);
  }
}
