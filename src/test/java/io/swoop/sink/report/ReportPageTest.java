package io.swoop.sink.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.model.MicromanagementIndex;
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
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report page rendered from a few hand-made rows, without Spark. */
class ReportPageTest {
  private static final LocalDate D = LocalDate.of(2026, 9, 30);
  private static final String ANA = "005000000000001AAA";
  private static final String BEN = "005000000000002AAA";
  private static final String REP = "005000000000003AAA";
  private static final String GONE = "005000000000004AAA";
  private static final String TOKEN = "u_0123456789abcdef";

  /** Ana: 7 takeovers among 339 late-stage deals, nothing else; Ben: none, a flat trend. */
  private static final double ANA_INDEX = index(7, 339, 0.0, 0.0, 0.0, null, false);

  /** The index as the sum of the report's contributions (the scorecard's column equals it). */
  private static Double index(
      long takeovers,
      long lateStageDeals,
      Double activity,
      Double edits,
      Double attrition,
      Double slope,
      boolean declining) {
    Double sum = null;
    for (Double p :
        MicromanagementIndex.contributions(
            takeovers, lateStageDeals, activity, edits, attrition, slope, declining)) {
      if (p != null) {
        sum = (sum == null ? 0.0 : sum) + p;
      }
    }
    return sum;
  }

  private static Manager ana(String name, Double coaching, Double effect) {
    return new Manager(
        ANA, name, 1, 339, 7, 7 / 339.0, 0.5, 0.4, 0.0, 0.0, 200.0, 0.0, 0.45, null, ANA_INDEX,
        coaching, effect, null, null);
  }

  private static Manager ben(Double slope) {
    return new Manager(
        BEN,
        "Ben Bo",
        0,
        10,
        0,
        0.0,
        null,
        0.3,
        0.0,
        0.0,
        null,
        0.0,
        0.5,
        slope,
        index(0, 10, 0.0, 0.0, 0.0, slope, false),
        null,
        null,
        null,
        null);
  }

  private static List<Person> people() {
    return List.of(
        new Person(ANA, "Ana Ames", null, LocalDate.of(2020, 1, 1), null, true, 2464),
        new Person(BEN, "Ben Bo", ANA, LocalDate.of(2021, 1, 1), null, true, 2098),
        new Person(REP, "Rita Reyes", ANA, LocalDate.of(2025, 1, 1), null, true, 637),
        new Person(
            GONE, "Gus Gone", ANA, LocalDate.of(2024, 1, 1), LocalDate.of(2026, 3, 1), false, 790));
  }

  private static ReportData data(
      List<Manager> managers, List<Trend> trends, List<Coaching> coaching, List<Effect> effects) {
    return new ReportData(
        D,
        365,
        managers,
        people(),
        trends,
        List.of(
            new QuarterRate(
                "manager", BEN, LocalDate.of(2026, 1, 1), 4, 6, 0.4, 0.17, 0.69, BigDecimal.TEN),
            new QuarterRate(
                "manager", BEN, LocalDate.of(2026, 4, 1), 3, 7, 0.3, 0.1, 0.6, BigDecimal.ONE),
            new QuarterRate(
                "manager", BEN, LocalDate.of(2026, 7, 1), 2, 8, 0.2, 0.06, 0.5, BigDecimal.ONE)),
        List.of(
            new TakeoverQuarter(ANA, LocalDate.of(2026, 7, 1), 7, new BigDecimal("1234567.50"))),
        List.of(new TakeoverTotal(ANA, 7, new BigDecimal("1234567.50"))),
        coaching,
        effects,
        null,
        null,
        2);
  }

  private static ReportData plain(List<Coaching> coaching, List<Effect> effects) {
    return data(List.of(ana("Ana Ames", null, null), ben(null)), List.of(), coaching, effects);
  }

  /** The page's visible text: tags dropped, entities of the page decoded. */
  private static String text(String html) {
    String t = html.replaceAll("(?s)<style>.*?</style>", "").replaceAll("(?s)<svg.*?</svg>", " ");
    t =
        t.replaceAll("</(th|td|tr|caption|p|h\\d|div|figcaption)>", " ")
            .replaceAll("<[^>]+>", "")
            .replace("&rsquo;", "'")
            .replace("&ldquo;", "\"")
            .replace("&mdash;", "\u2014")
            .replace("&plusmn;", "\u00b1")
            .replace("&lt;", "<");
    return t.replace("&rdquo;", "\"").replace("&amp;", "&").replaceAll("\\s+", " ");
  }

