package io.swoop.sink.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import io.swoop.model.OutputTables;
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
import java.util.List;
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
  private static final String LEVEL_REP = "rep";

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
    return new ReportData(
        snapshotDate,
        windowDays,
        map(table.apply(OutputTables.MANAGER_SCORECARD), ReportTables::manager),
        map(table.apply(OutputTables.REP_TENURE), ReportTables::person),
        map(notReps(table.apply(OutputTables.WIN_RATE_TRENDS)), ReportTables::trend),
        map(notReps(table.apply(OutputTables.WIN_RATES)), ReportTables::quarterRate),
        map(perQuarter(takeovers), ReportTables::takeoverQuarter),
        map(inWindow(takeovers, snapshotDate, windowDays), ReportTables::takeoverTotal),
        map(table.apply(OutputTables.COACHING), ReportTables::coaching),
        map(table.apply(OutputTables.TAKEOVER_EFFECT), ReportTables::effect),
        rejected == null ? 0 : rejected.count());
  }

  private static Dataset<Row> notReps(Dataset<Row> t) {
    return t == null ? null : t.filter(col("level").notEqual(lit(LEVEL_REP)));
  }

  private static Dataset<Row> perQuarter(Dataset<Row> takeovers) {
    if (takeovers == null) {
      return null;
    }
    return takeovers
        .groupBy(col("to_owner_id"), to_date(date_trunc("quarter", col("changed_at"))).as("q"))
        .agg(count(lit(1)).as("n"), sum(col("amount")).as("amount"));
  }

  private static Dataset<Row> inWindow(Dataset<Row> takeovers, LocalDate snapshot, int days) {
    if (takeovers == null) {
      return null;
    }
    LocalDate first = snapshot.minusDays(days - 1L);
    return takeovers
        .filter(
            col("changed_at")
                .geq(lit(first.atStartOfDay().toInstant(ZoneOffset.UTC)))
                .and(
                    col("changed_at")
                        .lt(lit(snapshot.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)))))
        .groupBy("to_owner_id")
        .agg(count(lit(1)).as("n"), sum(col("amount")).as("amount"));
  }

  private static <T> List<T> map(Dataset<Row> t, Function<Row, T> f) {
    return t == null ? null : t.collectAsList().stream().map(f).toList();
  }

  private static Manager manager(Row r) {
    return new Manager(
        r.getAs("manager_id"),
        r.getAs("manager_name"),
        lng(r, "team_size"),
        lng(r, "late_stage_deals"),
        lng(r, "takeovers"),
        r.getAs("takeover_rate"),
        r.getAs("takeover_win_rate"),
        r.getAs("other_win_rate"),
        r.getAs("activity_share"),
        r.getAs("edit_share"),
        r.getAs("median_tenure_days"),
        r.getAs("attrition_rate"),
        r.getAs("team_win_rate"),
        r.getAs("team_trend_slope"),
        r.getAs("micromanagement_index"),
        r.getAs("coaching_hours_per_rep_week"),
        r.getAs("takeover_effect"));
  }

  private static Person person(Row r) {
    Boolean active = r.getAs("is_active");
    return new Person(
        r.getAs("user_id"),
        r.getAs("user_name"),
        r.getAs("manager_id"),
        date(r, "start_date"),
        date(r, "end_date"),
        Boolean.TRUE.equals(active),
        r.getAs("tenure_days"));
  }

  private static Trend trend(Row r) {
    Integer periods = r.getAs("periods");
    return new Trend(
        r.getAs("level"),
        r.getAs("entity_id"),
        periods == null ? 0 : periods,
        date(r, "first_period"),
        date(r, "last_period"),
        r.getAs("slope"),
        r.getAs("p_value"),
        r.getAs("direction"));
  }

  private static QuarterRate quarterRate(Row r) {
    return new QuarterRate(
        r.getAs("level"),
        r.getAs("entity_id"),
        date(r, "period_start"),
        lng(r, "won"),
        lng(r, "lost"),
        r.getAs("win_rate"),
        r.getAs("win_rate_low"),
        r.getAs("win_rate_high"),
        r.getAs("bookings"));
  }

  private static TakeoverQuarter takeoverQuarter(Row r) {
    return new TakeoverQuarter(r.getAs("to_owner_id"), date(r, "q"), lng(r, "n"), money(r));
  }

  private static TakeoverTotal takeoverTotal(Row r) {
    return new TakeoverTotal(r.getAs("to_owner_id"), lng(r, "n"), money(r));
  }

  private static Coaching coaching(Row r) {
    return new Coaching(
        r.getAs("manager_id"),
        r.getAs("rep_id"),
        lng(r, "one_to_ones"),
        lng(r, "minutes"),
        r.getAs("weeks"),
        r.getAs("hours_per_week"),
        date(r, "last_one_to_one"));
  }

  private static Effect effect(Row r) {
    return new Effect(
        r.getAs("level"),
        r.getAs("entity_id"),
        lng(r, "matched_takeovers"),
        lng(r, "taken_over_won"),
        lng(r, "taken_over_lost"),
        r.getAs("taken_over_win_rate"),
        r.getAs("matched_win_rate"),
        r.getAs("effect"),
        r.getAs("effect_low"),
        r.getAs("effect_high"),
        r.getAs("p_value"));
  }

  private static long lng(Row r, String column) {
    Number n = r.getAs(column);
    return n == null ? 0 : n.longValue();
  }

  private static BigDecimal money(Row r) {
    return r.getAs("amount");
  }

  private static LocalDate date(Row r, String column) {
    Object d = r.getAs(column);
    if (d == null) {
      return null;
    }
    return d instanceof LocalDate l ? l : ((java.sql.Date) d).toLocalDate();
  }
}
