package io.swoop.signals;

import static io.swoop.model.ColumnNames.ACTIVITY_DATE;
import static io.swoop.model.ColumnNames.ACTIVITY_SHARE;
import static io.swoop.model.ColumnNames.ANCESTOR_ID;
import static io.swoop.model.ColumnNames.ATTRITION_RATE;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.CLOSE_DATE;
import static io.swoop.model.ColumnNames.COACHING_HOURS_PER_REP_WEEK;
import static io.swoop.model.ColumnNames.CREATED_BY_ID;
import static io.swoop.model.ColumnNames.CREATED_DATE;
import static io.swoop.model.ColumnNames.CREDITED_REP_ID;
import static io.swoop.model.ColumnNames.DIRECTION;
import static io.swoop.model.ColumnNames.EDIT_SHARE;
import static io.swoop.model.ColumnNames.EFFECT;
import static io.swoop.model.ColumnNames.END_DATE;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.IS_ACTIVE;
import static io.swoop.model.ColumnNames.IS_CLOSED;
import static io.swoop.model.ColumnNames.IS_WON;
import static io.swoop.model.ColumnNames.LATE_STAGE_DEALS;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.MANAGER_NAME;
import static io.swoop.model.ColumnNames.MEDIAN_TENURE_DAYS;
import static io.swoop.model.ColumnNames.MICROMANAGEMENT_INDEX;
import static io.swoop.model.ColumnNames.NAME;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.OTHER_WIN_RATE;
import static io.swoop.model.ColumnNames.OWNER_ID;
import static io.swoop.model.ColumnNames.PROBABILITY;
import static io.swoop.model.ColumnNames.SLOPE;
import static io.swoop.model.ColumnNames.STAGE_NAME;
import static io.swoop.model.ColumnNames.TAKEOVERS;
import static io.swoop.model.ColumnNames.TAKEOVER_EFFECT;
import static io.swoop.model.ColumnNames.TAKEOVER_RATE;
import static io.swoop.model.ColumnNames.TAKEOVER_WIN_RATE;
import static io.swoop.model.ColumnNames.TEAM_SIZE;
import static io.swoop.model.ColumnNames.TEAM_TREND_SLOPE;
import static io.swoop.model.ColumnNames.TEAM_WIN_RATE;
import static io.swoop.model.ColumnNames.TENURE_DAYS;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.VALID_FROM;
import static io.swoop.model.ColumnNames.VALID_TO;
import static io.swoop.model.ColumnNames.WHAT_ID;
import static io.swoop.model.ColumnValues.DECLINING;
import static io.swoop.model.ColumnValues.LEVEL_MANAGER;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.swoop.config.SwoopConfig;
import io.swoop.model.MicromanagementIndex;
import io.swoop.model.OutputTables;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One row per manager (CONTRACT §3 {@code manager_scorecard}): how they treat their team's
 * late-stage deals and how the team fares, over the {@code scorecard.window_days} days ending at
 * and including the snapshot date.
 */
public final class ManagerScorecard {
  private static final String MANAGER = "_manager";
  private static final String MEMBER = "_member";
  private static final String TOOK = "_took";

  private ManagerScorecard() {}

  /** The window: the first and last day (both included). */
  record Span(LocalDate first, LocalDate last) {
    static Span ending(LocalDate snapshotDate, int days) {
      return new Span(snapshotDate.minusDays(days - 1L), snapshotDate);
    }

    Column containsDate(Column date) {
      return date.geq(lit(DatasetFunctions.date(first)))
          .and(date.leq(lit(DatasetFunctions.date(last))));
    }

    Column containsTime(Column ts) {
      return ts.geq(lit(DatasetFunctions.startOf(first)))
          .and(ts.lt(lit(DatasetFunctions.startOf(last.plusDays(1)))));
    }

    /** Whether [from, to) meets the window; to null = open-ended. */
    Column overlaps(Column from, Column to) {
      Column nonEmpty = to.isNull().or(to.gt(from));
      Column startsBeforeEnd = from.lt(lit(DatasetFunctions.startOf(last.plusDays(1))));
      Column endsAfterStart = to.isNull().or(to.gt(lit(DatasetFunctions.startOf(first))));
      return nonEmpty.and(startsBeforeEnd).and(endsAfterStart);
    }
  }

  /** The inputs, all already computed by the other signals. */
  public record Inputs(
      Dataset<Row> users,
      Dataset<Row> tenureOfAll,
      Dataset<Row> stretches,
      Dataset<Row> credited,
      Dataset<Row> takeovers,
      Dataset<Row> history,
      Dataset<Row> activities,
      Dataset<Row> trends,
      Dataset<Row> coaching,
      Dataset<Row> takeoverEffect,
      Dataset<Row> survival) {}