  @Test
  void withoutACoachingTableOneToOneTimeIsUnknownInWords() {
    String page = text(ReportPage.render(plain(null, null)));
    assertTrue(page.contains("No EventRelation export: one-to-one time unknown"), page);
    assertTrue(
        page.contains("Not measured in this run: the takeover_effect table was not produced"),
        page);
  }

  @Test
  void anEmptyCoachingTableMeansNoEventRelationExport() {
    String page = text(ReportPage.render(plain(List.of(), List.of())));
    assertTrue(page.contains("No EventRelation export: one-to-one time unknown"), page);
    assertTrue(page.contains("No taken-over deal has closed with a comparable deal"), page);
  }

  @Test
  void coachingTimeIsComparedWithTheThreeHourBenchmark() {
    List<Coaching> coaching =
        List.of(
            new Coaching(ANA, BEN, 2, 120, 52.0, 120 / 60.0 / 52, LocalDate.of(2026, 9, 1)),
            new Coaching(ANA, REP, 0, 0, 52.0, 0.0, null));
    ReportData d =
        data(List.of(ana("Ana Ames", 0.0192, null), ben(null)), List.of(), coaching, null);
    String html = ReportPage.render(d);
    String page = text(html);
    assertTrue(page.contains("0 of 2 active reps get the 3 hours a week of one-to-one time"), page);
    assertTrue(page.contains("1 had no one-to-one at all in the window"), page);
    assertTrue(page.contains("1 min a week on average, below the 3 h benchmark"), page);
    assertTrue(html.contains("3 h benchmark</text>"), "the chart draws the benchmark line");
  }

  private static final String SAME =
      " \u2014 same stage at the same moment, similar size, age, time in stage and pushed close"
          + " dates (";

  @Test
  void theEffectSaysWhatWasComparedWithItsIntervalAndUnmatchedDeals() {
    Effect org =
        new Effect("org", null, 40, 0, 26, 14, 0.65, 0.62, 0.03, -0.04, 0.10, 0.4, 1.2, 1.0);
    // RR = 0.75 / 0.5 = 1.5: E = 1.5 + sqrt(1.5 * 0.5) = 2.366; bound: RR = (0.5 + 0.05) / 0.5 =
    // 1.1: 1.1 + sqrt(1.1 * 0.1) = 1.432.
    Effect ana =
        new Effect("manager", ANA, 12, 3, 9, 3, 0.75, 0.5, 0.25, 0.05, 0.45, 0.02, 2.366, 1.432);
    ReportData d =
        data(List.of(ana("Ana Ames", null, 0.25), ben(null)), List.of(), null, List.of(org, ana));
    String page = text(ReportPage.render(d));
    assertTrue(
        page.contains(
            "Across the org: deals taken over won 3 points more than similar deals their teams"
                + " kept"
                + SAME
                + "40 of 40 deals matched; 65% won against 62%; the interval \u22124 to +10"
                + " includes no difference)."),
        page);
    assertTrue(
        page.contains(
            "Deals this manager took over won 25 points more than similar deals their team kept"
                + SAME
                + "12 of 15 deals matched; 75% won against 50%; the interval +5 to +45 lies above"
                + " zero: they did better). A hidden difference between these deals would have to"
                + " make winning 2.4 times as likely on both sides to explain this away (1.4 times"
                + " to make the interval include no difference)."),
        page);
    assertFalse(
        page.contains(
            "Across the org: deals taken over won 3 points more than similar deals their teams kept"
                + SAME
                + "40 of 40 deals matched; 65% won against 62%; the interval \u22124 to +10 includes no difference). A hidden"),
        "no E-value sentence when the interval includes no difference");
    assertTrue(page.contains("No takeovers in the window to compare"), page);
  }

