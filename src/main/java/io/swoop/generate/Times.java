package io.swoop.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

/** Instants as epoch seconds (UTC), working hours, and the text forms of Salesforce exports. */
final class Times {
  static final long MINUTE = 60;
  static final long HOUR = 3_600;
  static final long DAY = 86_400;
  // US working hours seen from UTC: people edit records between 13:00 and 23:00 UTC,
  // batch jobs (Data Loader, integrations) run at night around 03:00 UTC.
  private static final long WORK_START = 13 * HOUR;
  private static final long WORK_END = 23 * HOUR;
  private static final long BATCH_HOUR = 3 * HOUR;

  private Times() {}

  static long day(long t) {
    return Math.floorDiv(t, DAY);
  }

  static long startOf(LocalDate date) {
    return date.toEpochDay() * DAY;
  }

  static boolean weekend(long day) {
    return Math.floorMod(day + 3, 7) >= 5; // 1970-01-01 was a Thursday
  }

  /** The first working moment at or after t (a weekday between 13:00 and 23:00 UTC). */
  static long working(SplittableRandom random, long t) {
    long day = day(t);
    long sec = t - day * DAY;
    if (sec < WORK_START) {
      sec = WORK_START + random.nextLong(3 * HOUR);
    } else if (sec >= WORK_END) {
      day++;
      sec = WORK_START + random.nextLong(3 * HOUR);
    }
    while (weekend(day)) {
      day++;
      sec = WORK_START + random.nextLong(4 * HOUR);
    }
    return day * DAY + sec;
  }

  /** A whole minute in the night batch window of the given day. */
  static long batchMinute(SplittableRandom random, long day) {
    return day * DAY + BATCH_HOUR + random.nextInt(50) * MINUTE;
  }

  static String date(long epochDay) {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    char[] c = new char[10];
    int y = d.getYear();
    c[0] = (char) ('0' + y / 1000);
    c[1] = (char) ('0' + y / 100 % 10);
    c[2] = (char) ('0' + y / 10 % 10);
    c[3] = (char) ('0' + y % 10);
    c[4] = '-';
    two(c, 5, d.getMonthValue());
    c[7] = '-';
    two(c, 8, d.getDayOfMonth());
    return new String(c);
  }

  /** {@code 2024-03-05T14:22:10.000Z}. */
  static String timestamp(long t) {
    long day = day(t);
    int sec = (int) (t - day * DAY);
    char[] c = new char[24];
    date(day).getChars(0, 10, c, 0);
    c[10] = 'T';
    two(c, 11, sec / 3600);
    c[13] = ':';
    two(c, 14, sec / 60 % 60);
    c[16] = ':';
    two(c, 17, sec % 60);
    c[19] = '.';
    c[20] = '0';
    c[21] = '0';
    c[22] = '0';
    c[23] = 'Z';
    return new String(c);
  }

  private static void two(char[] c, int at, int v) {
    c[at] = (char) ('0' + v / 10);
    c[at + 1] = (char) ('0' + v % 10);
  }
}
