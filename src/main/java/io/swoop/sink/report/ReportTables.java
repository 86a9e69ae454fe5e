package io.swoop.sink.report;

import static io.swoop.model.ColumnNames.ACTIVITY_SHARE;
import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.ATTRITION_LOGRANK_P;
import static io.swoop.model.ColumnNames.ATTRITION_RATE;
import static io.swoop.model.ColumnNames.AT_RISK;
import static io.swoop.model.ColumnNames.BOOKINGS;
import static io.swoop.model.ColumnNames.CENSORED;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.COACHING_HOURS_PER_REP_WEEK;
import static io.swoop.model.ColumnNames.CONTROL_MEAN;
import static io.swoop.model.ColumnNames.COVARIATE;
import static io.swoop.model.ColumnNames.DAY;
import static io.swoop.model.ColumnNames.DEPARTURES;
import static io.swoop.model.ColumnNames.DIRECTION;
import static io.swoop.model.ColumnNames.EDIT_SHARE;
import static io.swoop.model.ColumnNames.EFFECT;
import static io.swoop.model.ColumnNames.EFFECT_HIGH;
import static io.swoop.model.ColumnNames.EFFECT_LOW;
import static io.swoop.model.ColumnNames.END_DATE;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.E_VALUE;
import static io.swoop.model.ColumnNames.E_VALUE_BOUND;
import static io.swoop.model.ColumnNames.FIRST_PERIOD;
import static io.swoop.model.ColumnNames.HOURS_PER_WEEK;
import static io.swoop.model.ColumnNames.IS_ACTIVE;
import static io.swoop.model.ColumnNames.LAST_ONE_TO_ONE;
import static io.swoop.model.ColumnNames.LAST_PERIOD;
import static io.swoop.model.ColumnNames.LATE_STAGE_DEALS;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.LOST;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.MANAGER_NAME;
import static io.swoop.model.ColumnNames.MATCHED_TAKEOVERS;
import static io.swoop.model.ColumnNames.MATCHED_WIN_RATE;
import static io.swoop.model.ColumnNames.MEDIAN_TENURE_DAYS;
import static io.swoop.model.ColumnNames.MEDIAN_TENURE_KM_DAYS;
import static io.swoop.model.ColumnNames.MICROMANAGEMENT_INDEX;
import static io.swoop.model.ColumnNames.MINUTES;
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
import static io.swoop.model.ColumnNames.SURVIVAL_HIGH;
import static io.swoop.model.ColumnNames.SURVIVAL_LOW;
import static io.swoop.model.ColumnNames.TAKEN_OVER_LOST;
import static io.swoop.model.ColumnNames.TAKEN_OVER_WIN_RATE;
import static io.swoop.model.ColumnNames.TAKEN_OVER_WON;
import static io.swoop.model.ColumnNames.TAKEOVERS;
import static io.swoop.model.ColumnNames.TAKEOVER_EFFECT;
import static io.swoop.model.ColumnNames.TAKEOVER_RATE;
import static io.swoop.model.ColumnNames.TAKEOVER_WIN_RATE;
import static io.swoop.model.ColumnNames.TEAM_SIZE;
import static io.swoop.model.ColumnNames.TEAM_TREND_SLOPE;
import static io.swoop.model.ColumnNames.TEAM_WIN_RATE;
import static io.swoop.model.ColumnNames.TENURE_DAYS;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static io.swoop.model.ColumnNames.TREATED_MEAN;
import static io.swoop.model.ColumnNames.UNMATCHED_TAKEOVERS;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.USER_NAME;
import static io.swoop.model.ColumnNames.WEEKS;
import static io.swoop.model.ColumnNames.WIN_RATE;
import static io.swoop.model.ColumnNames.WIN_RATE_HIGH;
import static io.swoop.model.ColumnNames.WIN_RATE_LOW;
import static io.swoop.model.ColumnNames.WON;
import static io.swoop.model.ColumnValues.LEVEL_REP;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import io.swoop.model.Futures;
import io.swoop.model.OutputTables;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the report's data back from the tables as they were written (so the page shows exactly what
 * is published, tokens included when the run is pseudonymized). The tables that grow with the org's
 * history, deal_takeovers and win_rates, are cut down in Spark before anything is collected; the
 * rest hold one row per person or manager.
 */
public final class ReportTables {

  private ReportTables() {}

