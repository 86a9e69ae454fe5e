package io.swoop.sink.report;

import io.swoop.model.ColumnValues;
import io.swoop.model.OutputTables;
import io.swoop.signals.MicromanagementIndex;
import io.swoop.signals.MicromanagementIndex.Part;
import io.swoop.sink.report.ReportData.Coaching;
import io.swoop.sink.report.ReportData.Effect;
import io.swoop.sink.report.ReportData.Manager;
import io.swoop.sink.report.ReportData.Person;
import io.swoop.sink.report.ReportData.QuarterRate;
import io.swoop.sink.report.ReportData.TakeoverQuarter;
import io.swoop.sink.report.ReportData.TakeoverTotal;
import io.swoop.sink.report.ReportData.Trend;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The run's report for people (CONTRACT §3): one self-contained HTML page, styles and charts
 * inline, nothing fetched. First what a sales leader asks (who swoops, did it help, do the reps get
 * coached), then one section per manager.
 *
 * <p>Every number on the page is marked up with where it comes from, so a test (or a doubtful
 * reader) can check it against the published tables: {@code <data value="v" data-table="t"
 * data-column="c" data-where="w" data-format="f">text</data>} (in a chart, a {@code <text>} with
 * {@code data-value} instead of {@code value}) means {@code SELECT c FROM t WHERE w} is {@code v}
 * (empty: null), shown as {@link Format} {@code f} writes it. The parts of an index carry {@code
 * data-part} and {@code data-manager} instead: they add up to that manager's index.
 */
public final class ReportPage {
  /**
   * Hours of one-to-one time per rep and week that the coaching research this product rests on
   * cites as what raises a team's results.
   */
  static final double BENCHMARK_HOURS = 3.0;

  private static final String SCORECARD = OutputTables.MANAGER_SCORECARD;
  private static final String TENURE = OutputTables.REP_TENURE;
  private static final String TAKEOVERS = OutputTables.DEAL_TAKEOVERS;
  private static final String RATES = OutputTables.WIN_RATES;
  private static final String TRENDS = OutputTables.WIN_RATE_TRENDS;
  private static final String COACHING = OutputTables.COACHING;
  private static final String EFFECT = OutputTables.TAKEOVER_EFFECT;
  private static final int QUARTERS_SHOWN = 8;
  private static final String NO_EVENT_RELATION =
      "no EventRelation export: one-to-one time unknown";

  private final ReportData d;
  private final Map<String, Person> people;
  private final Map<String, Trend> managerTrends = new HashMap<>();
  private final Map<String, Effect> managerEffects = new HashMap<>();
  private final Map<String, TakeoverTotal> totals;
  private final StringBuilder out = new StringBuilder();
  private int ids;

  private ReportPage(ReportData d) {
    this.d = d;
    this.people = d.people().stream().collect(Collectors.toMap(Person::id, p -> p, (a, b) -> a));
    for (Trend t : d.trends()) {
      if ("manager".equals(t.level())) {
        managerTrends.put(t.entityId(), t);
      }
    }
    if (d.effects() != null) {
      for (Effect e : d.effects()) {
        if ("manager".equals(e.level())) {
          managerEffects.put(e.entityId(), e);
        }
      }
    }
    this.totals =
        d.takeoversInWindow().stream()
            .collect(Collectors.toMap(TakeoverTotal::toOwnerId, t -> t, (a, b) -> a));
  }

  /** The whole page. */
  public static String render(ReportData data) {
    return new ReportPage(data).page();
  }

  private String page() {
    List<Manager> active = new ArrayList<>();
    List<Manager> departed = new ArrayList<>();
    for (Manager m : ranked(d.scorecard())) {
      Person p = people.get(m.id());
      (p == null || p.active() ? active : departed).add(m);
    }
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>swoop report, snapshot ")
        .append(d.snapshotDate())
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    out.append(
            "<header><h1>Who swoops, did it help, and is anyone coaching?</h1>\n<p class=\"sub\">")
        .append("swoop report for <b>")
        .append(d.snapshotDate())
        .append("</b>. &ldquo;The window&rdquo; is the ")
        .append(d.windowDays())
        .append(" days up to and including that date (")
        .append(windowStart())
        .append(" to ")
        .append(d.snapshotDate())
        .append(
            "). A <em>takeover</em> is a manager (or their manager) taking a late-stage deal"
                + " away from a rep. Every number here is read from the tables published with this"
                + " page.</p></header>\n<main>\n");
    summary(active);
    ranking(active, departed);
    out.append("<h2 id=\"managers\">Manager by manager</h2>\n");
    out.append(
        "<p class=\"note\">Each number says whom it covers: the manager&rsquo;s <em>direct"
            + " reports</em>, or the <em>whole tree</em> (everyone up to the configured number of"
            + " levels below them). Rates come with the number of deals behind them.</p>\n");
    for (Manager m : active) {
      manager(m, false);
    }
    if (!departed.isEmpty()) {
      out.append("<h2 id=\"departed-managers\">Managers who have left</h2>\n");
      for (Manager m : departed) {
        manager(m, true);
      }
    }
    method();
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }

  // ---------------------------------------------------------------- first screen

