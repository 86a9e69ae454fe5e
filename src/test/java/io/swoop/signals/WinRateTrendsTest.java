package io.swoop.signals;

import static io.swoop.signals.Fixture.day;
import static io.swoop.signals.Fixture.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swoop.model.OutputTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** CONTRACT §3 {@code win_rate_trends}, from win_rates rows written inline. */
class WinRateTrendsTest extends SignalsTestBase {
  private static final LocalDate SNAPSHOT = LocalDate.of(2024, 6, 30);

  /** A rep's win_rates row; only won and lost matter to the trend. */
  private static Row quarter(String entity, String periodStart, long won, long lost) {
    double rate = (double) won / (won + lost);
    return row("rep", entity, day(periodStart), won, lost, rate, 0.0, 1.0, money("0.00"));
  }

  /** 2023-Q1 to 2024-Q2, rising: won/lost 2/8, 3/3, 4/4, 6/4, 3/1, 8/4. */
  private static List<Row> rising(String entity) {
    List<Row> rows = new ArrayList<>();
    rows.add(quarter(entity, "2023-01-01", 2, 8));
    rows.add(quarter(entity, "2023-04-01", 3, 3));
    rows.add(quarter(entity, "2023-07-01", 4, 4));
    rows.add(quarter(entity, "2023-10-01", 6, 4));
    rows.add(quarter(entity, "2024-01-01", 3, 1));
    rows.add(quarter(entity, "2024-04-01", 8, 4));
    return rows;
  }

  private static Row trendOf(List<Row> winRates, int quarters, double alpha) {
    Dataset<Row> rates = spark.createDataFrame(winRates, OutputTables.WIN_RATES_SCHEMA);
    List<Row> out = WinRateTrends.compute(rates, SNAPSHOT, quarters, alpha).collectAsList();
    assertEquals(1, out.size());
    return out.get(0);
  }

  @Test
  void slopeIsTheWeightedLeastSquaresFitOfWinRateOnTheQuarterIndex() {
    // Worked out with numpy: lstsq of sqrt(w)·[1, x] on sqrt(w)·y, x = 212..217 (quarters since
    // 1970-Q1), w = won + lost; s² = Σw·r²/4, se = sqrt(s²·[(XᵀWX)⁻¹]₁₁) = 0.0211633,
    // t = 4.15235, p = 2·scipy.stats.t.sf(t, 4).
    Row t = trendOf(rising("a"), 6, 0.10);
    assertEquals("rep", t.getString(0));
    assertEquals("a", t.getString(1));
    assertEquals(6, t.getInt(2));
    assertEquals(day("2023-01-01"), t.getDate(3));
    assertEquals(day("2024-04-01"), t.getDate(4));
    assertEquals(0.08787731256085621, t.getDouble(5), 1e-12);
    assertEquals(0.014233107570088714, t.getDouble(6), 1e-10);
    assertEquals("improving", t.getString(7));
  }

  @Test
  void onlyTheLastTrendQuartersUpToTheSnapshotAreUsed() {
    List<Row> rows = rising("a");
    rows.add(quarter("a", "2022-10-01", 9, 0)); // older than the last 6
    rows.add(quarter("a", "2024-07-01", 0, 9)); // after the snapshot
    Row t = trendOf(rows, 6, 0.10);
    assertEquals(6, t.getInt(2));
    assertEquals(day("2023-01-01"), t.getDate(3));
    assertEquals(day("2024-04-01"), t.getDate(4));
    assertEquals(0.08787731256085621, t.getDouble(5), 1e-12);
  }

  @Test
  void fewerThanThreeQuartersGiveNoSlopeAndAFlatDirection() {
    Row t =
        trendOf(
            List.of(
                row("org", null, day("2024-01-01"), 1L, 1L, 0.5, 0.0, 1.0, money("0.00")),
                row("org", null, day("2024-04-01"), 2L, 0L, 1.0, 0.0, 1.0, money("0.00"))),
            6,
            0.10);
    assertEquals("org", t.getString(0));
    assertNull(t.get(1));
    assertEquals(2, t.getInt(2));
    assertNull(t.get(5));
    assertNull(t.get(6));
    assertEquals("flat", t.getString(7));
  }

  @Test
  void directionIsFlatUnlessThePValueIsBelowAlpha() {
    // won/lost 7/3, 5/5, 5/4, 3/7 over four quarters. numpy/scipy as above:
    // slope -0.11546391752577319, p 0.10144205842150998 (2 degrees of freedom).
    List<Row> rows =
        List.of(
            quarter("b", "2023-07-01", 7, 3),
            quarter("b", "2023-10-01", 5, 5),
            quarter("b", "2024-01-01", 5, 4),
            quarter("b", "2024-04-01", 3, 7));
    Row flat = trendOf(rows, 6, 0.10);
    assertEquals(-0.11546391752577319, flat.getDouble(5), 1e-12);
    assertEquals(0.10144205842150998, flat.getDouble(6), 1e-10);
    assertEquals("flat", flat.getString(7));
    assertEquals("declining", trendOf(rows, 6, 0.2).getString(7));
  }
}