  @Test
  void anEffectWithoutAnIntervalSaysWhy() {
    Effect one =
        new Effect("manager", ANA, 1, 0, 0, 1, 0.0, 0.6, -0.6, null, null, null, null, null);
    ReportData d =
        data(List.of(ana("Ana Ames", null, -0.6), ben(null)), List.of(), null, List.of(one));
    String page = text(ReportPage.render(d));
    assertTrue(
        page.contains(
            "Deals this manager took over won 60 points less than similar deals their team kept"),
        page);
    assertTrue(page.contains("too few deals, or too alike, for an interval)."), page);

    Effect small =
        new Effect("manager", ANA, 1, 0, 1, 0, 1.0, 0.99, 0.01, null, null, null, null, null);
    page =
        text(
            ReportPage.render(
                data(
                    List.of(ana("Ana Ames", null, 0.01), ben(null)),
                    List.of(),
                    null,
                    List.of(small))));
    assertTrue(page.contains("won 1 point more than similar deals"), page);
  }

  @Test
  void takeoversWithoutASimilarDealAreShownNotHidden() {
    Effect none =
        new Effect("manager", ANA, 0, 4, 0, 0, null, null, null, null, null, null, null, null);
    ReportData d =
        data(List.of(ana("Ana Ames", null, null), ben(null)), List.of(), null, List.of(none));
    String html = ReportPage.render(d);
    assertTrue(
        text(html)
            .contains(
                "None of the 4 deals this manager took over had a similar deal their team kept, in"
                    + " the same stage at the same moment, so there is nothing to compare them"
                    + " with."),
        text(html));
    assertTrue(
        html.contains(
            "data-column=\"matched_takeovers + unmatched_takeovers\" data-where=\"level ="
                + " &#39;manager&#39; AND entity_id = &#39;"
                + ANA
                + "&#39;\" data-format=\"int\">4</data>"),
        html);
  }

  private static ReportData with(
      ReportData d, List<Manager> managers, List<Balance> balance, List<Survival> survival) {
    return new ReportData(
        d.snapshotDate(),
        d.windowDays(),
        managers,
        d.people(),
        d.trends(),
        d.winRates(),
        d.takeoverQuarters(),
        d.takeoversInWindow(),
        d.coaching(),
        d.effects(),
        balance,
        survival,
        d.rejectedRows());
  }

  @Test
  void theBalanceChartShowsEachCovariateAgainstThePointOneLines() {
    List<Balance> balance =
        List.of(
            new Balance("manager", ANA, "amount", 11.2, 11.1, 0.05),
            new Balance("manager", ANA, "stage_days", 3.0, 3.3, -0.2),
            new Balance("manager", ANA, "pushes", 0.5, 0.5, 0.0),
            new Balance("manager", ANA, "age_days", 4.0, 4.0, null),
            new Balance("org", null, "amount", 11.2, 11.1, 0.7));
    Effect ana =
        new Effect("manager", ANA, 12, 0, 9, 3, 0.75, 0.5, 0.25, -0.05, 0.45, 0.2, 2.366, 1.0);
    ReportData d =
        with(
            data(List.of(ana("Ana Ames", null, 0.25), ben(null)), List.of(), null, List.of(ana)),
            List.of(ana("Ana Ames", null, 0.25), ben(null)),
            balance,
            null);
    String html = ReportPage.render(d);
    assertTrue(
        text(html)
            .contains(
                "were, after matching. 2 of 4 covariates within \u00b10.1 (dashed) after matching,"
                    + " the usual sign of a good match."),
        text(html));
    assertTrue(
        html.contains(
            "data-value=\"-0.2\" data-table=\"takeover_effect_balance\" data-column=\"smd\""
                + " data-where=\"level = &#39;manager&#39; AND entity_id = &#39;"
                + ANA
                + "&#39; AND covariate = &#39;stage_days&#39;\" data-format=\"smd\">\u22120.20</text>"),
        html);
    assertTrue(html.contains(">days in stage</text>"), "covariates named in words");
    assertEquals(
        4, count(html, "data-table=\"takeover_effect_balance\""), "one mark per covariate");
    assertTrue(html.contains(">+0.1</text>"), "the 0.1 line is labelled");
    assertFalse(html.contains("data-before"), "no balance before matching was given");
  }