  private void summary(List<Manager> active) {
    out.append("<section class=\"summary\" aria-label=\"At a glance\">\n");
    // Who swoops.
    long takers = 0;
    long count = 0;
    BigDecimal amount = BigDecimal.ZERO;
    for (TakeoverTotal t : d.takeoversInWindow()) {
      takers++;
      count += t.takeovers();
      amount = amount.add(t.amount() == null ? BigDecimal.ZERO : t.amount());
    }
    String window = windowWhere();
    out.append("<div class=\"card\"><h2>Who swoops</h2><p>")
        .append(num(TAKEOVERS, "count(DISTINCT to_owner_id)", window, takers, Format.INT))
        .append(takers == 1 ? " manager" : " managers")
        .append(" made ")
        .append(num(TAKEOVERS, "count(*)", window, count, Format.INT))
        .append(" takeovers of late-stage deals in the window, deals worth ")
        .append(num(TAKEOVERS, "coalesce(sum(amount), 0)", window, amount, Format.MONEY))
        .append(" at the time.");
    Manager top = active.isEmpty() ? null : active.get(0);
    if (top != null && top.index() != null) {
      out.append(" Highest index: <b>")
          .append(hname(top.id(), top.name()))
          .append("</b>, ")
          .append(
              num(
                  SCORECARD,
                  "micromanagement_index",
                  managerWhere(top.id()),
                  top.index(),
                  Format.INDEX))
          .append(" of 100.");
    }
    out.append("</p></div>\n");
    // Did it help.
    out.append("<div class=\"card\"><h2>Did the takeovers help?</h2><p>");
    if (d.effects() == null) {
      out.append("Not measured in this run: the takeover_effect table was not produced.");
    } else {
      Effect org =
          d.effects().stream().filter(e -> "org".equals(e.level())).findFirst().orElse(null);
      if (org == null) {
        out.append("No taken-over deal has closed with a comparable deal to compare it with.");
      } else {
        out.append("Across the org, ").append(effectSentence(org, "level = 'org'")).append('.');
      }
    }
    out.append("</p></div>\n");
    // Coaching.
    out.append("<div class=\"card\"><h2>One-to-one time</h2><p>");
    if (d.coaching() == null || d.coaching().isEmpty()) {
      out.append(capital(NO_EVENT_RELATION)).append('.');
    } else {
      long reps = d.coaching().size();
      long enough =
          d.coaching().stream()
              .filter(c -> c.hoursPerWeek() != null && c.hoursPerWeek() >= BENCHMARK_HOURS)
              .count();
      long none = d.coaching().stream().filter(c -> c.oneToOnes() == 0).count();
      out.append(
              num(COACHING, "count(*)", "hours_per_week >= " + BENCHMARK_HOURS, enough, Format.INT))
          .append(" of ")
          .append(num(COACHING, "count(*)", "TRUE", reps, Format.INT))
          .append(" active reps get the ")
          .append(hours(BENCHMARK_HOURS))
          .append(
              " hours a week of one-to-one time with their manager that coaching research"
                  + " recommends; ")
          .append(num(COACHING, "count(*)", "one_to_ones = 0", none, Format.INT))
          .append(" had no one-to-one at all in the window.");
    }
    out.append("</p></div>\n</section>\n");
  }

  private void ranking(List<Manager> active, List<Manager> departed) {
    out.append("<h2 id=\"ranking\">Managers ranked by micromanagement index</h2>\n")
        .append(
            "<p class=\"note\">The index runs from 0 (no sign of micromanagement) to 100;"
                + " how it is made is explained <a href=\"#method\">at the end</a>. Active managers"
                + " only; those who have left are listed after them.</p>\n");
    rankingTable(active, "Active managers ranked by micromanagement index");
    if (!departed.isEmpty()) {
      out.append("<h3>Managers who have left</h3>\n");
      rankingTable(departed, "Managers who have left, ranked by micromanagement index");
    }
  }

  private void rankingTable(List<Manager> managers, String caption) {
    out.append("<table class=\"rank\"><caption class=\"sr\">")
        .append(caption)
        .append("</caption>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Manager</th>")
        .append("<th scope=\"col\">Index and why</th>")
        .append("<th scope=\"col\">Did their takeovers help?</th>")
        .append("<th scope=\"col\">One-to-one time per rep</th></tr></thead>\n<tbody>\n");
    int rank = 0;
    for (Manager m : managers) {
      rank++;
      out.append("<tr><td>")
          .append(rank)
          .append("</td><th scope=\"row\"><a href=\"#m-")
          .append(attr(m.id()))
          .append("\">")
          .append(hname(m.id(), m.name()))
          .append("</a></th><td>")
          .append(indexBar(m.index()))
          .append(why(m))
          .append("</td><td>")
          .append(capital(managerEffect(m)))
          .append("</td><td>")
          .append(coachingCell(m))
          .append("</td></tr>\n");
    }
    if (managers.isEmpty()) {
      out.append("<tr><td colspan=\"5\">No manager in the scorecard.</td></tr>\n");
    }
    out.append("</tbody></table>\n");
  }

  /** "20: 14 from 7 takeovers among 339 late-stage deals …; nothing else contributes." */
  String why(Manager m) {
    String where = managerWhere(m.id());
    if (m.index() == null) {
      return "<p>No index: none of its parts has data.</p>";
    }
    Trend trend = managerTrends.get(m.id());
    boolean declining = trend != null && ColumnValues.DECLINING.equals(trend.direction());
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
    List<String> parts = new ArrayList<>();
    List<String> unscored = new ArrayList<>();
    boolean someZero = false;
    for (int i = 0; i < points.length; i++) {
      Part part = MicromanagementIndex.PARTS.get(i);
      if (points[i] == null) {
        unscored.add(label(part));
      } else if (shown[i] == 0) {
        someZero = true;
      } else {
        parts.add(
            "<data value=\""
                + points[i]
                + "\" data-part=\""
                + part.name()
                + "\" data-manager=\""
                + attr(m.id())
                + "\">"
                + shown[i]
                + "</data> from "
                + partPhrase(part, m, where));
      }
    }
    StringBuilder s = new StringBuilder("<p><b>");
    s.append(num(SCORECARD, "micromanagement_index", where, m.index(), Format.INDEX))
        .append("</b>: ");
    if (parts.isEmpty()) {
      s.append("no part scores above zero");
    } else {
      s.append(String.join("; ", parts));
      if (someZero) {
        s.append("; nothing else contributes");
      }
    }
    if (!unscored.isEmpty()) {
      s.append(" (not scored, no data: ").append(String.join(", ", unscored)).append(')');
    }
    return s.append(".</p>").toString();
  }

