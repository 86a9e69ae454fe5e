package io.swoop.sink.report;

import static io.swoop.model.ColumnNames.ACTIVITY_SHARE;
import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.ATTRITION_LOGRANK_P;
import static io.swoop.model.ColumnNames.ATTRITION_RATE;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.COACHING_HOURS_PER_REP_WEEK;
import static io.swoop.model.ColumnNames.COVARIATE;
import static io.swoop.model.ColumnNames.DAY;
import static io.swoop.model.ColumnNames.EDIT_SHARE;
import static io.swoop.model.ColumnNames.EFFECT;
import static io.swoop.model.ColumnNames.EFFECT_HIGH;
import static io.swoop.model.ColumnNames.EFFECT_LOW;
import static io.swoop.model.ColumnNames.END_DATE;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.E_VALUE;
import static io.swoop.model.ColumnNames.E_VALUE_BOUND;
import static io.swoop.model.ColumnNames.HOURS_PER_WEEK;
import static io.swoop.model.ColumnNames.LATE_STAGE_DEALS;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.LOST;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.MATCHED_TAKEOVERS;
import static io.swoop.model.ColumnNames.MATCHED_WIN_RATE;
import static io.swoop.model.ColumnNames.MEDIAN_TENURE_DAYS;
import static io.swoop.model.ColumnNames.MEDIAN_TENURE_KM_DAYS;
import static io.swoop.model.ColumnNames.MICROMANAGEMENT_INDEX;
import static io.swoop.model.ColumnNames.ONE_TO_ONES;
import static io.swoop.model.ColumnNames.OTHER_WIN_RATE;
import static io.swoop.model.ColumnNames.PERIODS;
import static io.swoop.model.ColumnNames.PERIOD_START;
import static io.swoop.model.ColumnNames.P_VALUE;
import static io.swoop.model.ColumnNames.REP_ID;
import static io.swoop.model.ColumnNames.SLOPE;
import static io.swoop.model.ColumnNames.SMD;
import static io.swoop.model.ColumnNames.START_DATE;
import static io.swoop.model.ColumnNames.SURVIVAL;
import static io.swoop.model.ColumnNames.TAKEN_OVER_WIN_RATE;
import static io.swoop.model.ColumnNames.TAKEOVERS;
import static io.swoop.model.ColumnNames.TAKEOVER_RATE;
import static io.swoop.model.ColumnNames.TAKEOVER_WIN_RATE;
import static io.swoop.model.ColumnNames.TEAM_SIZE;
import static io.swoop.model.ColumnNames.TEAM_TREND_SLOPE;
import static io.swoop.model.ColumnNames.TEAM_WIN_RATE;
import static io.swoop.model.ColumnNames.TENURE_DAYS;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static io.swoop.model.ColumnNames.UNMATCHED_TAKEOVERS;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.WIN_RATE;
import static io.swoop.model.ColumnNames.WON;
import static io.swoop.model.ColumnValues.COVARIATE_AGE_DAYS;
import static io.swoop.model.ColumnValues.COVARIATE_AMOUNT;
import static io.swoop.model.ColumnValues.COVARIATE_PUSHES;
import static io.swoop.model.ColumnValues.COVARIATE_STAGE_DAYS;
import static io.swoop.model.ColumnValues.DECLINING;
import static io.swoop.model.ColumnValues.FLAT;
import static io.swoop.model.ColumnValues.LEVEL_MANAGER;
import static io.swoop.model.ColumnValues.LEVEL_ORG;

import io.swoop.model.MicromanagementIndex;
import io.swoop.model.MicromanagementIndex.Part;
import io.swoop.model.OutputTables;
import io.swoop.model.WeightedTrend;
import io.swoop.sink.report.Charts.CoachingBar;
import io.swoop.sink.report.Charts.Line;
import io.swoop.sink.report.Charts.Plot;
import io.swoop.sink.report.Charts.Quarter;
import io.swoop.sink.report.Charts.QuarterAmount;
import io.swoop.sink.report.Charts.RatePoint;
import io.swoop.sink.report.Charts.TakeoverBar;
import io.swoop.sink.report.Charts.Tick;
import io.swoop.sink.report.Charts.TrendCaption;
import io.swoop.sink.report.ReportData.Balance;
import io.swoop.sink.report.ReportData.Coaching;
import io.swoop.sink.report.ReportData.Effect;
import io.swoop.sink.report.ReportData.Manager;
import io.swoop.sink.report.ReportData.Person;
import io.swoop.sink.report.ReportData.QuarterRate;
import io.swoop.sink.report.ReportData.Survival;
import io.swoop.sink.report.ReportData.TakeoverQuarter;
import io.swoop.sink.report.ReportData.TakeoverTotal;
import io.swoop.sink.report.ReportData.Trend;
import io.swoop.sink.report.Svg.Frame;
import io.swoop.sink.report.Svg.Scale;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the report page shows, worked out from {@link ReportData} (the published tables) for the
 * templates under {@code src/main/jte/report}: which sentence applies, every number as a {@link
 * Num} that names its table, column and row, and the charts' marks already placed. The templates
 * hold the words and the markup; this class holds no HTML.
 */
public final class ReportView {
  /**
   * Hours of one-to-one time per rep and week that the coaching research this product rests on
   * cites as what raises a team's results.
   */
  public static final double BENCHMARK_HOURS = 3.0;

  static final String SCORECARD = OutputTables.MANAGER_SCORECARD;
  static final String TENURE = OutputTables.REP_TENURE;
  static final String TAKEOVER_TABLE = OutputTables.DEAL_TAKEOVERS;
  static final String RATES = OutputTables.WIN_RATES;
  static final String TRENDS = OutputTables.WIN_RATE_TRENDS;
  static final String COACHING = OutputTables.COACHING;
  static final String EFFECTS = OutputTables.TAKEOVER_EFFECT;
  static final String BALANCE = OutputTables.TAKEOVER_EFFECT_BALANCE;
  static final String SURVIVAL_TABLE = OutputTables.REP_SURVIVAL;

  /**
   * Below this log-rank p-value the report says a manager's reps leave significantly sooner (or
   * later) than the org's.
   */
  public static final double SIGNIFICANT_P = 0.05;

  /** An |SMD| above this is the usual sign of a poor match (CONTRACT §3). */
  public static final double SMD_LIMIT = 0.1;