  @Test
  void theBalanceChartShowsBeforeMatchingBesideTheTablesAfterMatching() {
    List<Balance> balance =
        List.of(
            new Balance("manager", ANA, "amount", 11.2, 11.1, 0.05),
            new Balance("manager", ANA, "stage_days", 3.0, 3.3, -0.2),
            new Balance("manager", ANA, "pushes", 0.5, 0.5, 0.0),
            new Balance("manager", ANA, "age_days", 4.0, 4.0, null));
    // Before matching: 1.34 for stage days puts the scale at -1.4 to 1.4.
    List<BeforeMatching> before =
        List.of(
            new BeforeMatching("manager", ANA, "amount", 11.2, 10.9, 40, 0.31),
            new BeforeMatching("manager", ANA, "stage_days", 3.0, 1.8, 40, 1.34),
            new BeforeMatching("manager", ANA, "pushes", 0.5, 0.2, 40, 0.605),
            new BeforeMatching("manager", ANA, "age_days", 4.0, 4.0, 40, null),
            new BeforeMatching("org", null, "amount", 11.2, 10.0, 90, 2.5));
    Effect ana =
        new Effect("manager", ANA, 12, 0, 9, 3, 0.75, 0.5, 0.25, -0.05, 0.45, 0.2, 2.366, 1.0);
    ReportData d =
        with(
            data(List.of(ana("Ana Ames", null, 0.25), ben(null)), List.of(), null, List.of(ana)),
            List.of(ana("Ana Ames", null, 0.25), ben(null)),
            balance,
            null);
    String html = ReportPage.render(d, before);
    String text = text(html);
    assertTrue(
        text.contains(
            "were: hollow circles before matching, against every deal their team had in the same"
                + " stage at the moment of each takeover, closed and never taken over (40 such pairs"
                + " of a taken-over deal and a team deal, each weighing the same; computed by this"
                + " run, in no table); dots after matching, against the nearest of those"
                + " (takeover_effect_balance). 2 of 4 covariates within \u00b10.1 (dashed) after"
                + " matching, the usual sign of a good match. Each covariate"),
        text);
    assertTrue(
        html.contains("class=\"before\" data-before=\"1.34\" data-format=\"smd\">+1.34</text>"),
        html);
    assertTrue(
        html.contains("data-before=\"0.605\" data-format=\"smd\">+0.61</text>"),
        "rounded half away from zero");
    assertTrue(html.contains("data-before=\"\" data-format=\"smd\">n/a</text>"), html);
    assertEquals(4, count(html, "data-before="), "one per covariate; the org's is not drawn");
    assertEquals(
        4,
        count(html, "data-table=\"takeover_effect_balance\""),
        "after matching, still from the table");
    assertTrue(
        html.contains(
            "data-value=\"-0.2\" data-table=\"takeover_effect_balance\" data-column=\"smd\""),
        "the number after matching is the table's");
    // Scale -1.4 .. 1.4 over x 130 .. 290: 1.34 at 286.6, -0.2 at 198.6; a line joins them.
    assertTrue(html.contains("<circle class=\"pool\" cx=\"286.6\" cy=\"73.0\" r=\"4\"/>"), html);
    assertTrue(html.contains("<circle class=\"dot\" cx=\"198.6\" cy=\"73.0\" r=\"4\"/>"), html);
    assertTrue(
        html.contains("<line class=\"shift\" x1=\"286.6\" y1=\"73.0\" x2=\"198.6\" y2=\"73.0\"/>"),
        html);
    assertEquals(4, count(html, "<circle class=\"pool\""), "three before marks and the legend's");
    assertTrue(html.contains(">&minus;1.40</text>"), "the scale widens to the largest SMD");
    assertTrue(html.contains("hollow circle: the standardized mean difference"), "described");
  }

