package io.swoop.testing;

import io.swoop.job.Spark;
import io.swoop.model.Ids;
import io.swoop.model.OutputTables;
import io.swoop.sink.ParquetSink;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A small, plausible stand-in for each signal table, written through {@link ParquetSink} exactly
 * as the job writes tables: used by {@link SampleOutput} only while the real signals are not
 * merged. A VP, two managers and four reps (one departed); a few takeovers; four quarters of win
 * rates with Wilson intervals; trends; scorecards.
 */
final class StandInTables {
  private static final double Z = 1.959964;

  private StandInTables() {}

  static void write(Path out, LocalDate date, List<String> tables) throws Exception {
    SparkSession spark = Spark.session("local[1]", Map.of("spark.sql.shuffle.partitions", "1"));
    try {
      ParquetSink sink = new ParquetSink(spark, out.toString(), date);
      for (String t : tables) {
        sink.stage(t, spark.createDataFrame(rows(t, date), OutputTables.ALL.get(t)));
      }
      Path manifest = out.resolve("_runs/snapshot_date=" + date + ".json");
      sink.publish(Files.exists(manifest) ? Files.readString(manifest) : "{}");
    } finally {
      spark.stop();
    }
  }

  private static String id(int n) {
    return Ids.to18(String.format("0055g00000St%03d", n));
  }

  private static Row row(Object... v) {
    return RowFactory.create(v);
  }

  private static List<Row> rows(String table, LocalDate date) {
    List<Row> r = new ArrayList<>();
    String vp = id(1);
    String[] managers = {id(2), id(3)};
    String[] reps = {id(4), id(5), id(6), id(7)};
    switch (table) {
      case OutputTables.REP_TENURE -> {
        r.add(row(vp, "Valerie Stand-In", null, Date.valueOf("2018-02-05"), null, true, days("2018-02-05", date)));
        r.add(row(managers[0], "Manny Stand-In", vp, Date.valueOf("2020-04-01"), null, true, days("2020-04-01", date)));
        r.add(row(managers[1], "Marta Stand-In", vp, Date.valueOf("2021-01-11"), null, true, days("2021-01-11", date)));
        r.add(row(reps[0], "Reza Stand-In", managers[0], Date.valueOf("2024-03-04"), null, true, days("2024-03-04", date)));
        r.add(row(reps[1], "Rhea Stand-In", managers[0], Date.valueOf("2026-02-02"), null, true, days("2026-02-02", date)));
        r.add(row(reps[2], "Rory Stand-In", managers[1], Date.valueOf("2022-09-12"), null, true, days("2022-09-12", date)));
        r.add(row(reps[3], "Ruth Stand-In", managers[1], Date.valueOf("2023-05-15"), Date.valueOf("2026-06-30"), false, 777));
      }
      case OutputTables.DEAL_TAKEOVERS -> {
        String[][] t = {
          {"2026-01-14 16:02:11.123456", reps[0], managers[0], "1", "won", null},
          {"2026-03-03 09:30:00", reps[1], managers[0], "1", "lost", null},
          {"2026-04-21 11:15:00", reps[0], managers[0], "1", "won", "2026-05-02 08:00:00"},
          {"2026-06-09 14:45:30", reps[1], vp, "2", "open", null},
          {"2026-08-25 10:00:00", reps[2], managers[1], "1", "won", null},
          {"2026-09-18 17:20:00", reps[0], managers[0], "1", "open", null},
        };
        for (int i = 0; i < t.length; i++) {
          r.add(row(Ids.to18(String.format("0065g00000St%03d", i + 1)), Timestamp.valueOf(t[i][0]), t[i][1], t[i][2],
              Integer.parseInt(t[i][3]), "Negotiation/Review", 80.0, new BigDecimal(25000 + 5000 * i + ".50"),
              t[i][4], t[i][5] == null ? null : Timestamp.valueOf(t[i][5])));
        }
      }
      case OutputTables.WIN_RATES -> {
        String[] quarters = {"2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01"};
        for (int q = 0; q < quarters.length; q++) {
          long orgWon = 0;
          long orgLost = 0;
          for (int e = 0; e < reps.length; e++) {
            long won = 3 + (e + q) % 4;
            long lost = 4 + (e * 3 + q) % 3;
            r.add(winRate("rep", reps[e], quarters[q], won, lost));
            orgWon += won;
            orgLost += lost;
          }
          r.add(winRate("manager", managers[0], quarters[q], 7 + q, 9 - q));
          r.add(winRate("manager", managers[1], quarters[q], 8 - q, 8 + q));
          r.add(winRate("org", null, quarters[q], orgWon, orgLost));
        }
      }
      case OutputTables.WIN_RATE_TRENDS -> {
        Date first = Date.valueOf("2025-10-01");
        Date last = Date.valueOf("2026-07-01");
        r.add(row("rep", reps[0], 4, first, last, 0.021, 0.41, "flat"));
        r.add(row("rep", reps[1], 4, first, last, 0.060, 0.04, "improving"));
        r.add(row("rep", reps[2], 4, first, last, -0.012, 0.65, "flat"));
        r.add(row("rep", reps[3], 2, first, Date.valueOf("2026-01-01"), null, null, "flat"));
        r.add(row("manager", managers[0], 4, first, last, 0.055, 0.03, "improving"));
        r.add(row("manager", managers[1], 4, first, last, -0.058, 0.02, "declining"));
        r.add(row("org", null, 4, first, last, 0.004, 0.88, "flat"));
      }
      case OutputTables.MANAGER_SCORECARD -> {
        r.add(row(managers[0], "Manny Stand-In", 2L, 21L, 4L, 4 / 21.0, 0.5, 0.47, 0.31, 0.22, 600.0, 0.0, 0.48, 0.055, 62.5));
        r.add(row(managers[1], "Marta Stand-In", 1L, 17L, 1L, 1 / 17.0, 1.0, 0.44, 0.12, null, 1480.0, 0.5, 0.43, -0.058, 35.0));
        r.add(row(vp, "Valerie Stand-In", 2L, 38L, 1L, 1 / 38.0, null, 0.46, 0.04, 0.05, 2000.0, 0.0, 0.5, 0.004, 8.0));
      }
      default -> throw new IllegalArgumentException(table);
    }
    return r;
  }

  private static Row winRate(String level, String entity, String quarter, long won, long lost) {
    double n = won + lost;
    double p = won / n;
    double denom = 1 + Z * Z / n;
    double center = (p + Z * Z / (2 * n)) / denom;
    double half = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom;
    return row(level, entity, Date.valueOf(quarter), won, lost, p, center - half, center + half,
        new BigDecimal(won * 31250 + ".00"));
  }

  private static int days(String start, LocalDate date) {
    return (int) (date.toEpochDay() - LocalDate.parse(start).toEpochDay());
  }
}