  /**
   * The balance chart's scale ends at most this far from 0: an SMD beyond it (a pool of one or two
   * deals can give tens) is drawn at the end of the scale, its number written beside it.
   */
  static final double SMD_SCALE_MAX = 2.0;

  /** The covariates of takeover_effect_balance, in the contract's order. */
  private static final List<String> COVARIATES =
      List.of(COVARIATE_AMOUNT, COVARIATE_STAGE_DAYS, COVARIATE_PUSHES, COVARIATE_AGE_DAYS);

  private static final int QUARTERS_SHOWN = 8;
  private static final String COUNT = "count(*)";
  private static final String SUM_AMOUNT = "coalesce(sum(" + AMOUNT + "), 0)";

  private final ReportData d;
  private final Map<String, Person> people;
  private final Map<String, Trend> managerTrends = new HashMap<>();
  private final Map<String, Effect> managerEffects = new HashMap<>();
  private final Map<String, TakeoverTotal> totals;
  private final Map<String, List<Balance>> balance = new HashMap<>();
  private final Map<String, Map<String, BeforeMatching>> beforeMatching = new HashMap<>();
  private final Map<String, List<Survival>> survival = new HashMap<>();
  private final List<Survival> orgSurvival = new ArrayList<>();
  private final Num orgMedian;
  private final List<ManagerView> active = new ArrayList<>();
  private final List<ManagerView> departed = new ArrayList<>();
  private int charts;

  /**
   * @param beforeMatching the balance before matching, which no table holds; null when the run did
   *     not compute it (the balance charts then show only the balance after matching)
   */
  ReportView(ReportData d, List<BeforeMatching> beforeMatching) {
    this.d = d;
    if (beforeMatching != null) {
      for (BeforeMatching b : beforeMatching) {
        if (LEVEL_MANAGER.equals(b.level())) {
          this.beforeMatching
              .computeIfAbsent(b.entityId(), k -> new HashMap<>())
              .put(b.covariate(), b);
        }
      }
    }
    this.people = d.people().stream().collect(Collectors.toMap(Person::id, p -> p, (a, b) -> a));
    for (Trend t : d.trends()) {
      if (LEVEL_MANAGER.equals(t.level())) {
        managerTrends.put(t.entityId(), t);
      }
    }
    if (d.effects() != null) {
      for (Effect e : d.effects()) {
        if (LEVEL_MANAGER.equals(e.level())) {
          managerEffects.put(e.entityId(), e);
        }
      }
    }
    this.totals =
        d.takeoversInWindow().stream()
            .collect(Collectors.toMap(TakeoverTotal::toOwnerId, t -> t, (a, b) -> a));
    if (d.balance() != null) {
      for (Balance b : d.balance()) {
        if (LEVEL_MANAGER.equals(b.level())) {
          balance.computeIfAbsent(b.entityId(), k -> new ArrayList<>()).add(b);
        }
      }
    }
    if (d.survival() != null) {
      for (Survival r : d.survival()) {
        if (LEVEL_ORG.equals(r.level())) {
          orgSurvival.add(r);
        } else if (LEVEL_MANAGER.equals(r.level())) {
          survival.computeIfAbsent(r.entityId(), k -> new ArrayList<>()).add(r);
        }
      }
      orgSurvival.sort(Comparator.comparingInt(Survival::day));
      survival.values().forEach(l -> l.sort(Comparator.comparingInt(Survival::day)));
    }
    this.orgMedian =
        new Num(
            SURVIVAL_TABLE,
            "min(" + DAY + ")",
            LEVEL + " = " + quote(LEVEL_ORG) + " AND " + SURVIVAL + " <= 0.5",
            orgSurvival.stream()
                .filter(r -> r.survival() != null && r.survival() <= 0.5)
                .map(r -> (long) r.day())
                .findFirst()
                .orElse(null),
            Format.MONTHS);
    for (Manager m : ranked(d.scorecard())) {
      Person p = people.get(m.id());
      boolean left = p != null && !p.active();
      List<ManagerView> list = left ? departed : active;
      list.add(manager(m, list.size() + 1, left));
    }
  }

  // ---------------------------------------------------------------- the page

  public String snapshotDate() {
    return d.snapshotDate().toString();
  }

  public int windowDays() {
    return d.windowDays();
  }

  public String windowStart() {
    return firstDay().toString();
  }

  private LocalDate firstDay() {
    return d.snapshotDate().minusDays(d.windowDays() - 1L);
  }

  /** Active managers, ranked by index (highest first, no index last, then by name). */
  public List<ManagerView> active() {
    return active;
  }

  /** Managers who have left, ranked the same way. */
  public List<ManagerView> departed() {
    return departed;
  }

  /** The first screen's three answers. */
  public Summary summary() {
    long takers = 0;
    long count = 0;
    BigDecimal amount = BigDecimal.ZERO;
    for (TakeoverTotal t : d.takeoversInWindow()) {
      takers++;
      count += t.takeovers();
      amount = amount.add(t.amount() == null ? BigDecimal.ZERO : t.amount());
    }
    String window = windowWhere();
    ManagerView top = active.isEmpty() ? null : active.get(0);
    String effectState;
    EffectView org = null;
    if (d.effects() == null) {
      effectState = "no-table";
    } else {
      Effect e =
          d.effects().stream().filter(x -> LEVEL_ORG.equals(x.level())).findFirst().orElse(null);
      effectState = e == null ? "no-org" : "effect";
      org = e == null ? null : effect(e, LEVEL + " = " + quote(LEVEL_ORG));
    }
    boolean coached = d.coaching() != null && !d.coaching().isEmpty();
    long reps = coached ? d.coaching().size() : 0;
    long enough =
        coached
            ? d.coaching().stream()
                .filter(c -> c.hoursPerWeek() != null && c.hoursPerWeek() >= BENCHMARK_HOURS)
                .count()
            : 0;
    long none = coached ? d.coaching().stream().filter(c -> c.oneToOnes() == 0).count() : 0;
    return new Summary(
        new Num(TAKEOVER_TABLE, "count(DISTINCT " + TO_OWNER_ID + ")", window, takers, Format.INT),
        takers == 1,
        new Num(TAKEOVER_TABLE, COUNT, window, count, Format.INT),
        new Num(TAKEOVER_TABLE, SUM_AMOUNT, window, amount, Format.MONEY),
        top != null && !top.index().isNull() ? top : null,
        effectState,
        org,
        coached,
        new Num(COACHING, COUNT, HOURS_PER_WEEK + " >= " + BENCHMARK_HOURS, enough, Format.INT),
        new Num(COACHING, COUNT, "TRUE", reps, Format.INT),
        hours(BENCHMARK_HOURS),
        new Num(COACHING, COUNT, ONE_TO_ONES + " = 0", none, Format.INT),
        d.survival() != null,
        active.stream().map(ManagerView::stay).filter(StayView::sooner).toList(),
        orgMedian);
  }