  /**
   * @param written where each written table can be read, by name; null for a table the run did not
   *     write
   * @param snapshotDate the run's snapshot date
   * @param windowDays the scorecard window ({@code scorecard.window_days})
   */
  public static ReportData read(
      SparkSession spark,
      Function<String, String> written,
      LocalDate snapshotDate,
      int windowDays) {
    Function<String, Dataset<Row>> table =
        name -> {
          String path = written.apply(name);
          return path == null ? null : spark.read().parquet(path);
        };
    Dataset<Row> takeovers = table.apply(OutputTables.DEAL_TAKEOVERS);
    Dataset<Row> rejected = table.apply(OutputTables.REJECTED_ROWS);
    // Each table is a Spark job or two of a few rows; one after another, a core sat idle while the
    // driver planned the next. They are read at once and taken in order.
    ExecutorService pool = Futures.pool(READERS, "swoop-report");
    try {
      var managers = at(pool, table.apply(OutputTables.MANAGER_SCORECARD), ReportTables::manager);
      var people = at(pool, table.apply(OutputTables.REP_TENURE), ReportTables::person);
      var trends =
          at(pool, notReps(table.apply(OutputTables.WIN_RATE_TRENDS)), ReportTables::trend);
      var rates = at(pool, notReps(table.apply(OutputTables.WIN_RATES)), ReportTables::quarterRate);
      var perQuarter = at(pool, perQuarter(takeovers), ReportTables::takeoverQuarter);
      var totals =
          at(pool, inWindow(takeovers, snapshotDate, windowDays), ReportTables::takeoverTotal);
      var coaching = at(pool, table.apply(OutputTables.COACHING), ReportTables::coaching);
      var effects = at(pool, table.apply(OutputTables.TAKEOVER_EFFECT), ReportTables::effect);
      var balance =
          at(pool, table.apply(OutputTables.TAKEOVER_EFFECT_BALANCE), ReportTables::balance);
      var survival = at(pool, table.apply(OutputTables.REP_SURVIVAL), ReportTables::survival);
      Future<Long> rejectedCount = pool.submit(() -> rejected == null ? 0L : rejected.count());
      return new ReportData(
          snapshotDate,
          windowDays,
          taken(managers),
          taken(people),
          taken(trends),
          taken(rates),
          taken(perQuarter),
          taken(totals),
          taken(coaching),
          taken(effects),
          taken(balance),
          taken(survival),
          Futures.await(rejectedCount, READING));
    } finally {
      Futures.finish(pool);
    }
  }

  /** Threads reading the tables back at once. */
  private static final int READERS = 4;

  private static final String READING = "reading the tables back for the report";

  /** {@code t}'s rows as {@code f} maps them, collected on {@code pool}; null for no table. */
  private static <T> Future<List<T>> at(ExecutorService pool, Dataset<Row> t, Function<Row, T> f) {
    return pool.submit(() -> map(t, f));
  }

  private static <T> List<T> taken(Future<List<T>> rows) {
    return Futures.await(rows, READING);
  }

  private static Dataset<Row> notReps(Dataset<Row> t) {
    return t == null ? null : t.filter(col(LEVEL).notEqual(lit(LEVEL_REP)));
  }

  private static Dataset<Row> perQuarter(Dataset<Row> takeovers) {
    if (takeovers == null) {
      return null;
    }
    return takeovers
        .groupBy(col(TO_OWNER_ID), to_date(date_trunc("quarter", col(CHANGED_AT))).as("q"))
        .agg(count(lit(1)).as("n"), sum(col(AMOUNT)).as(AMOUNT));
  }