  /**
   * The {@code manager_scorecard} table.
   *
   * @param in users; {@link RepTenure#all}; {@link ManagerHistory#of}; {@link CreditedReps#of};
   *     deal_takeovers; opportunity_history; tasks and events as {@link #activities};
   *     win_rate_trends; coaching; takeover_effect; rep_survival
   */
  public static Dataset<Row> compute(Inputs in, LocalDate snapshotDate, SwoopConfig config) {
    Span window = Span.ending(snapshotDate, config.windowDays());
    Dataset<Row> directReports =
        directReports(in.tenureOfAll()).withColumnRenamed(MANAGER_ID, MANAGER);
    Dataset<Row> takeoversInWindow = in.takeovers().filter(window.containsTime(col(CHANGED_AT)));
    Dataset<Row> treeDeals =
        treeDeals(
            in,
            lateStageDealsInWindow(in.history(), window, config),
            takeoversInWindow,
            snapshotDate,
            config.maxLevels());
    Dataset<Row> dealKeys = treeDeals.select(col(MANAGER), col(OPPORTUNITY_ID).as("_deal"));
    Dataset<Row> card =
        managers(in.users(), directReports)
            .join(team(directReports, window), MANAGER, "left")
            .join(dealOutcomes(treeDeals), MANAGER, "left")
            .join(takeoverCounts(takeoversInWindow), MANAGER, "left")
            .join(activityShare(in.activities(), dealKeys, window), MANAGER, "left")
            .join(editShare(in.history(), dealKeys, window), MANAGER, "left")
            .join(teamWinRate(in.credited(), in.stretches(), window), MANAGER, "left")
            .join(managerTrend(in.trends()), MANAGER, "left")
            .join(coachingHours(in.coaching()), MANAGER, "left")
            .join(takeoverEffect(in.takeoverEffect()), MANAGER, "left")
            .join(
                RepSurvival.medians(in.survival()).withColumnRenamed(MANAGER_ID, MANAGER),
                MANAGER,
                "left")
            .join(
                RepSurvival.logRank(in.survival()).withColumnRenamed(MANAGER_ID, MANAGER),
                MANAGER,
                "left");
    return DatasetFunctions.conform(withRatesAndIndex(card), OutputTables.MANAGER_SCORECARD_SCHEMA);
  }

  /**
   * Everyone with a direct report ({@link #directReports}: someone's manager at the snapshot, or at
   * the end of their end_date for one who left): {@code _manager, manager_name}.
   */
  private static Dataset<Row> managers(Dataset<Row> users, Dataset<Row> directReports) {
    return users
        .join(
            directReports.select(col(MANAGER)).distinct(),
            col(USER_ID).equalTo(col(MANAGER)),
            "left_semi")
        .select(col(USER_ID).as(MANAGER), col(NAME).as(MANAGER_NAME));
  }

  /** Per manager: team_size, median_tenure_days and attrition_rate of the direct reports. */
  private static Dataset<Row> team(Dataset<Row> directReports, Span window) {
    Column leftInWindow = col(END_DATE).isNotNull().and(window.containsDate(col(END_DATE)));
    return directReports
        .groupBy(MANAGER)
        .agg(
            sum(when(isActiveReport(), 1L).otherwise(0L)).as(TEAM_SIZE),
            sum(when(leftInWindow, 1L).otherwise(0L)).as("_left"),
            percentile(when(isActiveReport(), col(TENURE_DAYS)), lit(0.5)).as(MEDIAN_TENURE_DAYS))
        .withColumn(
            ATTRITION_RATE, DatasetFunctions.rate(col("_left"), col("_left").plus(col(TEAM_SIZE))));
  }

  /** The opportunities in a late stage at some moment in the window: {@code _late_opp}. */
  private static Dataset<Row> lateStageDealsInWindow(
      Dataset<Row> history, Span window, SwoopConfig config) {
    return Stages.intervals(history)
        .filter(Stages.isLate(col(STAGE_NAME), col(PROBABILITY), config))
        .filter(window.overlaps(col(VALID_FROM), col(VALID_TO)))
        .select(col(OPPORTUNITY_ID).as("_late_opp"))
        .distinct();
  }