  /** How the index is made: one row per part, and the data-quality line. */
  public Method method() {
    double total = MicromanagementIndex.PARTS.stream().mapToDouble(Part::weight).sum();
    List<MethodPart> parts = new ArrayList<>();
    for (Part p : MicromanagementIndex.PARTS) {
      boolean takeovers = p == MicromanagementIndex.TAKEOVERS;
      boolean decline = p == MicromanagementIndex.DECLINE;
      parts.add(
          new MethodPart(
              p.name(),
              decline
                  ? Format.SLOPE.apply(-p.zeroAt()) + " points a quarter"
                  : takeovers ? "1 in " + Math.round(1 / p.zeroAt()) : Format.PCT.apply(p.zeroAt()),
              decline
                  ? Format.SLOPE.apply(-p.fullAt()) + " points a quarter"
                  : takeovers ? "1 in " + Math.round(1 / p.fullAt()) : Format.PCT.apply(p.fullAt()),
              p.logScale() ? "logarithmic" : "linear",
              Format.INDEX.apply(100 * p.weight() / total)));
    }
    return new Method(
        parts, new Num(OutputTables.REJECTED_ROWS, COUNT, "TRUE", d.rejectedRows(), Format.INT));
  }

  // ---------------------------------------------------------------- view records

  /**
   * The first screen. {@code top} is null when no active manager has an index; {@code effectState}
   * is {@code no-table}, {@code no-org} or {@code effect} (then {@code org} is set).
   */
  public record Summary(
      Num takers,
      boolean oneTaker,
      Num takeovers,
      Num amount,
      ManagerView top,
      String effectState,
      EffectView org,
      boolean coachingMeasured,
      Num repsAtBenchmark,
      Num reps,
      String benchmark,
      Num repsWithoutOneToOne,
      boolean survivalMeasured,
      List<StayView> leaveSooner,
      Num orgMedian) {}

  /** One manager: the ranking's row and their own section. */
  public record ManagerView(
      String id,
      String name,
      int rank,
      boolean departed,
      Num index,
      double indexBar,
      Why why,
      EffectCell effect,
      CoachingCell coaching,
      Facts facts,
      Charts.Takeovers takeoverChart,
      Charts.WinRates winRateChart,
      Charts.Balance balanceChart,
      StayView stay,
      Team team) {
    /** The id of the manager's section, for links to it. */
    public String anchor() {
      return "m-" + id;
    }
  }

  /**
   * Why the index is what it is: the parts that give points (whole points adding up to the rounded
   * index), whether some scored but rounded to nothing, and the parts without data.
   */
  public record Why(
      boolean noIndex, Num index, List<WhyPart> parts, boolean someZero, List<String> unscored) {}

  /**
   * One part's points: {@code part} is its name in {@link MicromanagementIndex#PARTS}; {@code
   * points} the exact contribution, {@code shown} the whole points written; {@code a}, {@code b}
   * the scorecard values it rests on ({@code b} only for takeovers: the late-stage deals).
   */
  public record WhyPart(
      String part, double points, String managerId, long shown, Num a, Num b, int windowDays) {}

  /**
   * A manager's takeover effect: {@code state} is {@code no-table}, {@code no-takeovers}, {@code
   * no-match} or {@code effect} (then {@code effect} is set).
   */
  public record EffectCell(String state, EffectView effect) {}

  /**
   * The effect in words: what was compared ({@code org}: the org's deals against their teams'), the
   * size and its direction, how many treated deals found controls, the two win rates, the interval
   * (null limits: no interval) and, when the interval excludes 0, the E-values.
   */
  public record EffectView(
      boolean org,
      Num size,
      boolean unknown,
      boolean zero,
      boolean more,
      Num matched,
      Num treated,
      Num takenOverWinRate,
      Num matchedWinRate,
      Num low,
      Num high,
      Num eValue,
      Num eValueBound) {
    public boolean noneMatched() {
      return ((Long) matched.value()) == 0;
    }

    public boolean hasInterval() {
      return !low.isNull() && !high.isNull();
    }

    public boolean includesZero() {
      return (Double) low.value() <= 0 && (Double) high.value() >= 0;
    }

    public boolean above() {
      return (Double) low.value() > 0;
    }

    /** The E-value sentence applies: an interval that excludes no difference, and an E-value. */
    public boolean robustness() {
      return hasInterval() && !includesZero() && !eValue.isNull();
    }
  }

  /**
   * One-to-one time per rep for a manager: {@code state} is {@code unknown} (no EventRelation),
   * {@code no-reps} or {@code hours}; the small bar's length and the benchmark's place in it.
   */
  public record CoachingCell(
      String state, double bar, double benchX, Num hours, boolean atBenchmark, String benchmark) {}

  /**
   * How long reps stay under a manager (rep_survival and the scorecard's log-rank test): {@code
   * measured} false when the run wrote no rep_survival; {@code chart} null when the manager has no
   * spell there; {@code sooner} when the test is significant and half of the manager's reps left
   * sooner than half of the org's.
   */
  public record StayView(
      String name,
      boolean measured,
      Charts.Survival chart,
      Num median,
      Num orgMedian,
      Num p,
      boolean significant,
      boolean sooner,
      String alpha) {}

  /** The manager's "in the window" table. */
  public record Facts(
      Num takeovers,
      Num lateStageDeals,
      Num takeoverRate,
      Num amount,
      Num takeoverWinRate,
      Num otherWinRate,
      String lateStagePlain,
      Num activityShare,
      Num editShare,
      Num teamWinRate,
      Num medianTenure,
      Num teamSize,
      Num attrition) {}

  /** Direct reports now and those who have left, with the coaching chart when measured. */
  public record Team(
      List<Rep> active, List<Rep> left, Charts.Coaching chart, boolean coachingMeasured) {}

  /**
   * A direct report: {@code oneToOnes}/{@code hoursPerWeek} null when the rep has no coaching row.
   */
  public record Rep(String name, Num start, Num end, Num tenure, Num oneToOnes, Num hoursPerWeek) {}