  private static Dataset<Row> inWindow(Dataset<Row> takeovers, LocalDate snapshot, int days) {
    if (takeovers == null) {
      return null;
    }
    LocalDate first = snapshot.minusDays(days - 1L);
    return takeovers
        .filter(
            col(CHANGED_AT)
                .geq(lit(first.atStartOfDay().toInstant(ZoneOffset.UTC)))
                .and(
                    col(CHANGED_AT)
                        .lt(lit(snapshot.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)))))
        .groupBy(TO_OWNER_ID)
        .agg(count(lit(1)).as("n"), sum(col(AMOUNT)).as(AMOUNT));
  }

  private static <T> List<T> map(Dataset<Row> t, Function<Row, T> f) {
    return t == null ? null : t.collectAsList().stream().map(f).toList();
  }

  private static Manager manager(Row r) {
    return new Manager(
        r.getAs(MANAGER_ID),
        r.getAs(MANAGER_NAME),
        lng(r, TEAM_SIZE),
        lng(r, LATE_STAGE_DEALS),
        lng(r, TAKEOVERS),
        r.getAs(TAKEOVER_RATE),
        r.getAs(TAKEOVER_WIN_RATE),
        r.getAs(OTHER_WIN_RATE),
        r.getAs(ACTIVITY_SHARE),
        r.getAs(EDIT_SHARE),
        r.getAs(MEDIAN_TENURE_DAYS),
        r.getAs(ATTRITION_RATE),
        r.getAs(TEAM_WIN_RATE),
        r.getAs(TEAM_TREND_SLOPE),
        r.getAs(MICROMANAGEMENT_INDEX),
        r.getAs(COACHING_HOURS_PER_REP_WEEK),
        r.getAs(TAKEOVER_EFFECT),
        optional(r, MEDIAN_TENURE_KM_DAYS),
        optional(r, ATTRITION_LOGRANK_P));
  }

  private static Person person(Row r) {
    Boolean active = r.getAs(IS_ACTIVE);
    return new Person(
        r.getAs(USER_ID),
        r.getAs(USER_NAME),
        r.getAs(MANAGER_ID),
        date(r, START_DATE),
        date(r, END_DATE),
        Boolean.TRUE.equals(active),
        r.getAs(TENURE_DAYS));
  }

  private static Trend trend(Row r) {
    Integer periods = r.getAs(PERIODS);
    return new Trend(
        r.getAs(LEVEL),
        r.getAs(ENTITY_ID),
        periods == null ? 0 : periods,
        date(r, FIRST_PERIOD),
        date(r, LAST_PERIOD),
        r.getAs(SLOPE),
        r.getAs(P_VALUE),
        r.getAs(DIRECTION));
  }

  private static QuarterRate quarterRate(Row r) {
    return new QuarterRate(
        r.getAs(LEVEL),
        r.getAs(ENTITY_ID),
        date(r, PERIOD_START),
        lng(r, WON),
        lng(r, LOST),
        r.getAs(WIN_RATE),
        r.getAs(WIN_RATE_LOW),
        r.getAs(WIN_RATE_HIGH),
        r.getAs(BOOKINGS));
  }

  private static TakeoverQuarter takeoverQuarter(Row r) {
    return new TakeoverQuarter(r.getAs(TO_OWNER_ID), date(r, "q"), lng(r, "n"), money(r));
  }

  private static TakeoverTotal takeoverTotal(Row r) {
    return new TakeoverTotal(r.getAs(TO_OWNER_ID), lng(r, "n"), money(r));
  }

  private static Coaching coaching(Row r) {
    return new Coaching(
        r.getAs(MANAGER_ID),
        r.getAs(REP_ID),
        lng(r, ONE_TO_ONES),
        lng(r, MINUTES),
        r.getAs(WEEKS),
        r.getAs(HOURS_PER_WEEK),
        date(r, LAST_ONE_TO_ONE));
  }

  private static Effect effect(Row r) {
    return new Effect(
        r.getAs(LEVEL),
        r.getAs(ENTITY_ID),
        lng(r, MATCHED_TAKEOVERS),
        lng(r, UNMATCHED_TAKEOVERS),
        lng(r, TAKEN_OVER_WON),
        lng(r, TAKEN_OVER_LOST),
        r.getAs(TAKEN_OVER_WIN_RATE),
        r.getAs(MATCHED_WIN_RATE),
        r.getAs(EFFECT),
        r.getAs(EFFECT_LOW),
        r.getAs(EFFECT_HIGH),
        r.getAs(P_VALUE),
        r.getAs(E_VALUE),
        r.getAs(E_VALUE_BOUND));
  }

  private static Balance balance(Row r) {
    return new Balance(
        r.getAs(LEVEL),
        r.getAs(ENTITY_ID),
        r.getAs(COVARIATE),
        r.getAs(TREATED_MEAN),
        r.getAs(CONTROL_MEAN),
        r.getAs(SMD));
  }

  private static Survival survival(Row r) {
    Number day = r.getAs(DAY);
    return new Survival(
        r.getAs(LEVEL),
        r.getAs(ENTITY_ID),
        day.intValue(),
        lng(r, AT_RISK),
        lng(r, DEPARTURES),
        lng(r, CENSORED),
        r.getAs(SURVIVAL),
        r.getAs(SURVIVAL_LOW),
        r.getAs(SURVIVAL_HIGH));
  }

  /** A column the table may not have yet (a scorecard written before it existed): null then. */
  private static Double optional(Row r, String column) {
    if (!r.schema().getFieldIndex(column).isDefined()) {
      return null;
    }
    Number n = r.getAs(column); // median_tenure_km_days is a whole number of days
    return n == null ? null : n.doubleValue();
  }

  private static long lng(Row r, String column) {
    Number n = r.getAs(column);
    return n == null ? 0 : n.longValue();
  }

  private static BigDecimal money(Row r) {
    return r.getAs(AMOUNT);
  }

  private static LocalDate date(Row r, String column) {
    Object d = r.getAs(column);
    if (d == null) {
      return null;
    }
    return d instanceof LocalDate l ? l : ((java.sql.Date) d).toLocalDate();
  }
}