  /**
   * Each manager's tree's late-stage deals, one row per manager and deal, with whether this manager
   * took the deal over in the window ({@code _took}).
   */
  private static Dataset<Row> treeDeals(
      Inputs in,
      Dataset<Row> lateInWindow,
      Dataset<Row> takeoversInWindow,
      LocalDate snapshotDate,
      int maxLevels) {
    Dataset<Row> takenOver =
        takeoversInWindow
            .select(col(TO_OWNER_ID).as("_taker"), col(OPPORTUNITY_ID).as("_taken_opp"))
            .distinct()
            .withColumn(TOOK, lit(true));
    // The tree at the end of the CloseDate for a closed deal, at the snapshot for an open one (or
    // a closed one without a CloseDate).
    Column snapshotEnd = ManagerHistory.endOf(lit(DatasetFunctions.date(snapshotDate)));
    Dataset<Row> late =
        in.credited()
            .join(lateInWindow, col(OPPORTUNITY_ID).equalTo(col("_late_opp")), "left_semi")
            .withColumn(
                "_tree_at",
                when(col(IS_CLOSED), coalesce(ManagerHistory.endOf(col(CLOSE_DATE)), snapshotEnd))
                    .otherwise(snapshotEnd));
    return ManagerHistory.chainAt(late, CREDITED_REP_ID, "_tree_at", in.stretches(), maxLevels)
        .withColumnRenamed(ANCESTOR_ID, MANAGER)
        .join(
            takenOver,
            col(MANAGER).equalTo(col("_taker")).and(col(OPPORTUNITY_ID).equalTo(col("_taken_opp"))),
            "left")
        .select(
            col(MANAGER),
            col(OPPORTUNITY_ID),
            col(IS_CLOSED),
            col(IS_WON),
            coalesce(col(TOOK), lit(false)).as(TOOK));
  }

  /** Per manager: late_stage_deals, takeover_win_rate and other_win_rate. */
  private static Dataset<Row> dealOutcomes(Dataset<Row> treeDeals) {
    Column took = col(TOOK);
    Column other = col(TOOK).unary_$bang();
    return treeDeals
        .groupBy(MANAGER)
        .agg(
            count(lit(1)).as(LATE_STAGE_DEALS),
            wonAmong(took).as("_tw"),
            closedAmong(took).as("_tc"),
            wonAmong(other).as("_ow"),
            closedAmong(other).as("_oc"))
        .withColumn(TAKEOVER_WIN_RATE, DatasetFunctions.rate(col("_tw"), col("_tc")))
        .withColumn(OTHER_WIN_RATE, DatasetFunctions.rate(col("_ow"), col("_oc")));
  }

  /** Per manager: the takeovers in the window whose new owner they are. */
  private static Dataset<Row> takeoverCounts(Dataset<Row> takeoversInWindow) {
    return takeoversInWindow.groupBy(col(TO_OWNER_ID).as(MANAGER)).agg(count(lit(1)).as(TAKEOVERS));
  }

  /** Per manager: activity_share on the tree's late-stage deals ({@code dealKeys}). */
  private static Dataset<Row> activityShare(
      Dataset<Row> activities, Dataset<Row> dealKeys, Span window) {
    return managersOwn(
            activities.filter(window.containsDate(col(ACTIVITY_DATE))), dealKeys, WHAT_ID, OWNER_ID)
        .withColumn(ACTIVITY_SHARE, DatasetFunctions.rate(col("_mine"), col("_all")))
        .select(MANAGER, ACTIVITY_SHARE);
  }

  /**
   * Per manager: edit_share of the history rows on the tree's late-stage deals, null everywhere
   * when the export has no CreatedById.
   */
  private static Dataset<Row> editShare(Dataset<Row> history, Dataset<Row> dealKeys, Span window) {
    Dataset<Row> hasCreator = history.agg(max(col(CREATED_BY_ID).isNotNull()).as("_has_creator"));
    return managersOwn(
            history.filter(window.containsTime(col(CREATED_DATE))),
            dealKeys,
            OPPORTUNITY_ID,
            CREATED_BY_ID)
        .crossJoin(hasCreator)
        .withColumn(
            EDIT_SHARE, when(col("_has_creator"), DatasetFunctions.rate(col("_mine"), col("_all"))))
        .select(MANAGER, EDIT_SHARE);
  }

  /**
   * Per manager: how many of {@code rows} fall on the manager's tree's late-stage deals ({@code
   * dealKeys}, matched on {@code dealColumn}) as {@code _all}, and how many of those the manager
   * made ({@code byColumn}) as {@code _mine}.
   */
  private static Dataset<Row> managersOwn(
      Dataset<Row> rows, Dataset<Row> dealKeys, String dealColumn, String byColumn) {
    return rows.join(dealKeys, col(dealColumn).equalTo(col("_deal")))
        .groupBy(MANAGER)
        .agg(
            count(lit(1)).as("_all"),
            sum(when(col(byColumn).equalTo(col(MANAGER)), 1L).otherwise(0L)).as("_mine"));
  }