  private String partPhrase(Part part, Manager m, String where) {
    if (part == MicromanagementIndex.TAKEOVERS) {
      return num(SCORECARD, "takeovers", where, m.takeovers(), Format.INT)
          + " takeovers among "
          + num(SCORECARD, "late_stage_deals", where, m.lateStageDeals(), Format.INT)
          + " late-stage deals of the whole tree in "
          + d.windowDays()
          + " days";
    }
    if (part == MicromanagementIndex.ACTIVITY) {
      return "logging "
          + num(SCORECARD, "activity_share", where, m.activityShare(), Format.PCT)
          + " of the calls, meetings and tasks on those deals";
    }
    if (part == MicromanagementIndex.EDITS) {
      return "writing "
          + num(SCORECARD, "edit_share", where, m.editShare(), Format.PCT)
          + " of those deals&rsquo; stage and forecast updates";
    }
    if (part == MicromanagementIndex.ATTRITION) {
      return num(SCORECARD, "attrition_rate", where, m.attritionRate(), Format.PCT)
          + " of direct reports leaving in the window";
    }
    return "a significantly declining team win rate ("
        + num(SCORECARD, "team_trend_slope", where, m.teamTrendSlope(), Format.SLOPE)
        + " points a quarter)";
  }

  private static String label(Part part) {
    if (part == MicromanagementIndex.TAKEOVERS) {
      return "takeovers";
    }
    if (part == MicromanagementIndex.ACTIVITY) {
      return "activity share";
    }
    if (part == MicromanagementIndex.EDITS) {
      return "edit share";
    }
    if (part == MicromanagementIndex.ATTRITION) {
      return "attrition";
    }
    return "win-rate trend";
  }