  @Test
  void aBalanceBeyondTwoIsDrawnAtTheEndOfTheScaleWithItsNumber() {
    List<Balance> balance =
        List.of(
            new Balance("manager", ANA, "amount", 11.2, 11.1, 0.05),
            new Balance("manager", ANA, "stage_days", 3.0, 3.3, -27.42));
    List<BeforeMatching> before =
        List.of(
            new BeforeMatching("manager", ANA, "amount", 11.2, 10.9, 2, 3.5),
            new BeforeMatching("manager", ANA, "stage_days", 3.0, 3.3, 2, -27.42));
    Effect ana = new Effect("manager", ANA, 1, 0, 1, 0, 1.0, 0.5, 0.5, null, null, null, 2.0, null);
    ReportData d =
        with(
            data(List.of(ana("Ana Ames", null, 0.25), ben(null)), List.of(), null, List.of(ana)),
            List.of(ana("Ana Ames", null, 0.25), ben(null)),
            balance,
            null);
    String html = ReportPage.render(d, before);
    // Scale -2 .. 2 over x 130 .. 290: +3.5 at the right end, -27.42 at the left.
    assertTrue(html.contains(">+2.00</text>"), html);
    assertTrue(html.contains("<circle class=\"pool\" cx=\"290.0\" cy=\"53.0\" r=\"4\"/>"), html);
    assertTrue(html.contains("<circle class=\"dot\" cx=\"130.0\" cy=\"73.0\" r=\"4\"/>"), html);
    assertTrue(html.contains("data-format=\"smd\">\u221227.42</text>"), "the number is exact");
    assertTrue(
        text(html)
            .contains(
                "A mark at the end of the scale stands for a larger difference, written on the"
                    + " right."),
        text(html));
  }

  private static int count(String s, String part) {
    return s.split(Pattern.quote(part), -1).length - 1;
  }

  @Test
  void survivalIsDrawnAgainstTheOrgAndSaidInPlainWords() {
    List<Survival> survival =
        List.of(
            new Survival("org", null, 100, 10, 2, 0, 0.8, 0.5, 0.93),
            new Survival("org", null, 200, 8, 4, 4, 0.4, 0.2, 0.6),
            new Survival("manager", ANA, 30, 4, 1, 0, 0.75, 0.3, 0.93),
            new Survival("manager", ANA, 60, 3, 0, 1, 0.75, 0.3, 0.93),
            new Survival("manager", ANA, 90, 2, 1, 1, 0.375, 0.1, 0.7));
    Manager ana =
        new Manager(
            ANA,
            "Ana Ames",
            1,
            339,
            7,
            7 / 339.0,
            0.5,
            0.4,
            0.0,
            0.0,
            200.0,
            0.0,
            0.45,
            null,
            ANA_INDEX,
            null,
            null,
            90.0,
            0.01);
    Manager ben =
        new Manager(
            BEN,
            "Ben Bo",
            0,
            10,
            0,
            0.0,
            null,
            0.3,
            0.0,
            0.0,
            null,
            0.0,
            0.5,
            null,
            index(0, 10, 0.0, 0.0, 0.0, null, false),
            null,
            null,
            null,
            0.5);
    ReportData d = with(plain(null, null), List.of(ana, ben), null, survival);
    String html = ReportPage.render(d);
    String page = text(html);
    // 90 days = 2.96 months; the org's first survival <= 0.5 is at day 200 = 6.57 months.
    assertTrue(
        page.contains(
            "Half of the reps who worked for Ana Ames left within 3 months (org: half within 7"
                + " months); the difference is unlikely to be chance (p = 0.010)."),
        page);
    assertTrue(
        page.contains(
            "Fewer than half of the reps who worked for Ben Bo have left (org: half within 7"
                + " months); the difference could be chance (p = 0.500)."),
        page);
    assertTrue(
        page.contains(
            "Do reps leave sooner? Reps leave significantly sooner (log-rank p < 0.05) than in the"
                + " org as a whole (half within 7 months) under: Ana Ames: half left within 3"
                + " months, p = 0.010"),
        page);
    assertTrue(
        html.contains(
            "<data value=\"200\" data-table=\"rep_survival\" data-column=\"min(day)\""
                + " data-where=\"level = &#39;org&#39; AND survival &lt;= 0.5\""
                + " data-format=\"months\">7</data>"),
        html);
    assertEquals(2, count(html, "<line class=\"tick\""), "a tick per day with censored spells");
    assertEquals(1, count(html, "<polyline class=\"km org\""), "the org's curve, for Ana only");
    assertTrue(html.contains("<polygon class=\"band\""), "the band");
  }

  @Test
  void withoutSurvivalTheReportSaysItWasNotMeasured() {
    String page = text(ReportPage.render(plain(null, null)));
    assertTrue(
        page.contains("Not measured in this run: the rep_survival table was not produced."), page);
    assertFalse(page.contains("km"), page);
  }

