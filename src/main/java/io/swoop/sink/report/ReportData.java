package io.swoop.sink.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What the report shows, as read back from the staged tables: plain values, so the page can be
 * rendered (and tested) without Spark. A list is null when its table was not produced by the run,
 * and empty when the table has no rows.
 *
 * @param snapshotDate the run's snapshot date
 * @param windowDays the scorecard window, in days up to and including the snapshot date
 * @param scorecard {@code manager_scorecard}
 * @param people {@code rep_tenure}
 * @param trends {@code win_rate_trends} (manager and org levels)
 * @param winRates {@code win_rates} (manager and org levels)
 * @param takeoverQuarters {@code deal_takeovers} counted per taker and calendar quarter
 * @param takeoversInWindow {@code deal_takeovers} in the window, per taker
 * @param coaching {@code coaching}, null when the run did not produce it
 * @param effects {@code takeover_effect}, null when the run did not produce it
 * @param balance {@code takeover_effect_balance}, null when the run did not produce it
 * @param survival {@code rep_survival}, null when the run did not produce it
 * @param rejectedRows rows of {@code rejected_rows}
 */
public record ReportData(
    LocalDate snapshotDate,
    int windowDays,
    List<Manager> scorecard,
    List<Person> people,
    List<Trend> trends,
    List<QuarterRate> winRates,
    List<TakeoverQuarter> takeoverQuarters,
    List<TakeoverTotal> takeoversInWindow,
    List<Coaching> coaching,
    List<Effect> effects,
    List<Balance> balance,
    List<Survival> survival,
    long rejectedRows) {

  /**
   * One row of {@code manager_scorecard}. {@code medianTenureKmDays} and {@code attritionLogrankP}
   * are null also when the run's scorecard has no such column.
   */
  public record Manager(
      String id,
      String name,
      long teamSize,
      long lateStageDeals,
      long takeovers,
      Double takeoverRate,
      Double takeoverWinRate,
      Double otherWinRate,
      Double activityShare,
      Double editShare,
      Double medianTenureDays,
      Double attritionRate,
      Double teamWinRate,
      Double teamTrendSlope,
      Double index,
      Double coachingHoursPerRepWeek,
      Double takeoverEffect,
      Double medianTenureKmDays,
      Double attritionLogrankP) {}

  /** One row of {@code rep_tenure}. */
  public record Person(
      String id,
      String name,
      String managerId,
      LocalDate startDate,
      LocalDate endDate,
      boolean active,
      Integer tenureDays) {}

  /** One row of {@code win_rate_trends}. */
  public record Trend(
      String level,
      String entityId,
      int periods,
      LocalDate firstPeriod,
      LocalDate lastPeriod,
      Double slope,
      Double pValue,
      String direction) {}

  /** One row of {@code win_rates}. */
  public record QuarterRate(
      String level,
      String entityId,
      LocalDate periodStart,
      long won,
      long lost,
      Double winRate,
      Double low,
      Double high,
      BigDecimal bookings) {}

  /** The takeovers one manager made in one calendar quarter (UTC) of their {@code changed_at}. */
  public record TakeoverQuarter(
      String toOwnerId, LocalDate quarterStart, long takeovers, BigDecimal amount) {}

  /** The takeovers one manager made in the scorecard window, and the amount of those deals. */
  public record TakeoverTotal(String toOwnerId, long takeovers, BigDecimal amount) {}

  /** One row of {@code coaching}. */
  public record Coaching(
      String managerId,
      String repId,
      long oneToOnes,
      long minutes,
      Double weeks,
      Double hoursPerWeek,
      LocalDate lastOneToOne) {}

  /** One row of {@code takeover_effect}. */
  public record Effect(
      String level,
      String entityId,
      long matchedTakeovers,
      long unmatchedTakeovers,
      long takenOverWon,
      long takenOverLost,
      Double takenOverWinRate,
      Double matchedWinRate,
      Double effect,
      Double effectLow,
      Double effectHigh,
      Double pValue,
      Double eValue,
      Double eValueBound) {}

  /** One row of {@code takeover_effect_balance}. */
  public record Balance(
      String level,
      String entityId,
      String covariate,
      Double treatedMean,
      Double controlMean,
      Double smd) {}

  /** One row of {@code rep_survival}. */
  public record Survival(
      String level,
      String entityId,
      int day,
      long atRisk,
      long departures,
      long censored,
      Double survival,
      Double low,
      Double high) {}
}