  /**
   * Whole points per part that add up to the rounded index (largest remainders), so the sentence
   * adds up as a reader checks it.
   */
  static long[] apportion(Double[] points, double index) {
    long target = Long.parseLong(Format.INDEX.apply(index).replace(Format.MINUS, "-"));
    long[] shown = new long[points.length];
    long sum = 0;
    for (int i = 0; i < points.length; i++) {
      if (points[i] != null) {
        shown[i] = (long) Math.floor(points[i]);
        sum += shown[i];
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      if (points[i] != null) {
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

  private String managerEffect(Manager m) {
    if (d.effects() == null) {
      return "not measured in this run (no takeover_effect table)";
    }
    Effect e = managerEffects.get(m.id());
    if (e == null) {
      return m.takeovers() == 0
          ? "no takeovers in the window to compare"
          : "none of their taken-over deals has closed with a comparable deal to compare it with";
    }
    return effectSentence(e, "level = 'manager' AND entity_id = " + quote(m.id()));
  }

  /**
   * "takeovers won 3 points more than comparable deals; the interval −4 to +10 includes no effect".
   */
  String effectSentence(Effect e, String where) {
    StringBuilder s = new StringBuilder("takeovers won ");
    String size = num(EFFECT, "effect", where, e.effect(), Format.ABS_POINTS);
    if (e.effect() == null) {
      s.append("an unknown share");
    } else if (Format.ABS_POINTS.apply(e.effect()).equals("0")) {
      s.append("as often as comparable deals (").append(size).append(" points)");
    } else {
      s.append(size)
          .append(" points ")
          .append(e.effect() > 0 ? "more" : "less")
          .append(" than comparable deals");
    }
    s.append(" (")
        .append(num(EFFECT, "taken_over_win_rate", where, e.takenOverWinRate(), Format.PCT))
        .append(" against ")
        .append(num(EFFECT, "matched_win_rate", where, e.matchedWinRate(), Format.PCT))
        .append(", over ")
        .append(num(EFFECT, "matched_takeovers", where, e.matchedTakeovers(), Format.INT))
        .append(" closed deals matched with comparable ones)");
    if (e.effectLow() == null || e.effectHigh() == null) {
      s.append("; too few deals, or too alike, for an interval");
    } else {
      boolean includesZero = e.effectLow() <= 0 && e.effectHigh() >= 0;
      s.append("; the interval ")
          .append(num(EFFECT, "effect_low", where, e.effectLow(), Format.POINTS))
          .append(" to ")
          .append(num(EFFECT, "effect_high", where, e.effectHigh(), Format.POINTS))
          .append(
              includesZero
                  ? " includes no effect"
                  : e.effectLow() > 0
                      ? " lies above zero: the takeovers did help"
                      : " lies below zero: taken-over deals did worse");
    }
    return s.toString();
  }

  private String coachingCell(Manager m) {
    if (d.coaching() == null || d.coaching().isEmpty()) {
      return capital(NO_EVENT_RELATION);
    }
    String where = managerWhere(m.id());
    if (m.coachingHoursPerRepWeek() == null) {
      return "No active direct report.";
    }
    double h = m.coachingHoursPerRepWeek();
    return coachingBar(h)
        + num(SCORECARD, "coaching_hours_per_rep_week", where, h, Format.HOURS)
        + " a week on average, "
        + (h >= BENCHMARK_HOURS ? "at or above" : "below")
        + " the "
        + hours(BENCHMARK_HOURS)
        + " h benchmark";
  }

  // ---------------------------------------------------------------- per manager

  private void manager(Manager m, boolean departedManager) {
    String where = managerWhere(m.id());
    out.append("<section class=\"manager\" id=\"m-")
        .append(attr(m.id()))
        .append("\">\n<h3>")
        .append(hname(m.id(), m.name()))
        .append(" <span class=\"idx\">index ")
        .append(num(SCORECARD, "micromanagement_index", where, m.index(), Format.INDEX))
        .append("</span>")
        .append(departedManager ? " <span class=\"tag\">has left</span>" : "")
        .append("</h3>\n");
    out.append("<div class=\"charts\">\n");
    out.append(takeoverChart(m));
    out.append(winRateChart(m));
    out.append("</div>\n");
    facts(m, where);
    team(m);
    out.append("</section>\n");
  }

  private void facts(Manager m, String where) {
    TakeoverTotal total = totals.get(m.id());
    String window = windowWhere() + " AND to_owner_id = " + quote(m.id());
    out.append("<table class=\"facts\"><caption>In the window</caption>\n")
        .append("<thead><tr><th scope=\"col\">What</th><th scope=\"col\">Value</th>")
        .append("<th scope=\"col\">Covers</th></tr></thead><tbody>\n");
    row(
        "Takeovers",
        num(SCORECARD, "takeovers", where, m.takeovers(), Format.INT)
            + " of "
            + num(SCORECARD, "late_stage_deals", where, m.lateStageDeals(), Format.INT)
            + " late-stage deals ("
            + num(SCORECARD, "takeover_rate", where, m.takeoverRate(), Format.PCT)
            + ")",
        "whole tree");
    row(
        "Amount of the deals taken over",
        num(
            TAKEOVERS,
            "coalesce(sum(amount), 0)",
            window,
            total == null || total.amount() == null ? BigDecimal.ZERO : total.amount(),
            Format.MONEY),
        "this manager&rsquo;s takeovers, amount when taken");
    row(
        "Win rate of the deals they took over",
        rate(m.takeoverWinRate(), SCORECARD, "takeover_win_rate", where)
            + " vs "
            + rate(m.otherWinRate(), SCORECARD, "other_win_rate", where)
            + " for the tree&rsquo;s other late-stage deals",
        "closed ones of the whole tree&rsquo;s " + plain(m.lateStageDeals()) + " late-stage deals");
    row(
        "Their own share of the activity",
        rate(m.activityShare(), SCORECARD, "activity_share", where),
        "calls, meetings and tasks on the whole tree&rsquo;s late-stage deals");
    row(
        "Their own share of the deal edits",
        m.editShare() == null
            ? num(SCORECARD, "edit_share", where, null, Format.PCT)
                + " (the export names no editor)"
            : rate(m.editShare(), SCORECARD, "edit_share", where),
        "stage and forecast updates on the whole tree&rsquo;s late-stage deals");
    row(
        "Team win rate",
        rate(m.teamWinRate(), SCORECARD, "team_win_rate", where),
        "deals of direct reports that closed in the window");
    row(
        "Median tenure",
        m.medianTenureDays() == null
            ? num(SCORECARD, "median_tenure_days", where, null, Format.DAYS)
            : num(SCORECARD, "median_tenure_days", where, m.medianTenureDays(), Format.DAYS)
                + " days",
        num(SCORECARD, "team_size", where, m.teamSize(), Format.INT) + " active direct reports");
    row(
        "Attrition",
        rate(m.attritionRate(), SCORECARD, "attrition_rate", where) + " left in the window",
        "direct reports active in the window");
    row("One-to-one time", coachingCell(m), "active direct reports");
    row("Did their takeovers help?", capital(managerEffect(m)), "their closed taken-over deals");
    out.append("</tbody></table>\n");
  }

  private void row(String what, String value, String covers) {
    out.append("<tr><th scope=\"row\">")
        .append(what)
        .append("</th><td>")
        .append(value)
        .append("</td><td>")
        .append(covers)
        .append("</td></tr>\n");
  }

  private String rate(Double value, String table, String column, String where) {
    return num(table, column, where, value, Format.PCT);
  }

  private void team(Manager m) {
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
    List<Person> active =
        reports.stream()
            .filter(Person::active)
            .sorted(Comparator.comparing((Person p) -> name(p.id(), p.name())))
            .toList();
    List<Person> left =
        reports.stream()
            .filter(p -> !p.active())
            .sorted(
                Comparator.comparing(
                        (Person p) -> p.endDate(), Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing(p -> name(p.id(), p.name())))
            .toList();
    out.append("<div class=\"people\">\n");
    if (!coaching.isEmpty()) {
      out.append(coachingChart(m, active, coaching));
    }
    out.append("<table class=\"team\"><caption>Direct reports now (")
        .append(active.size())
        .append(")</caption>\n<thead><tr><th scope=\"col\">Rep</th><th scope=\"col\">Since</th>")
        .append("<th scope=\"col\">Tenure</th><th scope=\"col\">One-to-ones in the window</th>")
        .append("</tr></thead><tbody>\n");
    for (Person p : active) {
      String pw = "user_id = " + quote(p.id());
      Coaching c = coaching.get(p.id());
      String cw = "manager_id = " + quote(m.id()) + " AND rep_id = " + quote(p.id());
      out.append("<tr><th scope=\"row\">")
          .append(hname(p.id(), p.name()))
          .append("</th><td>")
          .append(num(TENURE, "start_date", pw, p.startDate(), Format.DATE))
          .append("</td><td>")
          .append(num(TENURE, "tenure_days", pw, p.tenureDays(), Format.DAYS))
          .append(" days</td><td>");
      if (c == null) {
        out.append(d.coaching() == null || d.coaching().isEmpty() ? "unknown" : "not in coaching");
      } else {
        out.append(num(COACHING, "one_to_ones", cw, c.oneToOnes(), Format.INT))
            .append(", ")
            .append(num(COACHING, "hours_per_week", cw, c.hoursPerWeek(), Format.HOURS))
            .append(" a week");
      }
      out.append("</td></tr>\n");
    }
    if (active.isEmpty()) {
      out.append("<tr><td colspan=\"4\">No active direct report.</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    if (!left.isEmpty()) {
      out.append("<table class=\"team left\"><caption>Direct reports who have left (")
          .append(left.size())
          .append(
              ")</caption>\n<thead><tr><th scope=\"col\">Rep</th><th scope=\"col\">Left on</th>")
          .append("<th scope=\"col\">Tenure</th></tr></thead><tbody>\n");
      for (Person p : left) {
        String pw = "user_id = " + quote(p.id());
        out.append("<tr><th scope=\"row\">")
            .append(hname(p.id(), p.name()))
            .append("</th><td>")
            .append(num(TENURE, "end_date", pw, p.endDate(), Format.DATE))
            .append("</td><td>")
            .append(num(TENURE, "tenure_days", pw, p.tenureDays(), Format.DAYS))
            .append(" days</td></tr>\n");
      }
      out.append("</tbody></table>\n");
    }
    out.append("</div>\n");
  }

  // ---------------------------------------------------------------- charts

  /** The quarters shown in the charts: the snapshot's and the ones before it. */
  private List<LocalDate> quarters() {
    LocalDate q = quarterOf(d.snapshotDate());
    List<LocalDate> qs = new ArrayList<>();
    for (int i = QUARTERS_SHOWN - 1; i >= 0; i--) {
      qs.add(q.minusMonths(3L * i));
    }
    return qs;
  }

  private String takeoverChart(Manager m) {
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
    int h = 200;
    int left = 50;
    int bottom = 150;
    int top = 30;
    double step = (w - left - 10) / (double) qs.size();
    String title = "Takeovers per quarter by " + name(m.id(), m.name());
    StringBuilder s = svgOpen(w, h, title, "Bars: takeovers this manager made in each quarter.");
    s.append(axes(left, top, bottom, w - 10));
    s.append(
        text(
            12,
            (top + bottom) / 2.0,
            "middle",
            "rotate(-90 12 " + (top + bottom) / 2 + ")",
            "takeovers"));
    s.append(text(left - 4, bottom + 4, "end", null, "0"));
    s.append(text(left - 4, top + 4, "end", null, Long.toString(max)));
    StringBuilder amounts = new StringBuilder();
    for (int i = 0; i < qs.size(); i++) {
      LocalDate q = qs.get(i);
      TakeoverQuarter t = byQuarter.get(q);
      long n = t == null ? 0 : t.takeovers();
      double x = left + i * step + step * 0.2;
      double bw = step * 0.6;
      double bh = (bottom - top) * n / (double) max;
      s.append(
          String.format(
              "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
              x, bottom - bh, bw, bh));
      String where = quarterWhere(m.id(), q);
      s.append(svgNum(x + bw / 2, bottom - bh - 4, TAKEOVERS, "count(*)", where, n, Format.INT));
      s.append(text(x + bw / 2, bottom + 14, "middle", null, quarterLabel(q)));
      s.append(text(x + bw / 2, bottom + 26, "middle", null, Integer.toString(q.getYear())));
      if (t != null) {
        amounts
            .append(amounts.length() == 0 ? "" : "; ")
            .append(quarterLabel(q))
            .append(' ')
            .append(q.getYear())
            .append(": ")
            .append(
                num(
                    TAKEOVERS,
                    "coalesce(sum(amount), 0)",
                    where,
                    t.amount() == null ? BigDecimal.ZERO : t.amount(),
                    Format.MONEY));
      }
    }
    s.append(text(w / 2.0, h - 4, "middle", null, "quarter the deal was taken over"));
    s.append("</svg>");
    return "<figure>"
        + s
        + "<figcaption>Takeovers per quarter (all their takeovers, whole tree). Amount of the deals"
        + " taken over, when taken: "
        + (amounts.length() == 0 ? "none in these quarters" : amounts.toString())
        + ".</figcaption></figure>\n";
  }

  private String winRateChart(Manager m) {
    List<LocalDate> qs = quarters();
    Map<LocalDate, QuarterRate> byQuarter = new HashMap<>();
    for (QuarterRate r : d.winRates()) {
      if ("manager".equals(r.level()) && m.id().equals(r.entityId())) {
        byQuarter.put(r.periodStart(), r);
      }
    }
    Trend trend = managerTrends.get(m.id());
    int w = 380;
    int h = 230;
    int left = 50;
    int top = 20;
    int bottom = 160;
    double step = (w - left - 10) / (double) qs.size();
    Function<Double, Double> y = v -> bottom - (bottom - top) * v;
    String title = "Team win rate per quarter, " + name(m.id(), m.name());
    StringBuilder s =
        svgOpen(
            w,
            h,
            title,
            "Dots: the win rate of the deals of this manager's direct reports closed in each"
                + " quarter; grey bar: its 95% Wilson interval; below each quarter the number of"
                + " closed deals. A trend line is drawn only when the trend is significant.");
    s.append(axes(left, top, bottom, w - 10));
    s.append(
        text(
            12,
            (top + bottom) / 2.0,
            "middle",
            "rotate(-90 12 " + (top + bottom) / 2 + ")",
            "win rate"));
    for (int pct : new int[] {0, 50, 100}) {
      double yy = y.apply(pct / 100.0);
      s.append(text(left - 4, yy + 4, "end", null, pct + "%"));
      if (pct > 0) {
        s.append(
            String.format(
                "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                left, yy, w - 10, yy));
      }
    }
    for (int i = 0; i < qs.size(); i++) {
      LocalDate q = qs.get(i);
      double cx = left + i * step + step / 2;
      s.append(text(cx, bottom + 14, "middle", null, quarterLabel(q)));
      s.append(text(cx, bottom + 26, "middle", null, Integer.toString(q.getYear())));
      QuarterRate r = byQuarter.get(q);
      if (r == null) {
        s.append(text(cx, bottom + 40, "middle", null, "none"));
        continue;
      }
      String where =
          "level = 'manager' AND entity_id = "
              + quote(m.id())
              + " AND period_start = DATE '"
              + q
              + "'";
      if (r.low() != null && r.high() != null) {
        s.append(
            String.format(
                "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                cx - 6,
                y.apply(r.high()),
                12.0,
                Math.max(1.0, y.apply(r.low()) - y.apply(r.high()))));
      }
      if (r.winRate() != null) {
        s.append(
            String.format(
                "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>",
                cx, y.apply(r.winRate())));
        double labelY = y.apply(r.high() != null ? r.high() : r.winRate()) - 4;
        s.append(
            svgNum(
                cx, Math.max(top - 6, labelY), RATES, "win_rate", where, r.winRate(), Format.PCT));
      }
      s.append(svgNum(cx, bottom + 40, RATES, "won + lost", where, r.won() + r.lost(), Format.INT));
    }
    s.append(text(left - 4, bottom + 40, "end", null, "deals"));
    String caption;
    if (trend == null) {
      caption = "No trend: no closed deals in the last quarters.";
    } else {
      String tw = "level = 'manager' AND entity_id = " + quote(m.id());
      if ("flat".equals(trend.direction()) || trend.slope() == null) {
        caption =
            trend.slope() == null
                ? "No trend: fewer than 3 quarters with closed deals."
                : "No significant trend (change "
                    + num(TRENDS, "slope", tw, trend.slope(), Format.SLOPE)
                    + " points a quarter, p = "
                    + num(TRENDS, "p_value", tw, trend.pValue(), Format.P)
                    + "), so no trend line is drawn and the index ignores it.";
      } else {
        double[] line = trendLine(m.id(), trend, qs, byQuarter);
        if (line != null) {
          s.append(
              String.format(
                  "<line class=\"trend\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                  left + line[0] * step + step / 2,
                  y.apply(clamp(line[1])),
                  left + line[2] * step + step / 2,
                  y.apply(clamp(line[3]))));
        }
        caption =
            "Significantly "
                + trend.direction()
                + " (dashed line): "
                + num(TRENDS, "slope", tw, trend.slope(), Format.SLOPE)
                + " points a quarter over "
                + num(TRENDS, "periods", tw, (long) trend.periods(), Format.INT)
                + " quarters, p = "
                + num(TRENDS, "p_value", tw, trend.pValue(), Format.P)
                + ".";
      }
    }
    s.append(text(w / 2.0, h - 4, "middle", null, "quarter the deals closed"));
    s.append("</svg>");
    return "<figure>"
        + s
        + "<figcaption>Team win rate per quarter (deals of direct reports), with"
        + " its 95% interval. "
        + caption
        + "</figcaption></figure>\n";
  }

  /**
   * The weighted least-squares line the trend was fitted as: it has the trend's slope and passes
   * through the weighted mean of the quarters it used. In chart positions: {x0, y0, x1, y1}.
   */
  private static double[] trendLine(
      String id, Trend t, List<LocalDate> shown, Map<LocalDate, QuarterRate> byQuarter) {
    double sw = 0;
    double sx = 0;
    double sy = 0;
    for (QuarterRate r : byQuarter.values()) {
      if (r.winRate() == null
          || r.periodStart().isBefore(t.firstPeriod())
          || r.periodStart().isAfter(t.lastPeriod())) {
        continue;
      }
      double wgt = r.won() + r.lost();
      sw += wgt;
      sx += wgt * quarterIndex(r.periodStart());
      sy += wgt * r.winRate();
    }
    if (sw == 0) {
      return null;
    }
    double mx = sx / sw;
    double my = sy / sw;
    LocalDate first = t.firstPeriod().isBefore(shown.get(0)) ? shown.get(0) : t.firstPeriod();
    double q0 = quarterIndex(first);
    double q1 = quarterIndex(t.lastPeriod());
    double base = quarterIndex(shown.get(0));
    return new double[] {
      q0 - base, my + t.slope() * (q0 - mx), q1 - base, my + t.slope() * (q1 - mx)
    };
  }

  private String coachingChart(Manager m, List<Person> active, Map<String, Coaching> coaching) {
    List<Person> reps = active.stream().filter(p -> coaching.containsKey(p.id())).toList();
    if (reps.isEmpty()) {
      return "";
    }
    double max = BENCHMARK_HOURS * 1.5;
    for (Person p : reps) {
      Double hw = coaching.get(p.id()).hoursPerWeek();
      max = Math.max(max, hw == null ? 0 : hw);
    }
    int left = 150;
    int w = 420;
    int rowH = 18;
    int top = 44;
    int h = top + reps.size() * rowH + 34;
    double scale = (w - left - 40) / max;
    StringBuilder s =
        svgOpen(
            w,
            h,
            "One-to-one hours a week per rep, " + name(m.id(), m.name()),
            "Bars: hours of one-to-one time a week each active direct report had with this"
                + " manager in the window; dashed line: the 3 hours a week benchmark.");
    for (int i = 0; i < reps.size(); i++) {
      Person p = reps.get(i);
      Coaching c = coaching.get(p.id());
      double yy = top + i * rowH;
      double hw = c.hoursPerWeek() == null ? 0 : c.hoursPerWeek();
      s.append(text(left - 6, yy + 12, "end", null, name(p.id(), p.name())));
      s.append(
          String.format(
              "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>",
              left, yy + 2, hw * scale, rowH - 6));
      String cw = "manager_id = " + quote(m.id()) + " AND rep_id = " + quote(p.id());
      s.append(
          svgNumAt(
              left + hw * scale + 4,
              yy + 12,
              "start",
              COACHING,
              "hours_per_week",
              cw,
              c.hoursPerWeek(),
              Format.HOURS));
    }
    double bx = left + BENCHMARK_HOURS * scale;
    int axisY = top + reps.size() * rowH;
    s.append(
        String.format(
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
            left, top - 4, left, axisY));
    s.append(
        String.format(
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
            left, axisY, w - 40, axisY));
    s.append(
        String.format(
            "<line class=\"bench\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
            bx, top - 8, bx, axisY));
    s.append(text(bx, top - 12, "middle", null, hours(BENCHMARK_HOURS) + " h benchmark"));
    s.append(text(left, axisY + 14, "middle", null, "0"));
    s.append(
        text(
            left + (w - left - 40) / 2.0,
            axisY + 28,
            "middle",
            null,
            "hours of one-to-one time a week"));
    s.append("</svg>");
    return "<figure>" + s + "</figure>\n";
  }

  private StringBuilder svgOpen(int w, int h, String title, String desc) {
    int id = ++ids;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " role=\"img\" aria-labelledby=\"c%d-t c%d-d\">",
            w, h, w, h, id, id));
    s.append("<title id=\"c").append(id).append("-t\">").append(esc(title)).append("</title>");
    s.append("<desc id=\"c").append(id).append("-d\">").append(esc(desc)).append("</desc>");
    s.append(text(w / 2.0, 14, "middle", null, title).replace("<text ", "<text class=\"ct\" "));
    return s;
  }

  private static String axes(int left, int top, int bottom, int right) {
    return String.format(
        "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
            + "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
        left, top, left, bottom, left, bottom, right, bottom);
  }

  private static String text(double x, double y, String anchor, String transform, String body) {
    return String.format(
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>",
        x, y, anchor, transform == null ? "" : " transform=\"" + transform + "\"", esc(body));
  }

  private String svgNum(
      double x, double y, String table, String column, String where, Object v, Format f) {
    return svgNumAt(x, y, "middle", table, column, where, v, f);
  }

  private String svgNumAt(
      double x,
      double y,
      String anchor,
      String table,
      String column,
      String where,
      Object v,
      Format f) {
    return String.format(
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>",
        x,
        y,
        anchor,
        source("data-value", table, column, where, v, f),
        v == null ? "n/a" : f.apply(v));
  }

  private static String indexBar(Double index) {
    double v = index == null ? 0 : Math.max(0, Math.min(100, index));
    return String.format(
        "<svg class=\"ibar\" width=\"104\" height=\"12\" viewBox=\"0 0 104 12\" aria-hidden=\"true\">"
            + "<rect class=\"track\" x=\"1\" y=\"1\" width=\"100\" height=\"10\"/>"
            + "<rect class=\"bar\" x=\"1\" y=\"1\" width=\"%.1f\" height=\"10\"/></svg>",
        v);
  }

  private static String coachingBar(double h) {
    double max = BENCHMARK_HOURS * 2;
    double v = Math.min(h, max) / max * 100;
    double b = BENCHMARK_HOURS / max * 100;
    return String.format(
        "<svg class=\"ibar\" width=\"104\" height=\"14\" viewBox=\"0 0 104 14\" aria-hidden=\"true\">"
            + "<rect class=\"track\" x=\"1\" y=\"2\" width=\"100\" height=\"10\"/>"
            + "<rect class=\"bar\" x=\"1\" y=\"2\" width=\"%.1f\" height=\"10\"/>"
            + "<line class=\"bench\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"14\"/></svg>",
        v, 1 + b, 1 + b);
  }

  // ---------------------------------------------------------------- how it is made

  private void method() {
    out.append(
        "<h2 id=\"method\">How the index is made</h2>\n<p class=\"note\">Each part puts one"
            + " number of the manager&rsquo;s scorecard on a fixed scale: it scores 0 at or below"
            + " the first value and its full weight at or above the second. The index is the"
            + " weighted sum, out of 100; a part without data drops out and the others count for"
            + " more. Nothing is compared across managers, so one manager&rsquo;s index does not"
            + " move when another&rsquo;s does.</p>\n");
    out.append(
        "<table class=\"facts\"><caption class=\"sr\">Parts of the index</caption>\n<thead>"
            + "<tr><th scope=\"col\">Part</th><th scope=\"col\">Scores 0 at</th>"
            + "<th scope=\"col\">Scores full at</th><th scope=\"col\">Scale</th>"
            + "<th scope=\"col\">Weight</th></tr></thead><tbody>\n");
    double total = MicromanagementIndex.PARTS.stream().mapToDouble(Part::weight).sum();
    for (Part p : MicromanagementIndex.PARTS) {
      boolean takeovers = p == MicromanagementIndex.TAKEOVERS;
      boolean decline = p == MicromanagementIndex.DECLINE;
      out.append("<tr><th scope=\"row\">")
          .append(partDefinition(p))
          .append("</th><td>")
          .append(
              decline
                  ? Format.SLOPE.apply(-p.zeroAt()) + " points a quarter"
                  : takeovers ? "1 in " + Math.round(1 / p.zeroAt()) : Format.PCT.apply(p.zeroAt()))
          .append("</td><td>")
          .append(
              decline
                  ? Format.SLOPE.apply(-p.fullAt()) + " points a quarter"
                  : takeovers ? "1 in " + Math.round(1 / p.fullAt()) : Format.PCT.apply(p.fullAt()))
          .append("</td><td>")
          .append(p.logScale() ? "logarithmic" : "linear")
          .append("</td><td>")
          .append(Format.INDEX.apply(100 * p.weight() / total))
          .append(" of 100</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    out.append("<p class=\"note\">Data quality: ")
        .append(num(OutputTables.REJECTED_ROWS, "count(*)", "TRUE", d.rejectedRows(), Format.INT))
        .append(" input rows could not be read and are listed in the rejected_rows table.</p>\n");
  }

  private static String partDefinition(Part p) {
    if (p == MicromanagementIndex.TAKEOVERS) {
      return "Takeovers: late-stage deals of the whole tree taken over, per deal (the lower end"
          + " of its 95% interval, so one takeover among a handful of deals is not a habit)";
    }
    if (p == MicromanagementIndex.ACTIVITY) {
      return "Activity share: the manager&rsquo;s own share of the calls, meetings and tasks on"
          + " the whole tree&rsquo;s late-stage deals";
    }
    if (p == MicromanagementIndex.EDITS) {
      return "Edit share: the manager&rsquo;s own share of the stage and forecast updates on"
          + " those deals";
    }
    if (p == MicromanagementIndex.ATTRITION) {
      return "Attrition: the share of direct reports who left in the window";
    }
    return "Declining trend: how fast the team win rate falls, only when the fall is"
        + " significant";
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

  /** A number marked with its source: see the class comment. */
  private String num(String table, String column, String where, Object value, Format f) {
    return "<data "
        + source("value", table, column, where, value, f)
        + ">"
        + (value == null ? "n/a" : f.apply(value))
        + "</data>";
  }

  private static String source(
      String valueAttribute, String table, String column, String where, Object value, Format f) {
    return valueAttribute
        + "=\""
        + attr(value == null ? "" : raw(value))
        + "\" data-table=\""
        + table
        + "\" data-column=\""
        + attr(column)
        + "\" data-where=\""
        + attr(where)
        + "\" data-format=\""
        + f.key()
        + "\"";
  }

  private static String raw(Object value) {
    return value instanceof BigDecimal b ? b.toPlainString() : value.toString();
  }

  private String windowStart() {
    return d.snapshotDate().minusDays(d.windowDays() - 1L).toString();
  }

  private String windowWhere() {
    return timeRange(d.snapshotDate().minusDays(d.windowDays() - 1L), d.snapshotDate().plusDays(1));
  }

  private static String quarterWhere(String id, LocalDate q) {
    return "to_owner_id = " + quote(id) + " AND " + timeRange(q, q.plusMonths(3));
  }

  private static String timeRange(LocalDate from, LocalDate to) {
    return "changed_at >= TIMESTAMPTZ '"
        + from.atStartOfDay().toInstant(ZoneOffset.UTC)
        + "' AND changed_at < TIMESTAMPTZ '"
        + to.atStartOfDay().toInstant(ZoneOffset.UTC)
        + "'";
  }

  private static String managerWhere(String id) {
    return "manager_id = " + quote(id);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A person as the tables name them: the name, or the Id (a token when pseudonymized). */
  private static String name(String id, String name) {
    return name != null && !name.isBlank() ? name : id == null ? "unknown" : id;
  }

  private static String hname(String id, String name) {
    return esc(name(id, name));
  }

  private static String plain(long n) {
    return Format.INT.apply(n);
  }

  private static String hours(double h) {
    return h == Math.rint(h) ? Long.toString((long) h) : Double.toString(h);
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
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

  private static String quarterLabel(LocalDate q) {
    return "Q" + ((q.getMonthValue() - 1) / 3 + 1);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String attr(String s) {
    return esc(s);
  }

  private static final String CSS =
      """
      :root { color-scheme: light; }
      body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
        color: #111; background: #fff; margin: 0 auto; max-width: 1180px; padding: 16px 24px; }
      h1 { font-size: 26px; margin: 8px 0 4px; }
      h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 2px solid #222; }
      h3 { font-size: 17px; margin: 8px 0; }
      .sub, .note { color: #333; max-width: 80ch; }
      .summary { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; }
      .card { border: 1px solid #444; border-radius: 6px; padding: 8px 12px; }
      .card h2 { font-size: 16px; border: 0; margin: 2px 0; }
      .card p { margin: 4px 0; }
      table { border-collapse: collapse; margin: 8px 0; }
      th, td { text-align: left; vertical-align: top; padding: 4px 8px;
        border-bottom: 1px solid #bbb; }
      thead th { border-bottom: 2px solid #222; font-size: 13px; }
      table.rank td p { margin: 2px 0; }
      table.rank td:nth-child(3) { min-width: 320px; }
      caption { text-align: left; font-weight: 600; padding: 4px 0; }
      .sr { position: absolute; left: -9999px; }
      .manager { border-top: 1px solid #444; margin-top: 18px; page-break-inside: avoid; }
      .idx { font-weight: 400; color: #333; }
      .tag { font-size: 12px; border: 1px solid #333; border-radius: 3px; padding: 0 4px; }
      .charts, .people { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
      figure { margin: 4px 0; max-width: 380px; }
      figcaption { font-size: 13px; color: #333; }
      svg text { font-size: 11px; fill: #111; }
      svg text.ct { font-size: 12px; font-weight: 600; }
      .axis { stroke: #111; stroke-width: 1; }
      .grid { stroke: #999; stroke-width: 0.5; stroke-dasharray: 2 3; }
      .bar { fill: #777; stroke: #111; stroke-width: 0.8; }
      .track { fill: #fff; stroke: #555; stroke-width: 0.8; }
      .band { fill: #ddd; stroke: #555; stroke-width: 0.8; }
      .dot { fill: #111; }
      .trend { stroke: #111; stroke-width: 2; stroke-dasharray: 6 4; }
      .bench { stroke: #111; stroke-width: 1.5; stroke-dasharray: 4 3; }
      .ibar { vertical-align: middle; margin-right: 6px; }
      data { font-variant-numeric: tabular-nums; }
      @media (max-width: 900px) { .summary { grid-template-columns: 1fr; } }
      @media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
      """;
}