  /** The method section. */
  public record Method(List<MethodPart> parts, Num rejectedRows) {}

  /** One part of the index, as the method table shows it. */
  public record MethodPart(
      String part, String zeroAt, String fullAt, String scale, String weight) {}

  // ---------------------------------------------------------------- one manager

  private ManagerView manager(Manager m, int rank, boolean left) {
    String where = managerWhere(m.id());
    double bar = m.index() == null ? 0 : Math.max(0, Math.min(100, m.index()));
    return new ManagerView(
        m.id(),
        name(m.id(), m.name()),
        rank,
        left,
        new Num(SCORECARD, MICROMANAGEMENT_INDEX, where, m.index(), Format.INDEX),
        bar,
        why(m),
        managerEffect(m),
        coachingCell(m),
        facts(m, where),
        takeoverChart(m),
        winRateChart(m),
        balanceChart(m),
        stay(m),
        team(m));
  }

  Why why(Manager m) {
    String where = managerWhere(m.id());
    Num index = new Num(SCORECARD, MICROMANAGEMENT_INDEX, where, m.index(), Format.INDEX);
    if (m.index() == null) {
      return new Why(true, index, List.of(), false, List.of());
    }
    Trend trend = managerTrends.get(m.id());
    boolean declining = trend != null && DECLINING.equals(trend.direction());
    Double[] points =
        MicromanagementIndex.contributions(
            m.takeovers(),
            m.lateStageDeals(),
            m.activityShare(),
            m.editShare(),
            m.attritionRate(),
            m.teamTrendSlope(),
            declining);
    long[] shown = apportion(points, m.index());
    List<WhyPart> parts = new ArrayList<>();
    List<String> unscored = new ArrayList<>();
    boolean someZero = false;
    for (int i = 0; i < points.length; i++) {
      Part part = MicromanagementIndex.PARTS.get(i);
      if (points[i] == null) {
        unscored.add(part.name());
      } else if (shown[i] == 0) {
        someZero = true;
      } else {
        parts.add(
            new WhyPart(
                part.name(),
                points[i],
                m.id(),
                shown[i],
                partValue(part, m, where),
                part == MicromanagementIndex.TAKEOVERS
                    ? new Num(SCORECARD, LATE_STAGE_DEALS, where, m.lateStageDeals(), Format.INT)
                    : null,
                d.windowDays()));
      }
    }
    return new Why(false, index, parts, someZero, unscored);
  }

  private static Num partValue(Part part, Manager m, String where) {
    if (part == MicromanagementIndex.TAKEOVERS) {
      return new Num(SCORECARD, TAKEOVERS, where, m.takeovers(), Format.INT);
    }
    if (part == MicromanagementIndex.ACTIVITY) {
      return new Num(SCORECARD, ACTIVITY_SHARE, where, m.activityShare(), Format.PCT);
    }
    if (part == MicromanagementIndex.EDITS) {
      return new Num(SCORECARD, EDIT_SHARE, where, m.editShare(), Format.PCT);
    }
    if (part == MicromanagementIndex.ATTRITION) {
      return new Num(SCORECARD, ATTRITION_RATE, where, m.attritionRate(), Format.PCT);
    }
    return new Num(SCORECARD, TEAM_TREND_SLOPE, where, m.teamTrendSlope(), Format.SLOPE);
  }