  @Test
  void theIndexIsExplainedPartByPartInAPlainSentence() {
    String page = text(ReportPage.render(plain(null, null)));
    long index = Math.round(ANA_INDEX);
    assertTrue(
        page.contains(
            index
                + ": "
                + index
                + " from 7 takeovers among 339 late-stage deals of the whole tree in 365 days;"
                + " nothing else contributes (not scored, no data: win-rate trend)."),
        page);
    assertTrue(page.contains("0: no part scores above zero"), page);
  }

  @Test
  void partsOfTheIndexAddUpToTheRoundedIndex() {
    Double[] points = {10.4, 10.4, 10.4, null, 0.0};
    assertArrayEquals(new long[] {11, 10, 10, 0, 0}, ReportView.apportion(points, 31.2));
    Double[] exact = MicromanagementIndex.contributions(3, 40, 0.2, 0.11, 0.5, -0.03, true);
    double index = index(3, 40, 0.2, 0.11, 0.5, -0.03, true);
    long sum = 0;
    for (long p : ReportView.apportion(exact, index)) {
      sum += p;
    }
    assertEquals(Math.round(index), sum);
  }

  @Test
  void aTrendIsDrawnOnlyWhenItIsSignificant() {
    Trend flat =
        new Trend(
            "manager",
            BEN,
            3,
            LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 7, 1),
            -0.1,
            0.3,
            "flat");
    String page =
        ReportPage.render(
            data(List.of(ana("Ana Ames", null, null), ben(-0.1)), List.of(flat), null, null));
    assertFalse(page.contains("class=\"trend\""), "no line for a flat trend");
    assertTrue(
        text(page)
            .contains("No significant trend (change \u221210.0 points a quarter, p = 0.300)"));