  /**
   * Per manager: team_win_rate of the deals closed in the window whose credited rep reported to
   * them at the end of the CloseDate.
   */
  private static Dataset<Row> teamWinRate(
      Dataset<Row> credited, Dataset<Row> stretches, Span window) {
    Dataset<Row> closed =
        credited
            .filter(col(IS_CLOSED).and(window.containsDate(col(CLOSE_DATE))))
            .withColumn("_closed_at", ManagerHistory.endOf(col(CLOSE_DATE)));
    return ManagerHistory.managerAt(closed, CREDITED_REP_ID, "_closed_at", stretches, MANAGER)
        .filter(col(MANAGER).isNotNull().and(col(MANAGER).notEqual(col(CREDITED_REP_ID))))
        .groupBy(MANAGER)
        .agg(wonAmong(lit(true)).as("_won"), closedAmong(lit(true)).as("_closed"))
        .withColumn(TEAM_WIN_RATE, DatasetFunctions.rate(col("_won"), col("_closed")))
        .select(MANAGER, TEAM_WIN_RATE);
  }

  /** Per manager: team_trend_slope and whether the trend is declining. */
  private static Dataset<Row> managerTrend(Dataset<Row> trends) {
    return trends
        .filter(col(LEVEL).equalTo(LEVEL_MANAGER))
        .select(
            col(ENTITY_ID).as(MANAGER),
            col(SLOPE).as(TEAM_TREND_SLOPE),
            col(DIRECTION).equalTo(DECLINING).as("_declining"));
  }

  /** Per manager: coaching_hours_per_rep_week. */
  private static Dataset<Row> coachingHours(Dataset<Row> coaching) {
    return Coaching.perManager(coaching, COACHING_HOURS_PER_REP_WEEK)
        .withColumnRenamed(MANAGER_ID, MANAGER);
  }

  /** Per manager: their takeover_effect. */
  private static Dataset<Row> takeoverEffect(Dataset<Row> takeoverEffect) {
    return takeoverEffect
        .filter(col(LEVEL).equalTo(LEVEL_MANAGER))
        .select(col(ENTITY_ID).as(MANAGER), col(EFFECT).as(TAKEOVER_EFFECT));
  }

  /** The joined parts with zero counts filled in, takeover_rate and the micromanagement_index. */
  private static Dataset<Row> withRatesAndIndex(Dataset<Row> card) {
    Column index =
        MicromanagementIndex.column(
            col(TAKEOVERS),
            col(LATE_STAGE_DEALS),
            col(ACTIVITY_SHARE),
            col(EDIT_SHARE),
            col(ATTRITION_RATE),
            col(TEAM_TREND_SLOPE),
            coalesce(col("_declining"), lit(false)));
    return card.withColumn(TEAM_SIZE, coalesce(col(TEAM_SIZE), lit(0L)))
        .withColumn(LATE_STAGE_DEALS, coalesce(col(LATE_STAGE_DEALS), lit(0L)))
        .withColumn(TAKEOVERS, coalesce(col(TAKEOVERS), lit(0L)))
        .withColumn(TAKEOVER_RATE, DatasetFunctions.rate(col(TAKEOVERS), col(LATE_STAGE_DEALS)))
        .withColumnRenamed(MANAGER, MANAGER_ID)
        .withColumn(MICROMANAGEMENT_INDEX, index);
  }

  /**
   * Everyone's tenure row ({@link RepTenure#all}) for users who report to someone else, with the
   * manager in {@code manager_id}: the direct reports, past and present. Filtered with {@link
   * #isActiveReport} these are the users {@code team_size} counts, and {@link Coaching} has one row
   * for each of them.
   */
  static Dataset<Row> directReports(Dataset<Row> tenureOfAll) {
    return tenureOfAll.filter(
        col(MANAGER_ID).isNotNull().and(col(MANAGER_ID).notEqual(col(USER_ID))));
  }

  /** Whether a {@link #directReports} row is an active direct report at the snapshot. */
  static Column isActiveReport() {
    return DatasetFunctions.isTrue(IS_ACTIVE);
  }

  /**
   * Tasks and Events as one table of {@code what_id, owner_id, activity_date}; either may be an
   * empty table.
   */
  public static Dataset<Row> activities(Dataset<Row> tasks, Dataset<Row> events) {
    return tasks
        .select(WHAT_ID, OWNER_ID, ACTIVITY_DATE)
        .unionByName(events.select(WHAT_ID, OWNER_ID, ACTIVITY_DATE));
  }

  private static Column wonAmong(Column which) {
    return sum(when(which.and(col(IS_CLOSED)).and(col(IS_WON)), 1L).otherwise(0L));
  }

  private static Column closedAmong(Column which) {
    return sum(when(which.and(col(IS_CLOSED)), 1L).otherwise(0L));
  }
}