  /**
   * Whole points per part that add up to the rounded index (largest remainders), so the sentence
   * adds up as a reader checks it.
   */
  static long[] apportion(Double[] points, double index) {
    long target = Long.parseLong(Format.INDEX.apply(index).replace(Format.MINUS, "-"));
    long[] shown = new long[points.length];
    long sum = 0;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      if (points[i] != null) {
        shown[i] = (long) Math.floor(points[i]);
        sum += shown[i];
        order.add(i);
      }
    }
    order.sort(
        Comparator.comparingDouble((Integer i) -> -(points[i] - Math.floor(points[i])))
            .thenComparing(i -> i));
    for (int k = 0; k < order.size() && sum < target; k++) {
      shown[order.get(k)]++;
      sum++;
    }
    return shown;
  }

  private EffectCell managerEffect(Manager m) {
    if (d.effects() == null) {
      return new EffectCell("no-table", null);
    }
    Effect e = managerEffects.get(m.id());
    if (e == null) {
      return new EffectCell(m.takeovers() == 0 ? "no-takeovers" : "no-match", null);
    }
    return new EffectCell(
        "effect",
        effect(
            e, LEVEL + " = " + quote(LEVEL_MANAGER) + " AND " + ENTITY_ID + " = " + quote(m.id())));
  }

  static EffectView effect(Effect e, String where) {
    return new EffectView(
        LEVEL_ORG.equals(e.level()),
        new Num(EFFECTS, EFFECT, where, e.effect(), Format.ABS_POINTS),
        e.effect() == null,
        e.effect() != null && Format.ABS_POINTS.apply(e.effect()).equals("0"),
        e.effect() != null && e.effect() > 0,
        new Num(EFFECTS, MATCHED_TAKEOVERS, where, e.matchedTakeovers(), Format.INT),
        new Num(
            EFFECTS,
            MATCHED_TAKEOVERS + " + " + UNMATCHED_TAKEOVERS,
            where,
            e.matchedTakeovers() + e.unmatchedTakeovers(),
            Format.INT),
        new Num(EFFECTS, TAKEN_OVER_WIN_RATE, where, e.takenOverWinRate(), Format.PCT),
        new Num(EFFECTS, MATCHED_WIN_RATE, where, e.matchedWinRate(), Format.PCT),
        new Num(EFFECTS, EFFECT_LOW, where, e.effectLow(), Format.POINTS),
        new Num(EFFECTS, EFFECT_HIGH, where, e.effectHigh(), Format.POINTS),
        new Num(EFFECTS, E_VALUE, where, e.eValue(), Format.RATIO),
        new Num(EFFECTS, E_VALUE_BOUND, where, e.eValueBound(), Format.RATIO));
  }

  private CoachingCell coachingCell(Manager m) {
    String bench = hours(BENCHMARK_HOURS);
    if (d.coaching() == null || d.coaching().isEmpty()) {
      return new CoachingCell("unknown", 0, 0, null, false, bench);
    }
    Num hours =
        new Num(
            SCORECARD,
            COACHING_HOURS_PER_REP_WEEK,
            managerWhere(m.id()),
            m.coachingHoursPerRepWeek(),
            Format.HOURS);
    if (m.coachingHoursPerRepWeek() == null) {
      return new CoachingCell("no-reps", 0, 0, hours, false, bench);
    }
    double h = m.coachingHoursPerRepWeek();
    double max = BENCHMARK_HOURS * 2;
    return new CoachingCell(
        "hours",
        Math.min(h, max) / max * 100,
        1 + BENCHMARK_HOURS / max * 100,
        hours,
        h >= BENCHMARK_HOURS,
        bench);
  }

  private Facts facts(Manager m, String where) {
    TakeoverTotal total = totals.get(m.id());
    String window = windowWhere() + " AND " + TO_OWNER_ID + " = " + quote(m.id());
    return new Facts(
        new Num(SCORECARD, TAKEOVERS, where, m.takeovers(), Format.INT),
        new Num(SCORECARD, LATE_STAGE_DEALS, where, m.lateStageDeals(), Format.INT),
        new Num(SCORECARD, TAKEOVER_RATE, where, m.takeoverRate(), Format.PCT),
        new Num(
            TAKEOVER_TABLE,
            SUM_AMOUNT,
            window,
            total == null || total.amount() == null ? BigDecimal.ZERO : total.amount(),
            Format.MONEY),
        new Num(SCORECARD, TAKEOVER_WIN_RATE, where, m.takeoverWinRate(), Format.PCT),
        new Num(SCORECARD, OTHER_WIN_RATE, where, m.otherWinRate(), Format.PCT),
        Format.INT.apply(m.lateStageDeals()),
        new Num(SCORECARD, ACTIVITY_SHARE, where, m.activityShare(), Format.PCT),
        new Num(SCORECARD, EDIT_SHARE, where, m.editShare(), Format.PCT),
        new Num(SCORECARD, TEAM_WIN_RATE, where, m.teamWinRate(), Format.PCT),
        new Num(SCORECARD, MEDIAN_TENURE_DAYS, where, m.medianTenureDays(), Format.DAYS),
        new Num(SCORECARD, TEAM_SIZE, where, m.teamSize(), Format.INT),
        new Num(SCORECARD, ATTRITION_RATE, where, m.attritionRate(), Format.PCT));
  }

  private Team team(Manager m) {
    List<Person> reports =
        d.people().stream()
            .filter(p -> m.id().equals(p.managerId()) && !p.id().equals(m.id()))
            .toList();
    Map<String, Coaching> coaching = new HashMap<>();
    if (d.coaching() != null) {
      for (Coaching c : d.coaching()) {
        if (m.id().equals(c.managerId())) {
          coaching.put(c.repId(), c);
        }
      }
    }
    List<Person> now =
        reports.stream()
            .filter(Person::active)
            .sorted(Comparator.comparing((Person p) -> name(p.id(), p.name())))
            .toList();
    List<Person> gone =
        reports.stream()
            .filter(p -> !p.active())
            .sorted(
                Comparator.comparing(
                        (Person p) -> p.endDate(), Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing(p -> name(p.id(), p.name())))
            .toList();
    return new Team(
        now.stream().map(p -> rep(m, p, coaching.get(p.id()))).toList(),
        gone.stream().map(p -> rep(m, p, null)).toList(),
        coaching.isEmpty() ? null : coachingChart(m, now, coaching),
        d.coaching() != null && !d.coaching().isEmpty());
  }

  private static Rep rep(Manager m, Person p, Coaching c) {
    String pw = USER_ID + " = " + quote(p.id());
    String cw = MANAGER_ID + " = " + quote(m.id()) + " AND " + REP_ID + " = " + quote(p.id());
    return new Rep(
        name(p.id(), p.name()),
        new Num(TENURE, START_DATE, pw, p.startDate(), Format.DATE),
        new Num(TENURE, END_DATE, pw, p.endDate(), Format.DATE),
        new Num(TENURE, TENURE_DAYS, pw, p.tenureDays(), Format.DAYS),
        c == null ? null : new Num(COACHING, ONE_TO_ONES, cw, c.oneToOnes(), Format.INT),
        c == null ? null : new Num(COACHING, HOURS_PER_WEEK, cw, c.hoursPerWeek(), Format.HOURS));
  }

  // ---------------------------------------------------------------- charts

  /**
   * A chart's frame titled {@code what} + the person's name: the title a screen reader announces
   * holds the whole name, the heading drawn at the top a name cut to what fits the chart's width.
   */
  private Frame frame(int w, int h, String what, String who, String desc) {
    int room = Math.max(12, (int) (w / 7.5) - what.length());
    return new Frame(++charts, w, h, what + who, what + cut(who, room), desc);
  }

  /** The quarters shown in the charts: the snapshot's and the ones before it. */
  private List<LocalDate> quarters() {
    LocalDate q = quarterOf(d.snapshotDate());
    List<LocalDate> qs = new ArrayList<>();
    for (int i = QUARTERS_SHOWN - 1; i >= 0; i--) {
      qs.add(q.minusMonths(3L * i));
    }
    return qs;
  }

  private Charts.Takeovers takeoverChart(Manager m) {
    List<LocalDate> qs = quarters();
    Map<LocalDate, TakeoverQuarter> byQuarter = new HashMap<>();
    for (TakeoverQuarter t : d.takeoverQuarters()) {
      if (m.id().equals(t.toOwnerId())) {
        byQuarter.put(t.quarterStart(), t);
      }
    }
    long max = 1;
    for (LocalDate q : qs) {
      TakeoverQuarter t = byQuarter.get(q);
      max = Math.max(max, t == null ? 0 : t.takeovers());
    }
    int w = 380;
    Plot plot = new Plot(50, 30, 150, w - 10);
    double step = (plot.right() - plot.left()) / (double) qs.size();
    Scale y = new Scale(0, max, plot.bottom(), plot.top());
    List<TakeoverBar> bars = new ArrayList<>();
    List<QuarterAmount> amounts = new ArrayList<>();
    for (int i = 0; i < qs.size(); i++) {
      LocalDate q = qs.get(i);
      TakeoverQuarter t = byQuarter.get(q);
      long n = t == null ? 0 : t.takeovers();
      double x = plot.left() + i * step + step * 0.2;
      double bw = step * 0.6;
      double top = y.at(n);
      String where = quarterWhere(m.id(), q);
      bars.add(
          new TakeoverBar(
              x,
              top,
              bw,
              plot.bottom() - top,
              x + bw / 2,
              new Num(TAKEOVER_TABLE, COUNT, where, n, Format.INT),
              quarter(q)));
      if (t != null) {
        amounts.add(
            new QuarterAmount(
                quarter(q),
                new Num(
                    TAKEOVER_TABLE,
                    SUM_AMOUNT,
                    where,
                    t.amount() == null ? BigDecimal.ZERO : t.amount(),
                    Format.MONEY)));
      }
    }
    return new Charts.Takeovers(
        frame(
            w,
            200,
            "Takeovers per quarter by ",
            name(m.id(), m.name()),
            "Bars: takeovers this manager made in each quarter."),
        plot,
        max,
        bars,
        amounts);
  }

  private Charts.WinRates winRateChart(Manager m) {
    List<LocalDate> qs = quarters();
    Map<LocalDate, QuarterRate> byQuarter = new HashMap<>();
    for (QuarterRate r : d.winRates()) {
      if (LEVEL_MANAGER.equals(r.level()) && m.id().equals(r.entityId())) {
        byQuarter.put(r.periodStart(), r);
      }
    }
    int w = 380;
    Plot plot = new Plot(50, 32, 160, w - 10);
    double step = (plot.right() - plot.left()) / (double) qs.size();
    Scale y = new Scale(0, 1, plot.bottom(), plot.top());
    List<Tick> ticks = new ArrayList<>();
    for (int pct : new int[] {0, 50, 100}) {
      ticks.add(new Tick(y.at(pct / 100.0), pct + "%", pct > 0));
    }
    List<RatePoint> points = new ArrayList<>();
    for (int i = 0; i < qs.size(); i++) {
      LocalDate q = qs.get(i);
      double cx = plot.left() + i * step + step / 2;
      QuarterRate r = byQuarter.get(q);
      if (r == null) {
        points.add(new RatePoint(cx, quarter(q), null, null, null, 0, null, null));
        continue;
      }
      String where =
          LEVEL
              + " = "
              + quote(LEVEL_MANAGER)
              + " AND "
              + ENTITY_ID
              + " = "
              + quote(m.id())
              + " AND "
              + PERIOD_START
              + " = DATE '"
              + q
              + "'";
      boolean band = r.low() != null && r.high() != null;
      double labelY =
          r.winRate() == null
              ? 0
              : Math.max(plot.top() - 6, y.at(r.high() != null ? r.high() : r.winRate()) - 4);
      points.add(
          new RatePoint(
              cx,
              quarter(q),
              band ? y.at(r.high()) : null,
              band ? Math.max(1.0, y.at(r.low()) - y.at(r.high())) : null,
              r.winRate() == null ? null : y.at(r.winRate()),
              labelY,
              r.winRate() == null ? null : new Num(RATES, WIN_RATE, where, r.winRate(), Format.PCT),
              new Num(RATES, WON + " + " + LOST, where, r.won() + r.lost(), Format.INT)));
    }
    Trend trend = managerTrends.get(m.id());
    String tw = LEVEL + " = " + quote(LEVEL_MANAGER) + " AND " + ENTITY_ID + " = " + quote(m.id());
    TrendCaption caption;
    Line line = null;
    if (trend == null) {
      caption = new TrendCaption("none", null, null, null, null);
    } else if (trend.slope() == null) {
      caption = new TrendCaption("few", trend.direction(), null, null, null);
    } else {
      Num slope = new Num(TRENDS, SLOPE, tw, trend.slope(), Format.SLOPE);
      Num p = new Num(TRENDS, P_VALUE, tw, trend.pValue(), Format.P);
      if (FLAT.equals(trend.direction())) {
        caption = new TrendCaption("flat", trend.direction(), slope, p, null);
      } else {
        caption =
            new TrendCaption(
                "significant",
                trend.direction(),
                slope,
                p,
                new Num(TRENDS, PERIODS, tw, (long) trend.periods(), Format.INT));
        line = trendLine(trend, qs, byQuarter, plot, step, y);
      }
    }
    return new Charts.WinRates(
        frame(
            w,
            230,
            "Team win rate per quarter, ",
            name(m.id(), m.name()),
            "Dots: the win rate of the deals of this manager's direct reports closed in each"
                + " quarter; grey bar: its 95% Wilson interval; below each quarter the number of"
                + " closed deals. A trend line is drawn only when the trend is significant."),
        plot,
        ticks,
        points,
        line,
        caption);
  }

  /**
   * The published trend drawn: the table's slope, through the point every weighted least-squares
   * line passes through, which {@link WeightedTrend#centre} computes from the published quarters
   * the trend used (first_period to last_period), as the table's fit does. From the first quarter
   * shown (or the trend's first, if later) to its last.
   */
  private static Line trendLine(
      Trend t,
      List<LocalDate> shown,
      Map<LocalDate, QuarterRate> byQuarter,
      Plot plot,
      double step,
      Scale y) {
    List<QuarterRate> used =
        byQuarter.values().stream()
            .filter(
                r ->
                    r.winRate() != null
                        && !r.periodStart().isBefore(t.firstPeriod())
                        && !r.periodStart().isAfter(t.lastPeriod()))
            .sorted(Comparator.comparing(QuarterRate::periodStart))
            .toList();
    double[] x = new double[used.size()];
    double[] v = new double[used.size()];
    double[] w = new double[used.size()];
    for (int i = 0; i < used.size(); i++) {
      x[i] = quarterIndex(used.get(i).periodStart());
      v[i] = used.get(i).winRate();
      w[i] = used.get(i).won() + used.get(i).lost();
    }
    double[] centre = WeightedTrend.centre(x, v, w);
    if (centre == null) {
      return null;
    }
    LocalDate first = t.firstPeriod().isBefore(shown.get(0)) ? shown.get(0) : t.firstPeriod();
    double q0 = quarterIndex(first);
    double q1 = quarterIndex(t.lastPeriod());
    double base = quarterIndex(shown.get(0));
    return new Line(
        plot.left() + (q0 - base) * step + step / 2,
        y.at(clamp(centre[1] + t.slope() * (q0 - centre[0]))),
        plot.left() + (q1 - base) * step + step / 2,
        y.at(clamp(centre[1] + t.slope() * (q1 - centre[0]))));
  }

  private Charts.Balance balanceChart(Manager m) {
    List<Balance> rows = balance.get(m.id());
    if (rows == null || rows.isEmpty()) {
      return null;
    }
    Map<String, Balance> byCovariate = new HashMap<>();
    for (Balance b : rows) {
      byCovariate.put(b.covariate(), b);
    }
    Map<String, BeforeMatching> before = beforeMatching.getOrDefault(m.id(), Map.of());
    double limit = 0.5;
    for (Balance b : rows) {
      limit = widen(limit, b.smd());
    }
    for (BeforeMatching b : before.values()) {
      limit = widen(limit, b.smd());
    }
    int rowH = 20;
    int top = 44;
    double end = Math.min(limit, SMD_SCALE_MAX);
    Plot plot = new Plot(130, top, top + COVARIATES.size() * rowH, 290);
    Scale scale = new Scale(-end, end, plot.left(), plot.right());
    java.util.function.DoubleUnaryOperator x = v -> scale.at(Math.max(-end, Math.min(end, v)));
    String where =
        LEVEL + " = " + quote(LEVEL_MANAGER) + " AND " + ENTITY_ID + " = " + quote(m.id());
    List<Charts.BalanceRow> marks = new ArrayList<>();
    long within = 0;
    long shown = 0;
    Long pairs = null;
    for (int i = 0; i < COVARIATES.size(); i++) {
      Balance b = byCovariate.get(COVARIATES.get(i));
      if (b == null) {
        continue;
      }
      shown++;
      if (b.smd() != null && Math.abs(b.smd()) <= SMD_LIMIT) {
        within++;
      }
      BeforeMatching p = before.get(b.covariate());
      Charts.Before pool = null;
      if (p != null) {
        pairs = p.poolSize();
        pool =
            new Charts.Before(
                p.smd() == null ? null : x.applyAsDouble(p.smd()),
                p.smd() == null ? "" : p.smd().toString(),
                p.smd() == null ? "n/a" : Format.SMD.apply(p.smd()));
      }
      marks.add(
          new Charts.BalanceRow(
              b.covariate(),
              top + i * rowH,
              b.smd() == null ? null : x.applyAsDouble(b.smd()),
              new Num(
                  BALANCE,
                  SMD,
                  where + " AND " + COVARIATE + " = " + quote(b.covariate()),
                  b.smd(),
                  Format.SMD),
              pool));
    }
    boolean withBefore = pairs != null;
    return new Charts.Balance(
        frame(
            400,
            plot.bottom() + (withBefore ? 54 : 34),
            "How alike the compared deals were, ",
            name(m.id(), m.name()),
            withBefore
                ? "For each covariate, a hollow circle: the standardized mean difference between"
                    + " the deals this manager took over and every deal their team had in the same"
                    + " stage at the same moment, before matching; a dot: the same difference with"
                    + " the deals they were matched with; dashed lines at minus and plus 0.1,"
                    + " within which a match is usually called good; a mark at the end of the"
                    + " scale stands for any difference beyond it."
                : "Dots: the standardized mean difference of each covariate between the deals this"
                    + " manager took over and the deals they were matched with; dashed lines at"
                    + " minus and plus 0.1, within which a match is usually called good; a mark at"
                    + " the end of the scale stands for any difference beyond it."),
        plot,
        x.applyAsDouble(0),
        x.applyAsDouble(-SMD_LIMIT),
        x.applyAsDouble(SMD_LIMIT),
        Format.SMD.apply(end),
        limit > end,
        marks,
        within,
        shown,
        pairs == null ? null : Format.INT.apply(pairs));
  }

  /** The chart's half-width: at least {@code limit}, and enough for {@code smd} (tenths). */
  private static double widen(double limit, Double smd) {
    return smd == null ? limit : Math.max(limit, Math.ceil(Math.abs(smd) * 10) / 10);
  }

  private StayView stay(Manager m) {
    String where = managerWhere(m.id());
    Num median =
        new Num(SCORECARD, MEDIAN_TENURE_KM_DAYS, where, m.medianTenureKmDays(), Format.MONTHS);
    Num p = new Num(SCORECARD, ATTRITION_LOGRANK_P, where, m.attritionLogrankP(), Format.P);
    boolean significant = m.attritionLogrankP() != null && m.attritionLogrankP() < SIGNIFICANT_P;
    Long org = (Long) orgMedian.value();
    boolean sooner =
        significant
            && m.medianTenureKmDays() != null
            && (org == null || m.medianTenureKmDays() < org);
    List<Survival> rows = survival.get(m.id());
    return new StayView(
        name(m.id(), m.name()),
        d.survival() != null,
        rows == null || rows.isEmpty() ? null : survivalChart(m, rows),
        median,
        orgMedian,
        p,
        significant,
        sooner,
        Double.toString(SIGNIFICANT_P));
  }

  private Charts.Survival survivalChart(Manager m, List<Survival> rows) {
    int lastDay = 365;
    for (Survival r : rows) {
      lastDay = Math.max(lastDay, r.day());
    }
    for (Survival r : orgSurvival) {
      lastDay = Math.max(lastDay, r.day());
    }
    Plot plot = new Plot(50, 24, 170, 370);
    Scale x = new Scale(0, lastDay, plot.left(), plot.right());
    Scale y = new Scale(0, 1, plot.bottom(), plot.top());
    List<Line> censored = new ArrayList<>();
    for (Survival r : rows) {
      if (r.censored() > 0 && r.survival() != null) {
        double cy = y.at(r.survival());
        censored.add(new Line(x.at(r.day()), cy - 4, x.at(r.day()), cy + 4));
      }
    }
    double monthDays = 365.25 / 12;
    int every = lastDay / monthDays > 48 ? 12 : 6;
    List<Tick> months = new ArrayList<>();
    for (int mo = 0; mo * monthDays <= lastDay; mo += every) {
      months.add(new Tick(x.at(mo * monthDays), Integer.toString(mo), mo > 0));
    }
    List<Tick> shares = new ArrayList<>();
    for (int pct : new int[] {0, 50, 100}) {
      shares.add(new Tick(y.at(pct / 100.0), pct + "%", false));
    }
    return new Charts.Survival(
        frame(
            380,
            220,
            "Reps still working for ",
            name(m.id(), m.name()),
            "Solid line: the share of the reps who worked for this manager still with them after"
                + " each number of months (Kaplan-Meier), grey band its 95% interval; dashed line:"
                + " the same for the whole org. A tick marks reps who moved to another manager or"
                + " are still there, not leavers. Dotted line: half."),
        plot,
        steps(rows, x, y, lastDay),
        orgSurvival.isEmpty() ? null : steps(orgSurvival, x, y, lastDay),
        bands(rows, x, y),
        censored,
        y.at(0.5),
        months,
        shares);
  }

  /** A survival curve as SVG points: from 1 at day 0, a step down at each row's day. */
  private static String steps(List<Survival> rows, Scale x, Scale y, int lastDay) {
    StringBuilder pts = new StringBuilder();
    double level = 1.0;
    pts.append(Svg.f(x.at(0))).append(',').append(Svg.f(y.at(level)));
    for (Survival r : rows) {
      double px = x.at(r.day());
      pts.append(' ').append(Svg.f(px)).append(',').append(Svg.f(y.at(level)));
      if (r.survival() != null) {
        level = r.survival();
      }
      pts.append(' ').append(Svg.f(px)).append(',').append(Svg.f(y.at(level)));
    }
    int end = rows.isEmpty() ? lastDay : rows.get(rows.size() - 1).day();
    pts.append(' ').append(Svg.f(x.at(end))).append(',').append(Svg.f(y.at(level)));
    return pts.toString();
  }

  /**
   * The interval as polygons: each row's interval holds from its day to the next row's; rows
   * without one (survival 1 or 0) break the band.
   */
  private static List<String> bands(List<Survival> rows, Scale x, Scale y) {
    List<String> bands = new ArrayList<>();
    List<double[]> run = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Survival r = rows.get(i);
      if (r.low() == null || r.high() == null) {
        addBand(bands, run);
        continue;
      }
      double to = i + 1 < rows.size() ? rows.get(i + 1).day() : r.day();
      run.add(new double[] {x.at(r.day()), x.at(to), y.at(r.low()), y.at(r.high())});
    }
    addBand(bands, run);
    return bands;
  }

  private static void addBand(List<String> bands, List<double[]> run) {
    if (run.isEmpty()) {
      return;
    }
    List<String> upper = new ArrayList<>();
    List<String> lower = new ArrayList<>();
    for (double[] s : run) {
      upper.add(Svg.f(s[0]) + "," + Svg.f(s[3]));
      upper.add(Svg.f(s[1]) + "," + Svg.f(s[3]));
      lower.add(0, Svg.f(s[1]) + "," + Svg.f(s[2]));
      lower.add(1, Svg.f(s[0]) + "," + Svg.f(s[2]));
    }
    List<String> all = new ArrayList<>(upper);
    all.addAll(lower);
    bands.add(String.join(" ", all));
    run.clear();
  }

  private Charts.Coaching coachingChart(
      Manager m, List<Person> now, Map<String, Coaching> coaching) {
    List<Person> reps = now.stream().filter(p -> coaching.containsKey(p.id())).toList();
    if (reps.isEmpty()) {
      return null;
    }
    double max = BENCHMARK_HOURS * 1.5;
    for (Person p : reps) {
      Double hw = coaching.get(p.id()).hoursPerWeek();
      max = Math.max(max, hw == null ? 0 : hw);
    }
    int w = 420;
    int rowH = 18;
    int top = 44;
    Plot plot = new Plot(150, top, top + reps.size() * rowH, w - 40);
    double scale = (plot.right() - plot.left()) / max;
    List<CoachingBar> bars = new ArrayList<>();
    for (int i = 0; i < reps.size(); i++) {
      Person p = reps.get(i);
      Coaching c = coaching.get(p.id());
      double hw = c.hoursPerWeek() == null ? 0 : c.hoursPerWeek();
      String cw = MANAGER_ID + " = " + quote(m.id()) + " AND " + REP_ID + " = " + quote(p.id());
      bars.add(
          new CoachingBar(
              cut(name(p.id(), p.name()), 24),
              top + i * rowH,
              hw * scale,
              rowH - 6,
              new Num(COACHING, HOURS_PER_WEEK, cw, c.hoursPerWeek(), Format.HOURS)));
    }
    return new Charts.Coaching(
        frame(
            w,
            plot.bottom() + 34,
            "One-to-one hours a week per rep, ",
            name(m.id(), m.name()),
            "Bars: hours of one-to-one time a week each active direct report had with this"
                + " manager in the window; dashed line: the 3 hours a week benchmark."),
        plot,
        plot.left() + BENCHMARK_HOURS * scale,
        hours(BENCHMARK_HOURS) + " h benchmark",
        bars,
        plot.left() + (plot.right() - plot.left()) / 2.0);
  }

  // ---------------------------------------------------------------- helpers

  private static List<Manager> ranked(List<Manager> managers) {
    return managers.stream()
        .sorted(
            Comparator.comparing(
                    (Manager m) -> m.index(), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(m -> m.name() == null ? m.id() : m.name()))
        .toList();
  }

  private String windowWhere() {
    return timeRange(firstDay(), d.snapshotDate().plusDays(1));
  }

  private static String quarterWhere(String id, LocalDate q) {
    return TO_OWNER_ID + " = " + quote(id) + " AND " + timeRange(q, q.plusMonths(3));
  }

  private static String timeRange(LocalDate from, LocalDate to) {
    return CHANGED_AT
        + " >= TIMESTAMPTZ '"
        + from.atStartOfDay().toInstant(ZoneOffset.UTC)
        + "' AND "
        + CHANGED_AT
        + " < TIMESTAMPTZ '"
        + to.atStartOfDay().toInstant(ZoneOffset.UTC)
        + "'";
  }

  static String managerWhere(String id) {
    return MANAGER_ID + " = " + quote(id);
  }

  /** A string as an SQL literal. */
  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A person as the tables name them: the name, or the Id (a token when pseudonymized). */
  static String name(String id, String name) {
    return name != null && !name.isBlank() ? name : id == null ? "unknown" : id;
  }

  /** {@code s} cut to {@code max} characters, the cut marked with an ellipsis. */
  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  static String hours(double h) {
    return h == Math.rint(h) ? Long.toString((long) h) : Double.toString(h);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  static LocalDate quarterOf(LocalDate day) {
    return LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1);
  }

  private static long quarterIndex(LocalDate q) {
    return q.getYear() * 4L + (q.getMonthValue() - 1) / 3;
  }

  private static Quarter quarter(LocalDate q) {
    return new Quarter("Q" + ((q.getMonthValue() - 1) / 3 + 1), q.getYear());
  }
}