    Trend down =
        new Trend(
            "manager",
            BEN,
            3,
            LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 7, 1),
            -0.1,
            0.01,
            "declining");
    page =
        ReportPage.render(
            data(List.of(ana("Ana Ames", null, null), ben(-0.1)), List.of(down), null, null));
    Matcher line =
        Pattern.compile(
                "<line class=\"trend\" x1=\"[^\"]+\" y1=\"([^\"]+)\" x2=\"[^\"]+\" y2=\"([^\"]+)\"")
            .matcher(page);
    assertTrue(line.find(), "a line for a declining trend");
    assertTrue(
        Double.parseDouble(line.group(1)) < Double.parseDouble(line.group(2)), "drawn going down");
    assertTrue(
        text(page)
            .contains(
                "Significantly declining (dashed line): \u221210.0 points a quarter over 3 quarters, p = 0.010."));
  }

  @Test
  void activePeopleComeFirstAndThoseWhoLeftApart() {
    String page = text(ReportPage.render(plain(null, null)));
    assertTrue(page.contains("Direct reports now (2)"), page);
    assertTrue(
        page.contains(
            "Direct reports who have left (1) Rep Left on Tenure Gus Gone 2026-03-01 790 days"),
        page);
    assertTrue(page.indexOf("Direct reports now") < page.indexOf("Direct reports who have left"));

    List<Person> benLeft =
        people().stream()
            .map(
                p ->
                    p.id().equals(BEN)
                        ? new Person(BEN, "Ben Bo", ANA, p.startDate(), D, false, 2098)
                        : p)
            .toList();
    ReportData d = plain(null, null);
    ReportData withBenGone =
        new ReportData(
            D,
            365,
            d.scorecard(),
            benLeft,
            d.trends(),
            d.winRates(),
            d.takeoverQuarters(),
            d.takeoversInWindow(),
            null,
            null,
            null,
            null,
            2);
    page = text(ReportPage.render(withBenGone));
    int apart = page.indexOf("Managers who have left");
    assertTrue(apart > page.indexOf("1 Ana Ames " + Math.round(ANA_INDEX)), page);
    assertTrue(
        page.indexOf("1 Ben Bo 0: no part scores") > apart, "ranked apart, first of their list");
  }

  @Test
  void pseudonymizedRowsShowTokensNeverNames() {
    List<Person> tokens =
        List.of(new Person(TOKEN, null, null, LocalDate.of(2020, 1, 1), null, true, 10));
    Manager m =
        new Manager(
            TOKEN, null, 0, 0, 0, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);
    ReportData d =
        new ReportData(
            D,
            365,
            List.of(m),
            tokens,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            null,
            null,
            null,
            0);
    String page = ReportPage.render(d);
    assertTrue(page.contains(">" + TOKEN + "</a>"), "the token names the manager");
    assertTrue(text(page).contains("No index: none of its parts has data."));
  }

  @Test
  void everyNumberIsMarkedWithItsSource() {
    String html = ReportPage.render(plain(null, null));
    assertTrue(
        html.contains(
            "<data value=\"7\" data-table=\"manager_scorecard\" data-column=\"takeovers\""
                + " data-where=\"manager_id = &#39;"
                + ANA
                + "&#39;\" data-format=\"int\">7</data>"),
        html);
    assertTrue(
        html.contains(
            "<data value=\"1234567.50\" data-table=\"deal_takeovers\""
                + " data-column=\"coalesce(sum(amount), 0)\""),
        html);
    assertTrue(html.contains(">$1,234,568</data>"), "money rounds half up to whole dollars");
  }

  @Test
  void aNameThatIsMarkupIsWrittenAsText() {
    String hostile = "<img src=x onerror=alert(1)> O'Brien & \"Sons\"";
    ReportData d = plain(null, null);
    List<Person> named =
        people().stream()
            .map(
                p ->
                    new Person(
                        p.id(),
                        hostile,
                        p.managerId(),
                        p.startDate(),
                        p.endDate(),
                        p.active(),
                        p.tenureDays()))
            .toList();
    String html =
        ReportPage.render(
            new ReportData(
                D,
                365,
                List.of(ana(hostile, null, null), ben(null)),
                named,
                d.trends(),
                d.winRates(),
                d.takeoverQuarters(),
                d.takeoversInWindow(),
                null,
                null,
                null,
                null,
                2));
    assertFalse(html.contains("<img"), "no element from a name");
    assertTrue(
        html.contains(
            "<title id=\"c1-t\">Takeovers per quarter by &lt;img src=x onerror=alert(1)&gt;"
                + " O'Brien &amp; \"Sons\"</title>"),
        "the chart's title holds the whole name");
    assertTrue(
        html.contains(">Takeovers per quarter by &lt;img src=x onerror=alert\u2026</text>"),
        "its heading a name cut to fit the chart");
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt; O'Brien &amp; \"Sons\""), html);
    assertTrue(
        html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'; img-src data:\">"),
        "scripts and network loads forbidden");
  }

  @Test
  void theReportFetchesNothing() {
    String html = ReportPage.render(plain(null, null));
    assertFalse(html.matches("(?s).*(src=|<link|@import|url\\(|<script).*"), "nothing to fetch");
    assertFalse(
        html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
            .replace("http-equiv=", "")
            .contains("http"),
        "no address but the SVG namespace");
  }

  @Test
  void formatsRoundHalfAwayFromZeroWithATrueMinus() {
    assertEquals("13%", Format.PCT.apply(0.125));
    assertEquals("<1%", Format.PCT.apply(0.004));
    assertEquals("0%", Format.PCT.apply(0.0));
    assertEquals("\u22123", Format.POINTS.apply(-0.025));
    assertEquals("+3", Format.POINTS.apply(0.025));
    assertEquals("3", Format.ABS_POINTS.apply(-0.025));
    assertEquals("\u22122.5", Format.SLOPE.apply(-0.025));
    assertEquals("1,235", Format.INT.apply(1235L));
    assertEquals("$1,234,568", Format.MONEY.apply(new BigDecimal("1234567.50")));
    assertEquals("2.5 h", Format.HOURS.apply(2.45));
    assertEquals("1.0 h", Format.HOURS.apply(0.995));
    assertEquals("59 min", Format.HOURS.apply(59 / 60.0));
    assertEquals("3 min", Format.HOURS.apply(0.05));
    assertEquals("<0.001", Format.P.apply(0.0004));
    assertEquals("0.098", Format.P.apply(0.0975));
    assertEquals("21", Format.INDEX.apply(20.5));
  }
}
