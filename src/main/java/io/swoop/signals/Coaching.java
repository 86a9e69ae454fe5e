package io.swoop.signals;

import static io.swoop.model.ColumnNames.ACTIVITY_DATE;
import static io.swoop.model.ColumnNames.ACTIVITY_ID;
import static io.swoop.model.ColumnNames.DURATION_IN_MINUTES;
import static io.swoop.model.ColumnNames.END_DATE_TIME;
import static io.swoop.model.ColumnNames.EVENT_ID;
import static io.swoop.model.ColumnNames.HOURS_PER_WEEK;
import static io.swoop.model.ColumnNames.IS_ALL_DAY_EVENT;
import static io.swoop.model.ColumnNames.IS_CHILD;
import static io.swoop.model.ColumnNames.IS_INVITEE;
import static io.swoop.model.ColumnNames.LAST_ONE_TO_ONE;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.MINUTES;
import static io.swoop.model.ColumnNames.ONE_TO_ONES;
import static io.swoop.model.ColumnNames.OWNER_ID;
import static io.swoop.model.ColumnNames.RELATION_ID;
import static io.swoop.model.ColumnNames.REP_ID;
import static io.swoop.model.ColumnNames.START_DATE;
import static io.swoop.model.ColumnNames.START_DATE_TIME;
import static io.swoop.model.ColumnNames.STATUS;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.VALID_FROM;
import static io.swoop.model.ColumnNames.VALID_TO;
import static io.swoop.model.ColumnNames.WEEKS;
import static io.swoop.model.ColumnNames.WHO_ID;
import static io.swoop.model.ColumnValues.DECLINED;
import static io.swoop.model.Ids.CONTACT_PREFIX;
import static io.swoop.model.Ids.LEAD_PREFIX;
import static io.swoop.model.Ids.USER_PREFIX;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.swoop.model.OutputTables;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How much one-to-one time each manager spends with each active direct report (CONTRACT §3 {@code
 * coaching}), over the scorecard's window.
 *
 * <p>An Event is a one-to-one between M and R when it is neither a child event nor an all-day event
 * (a null flag reads as false), its ActivityDate lies in the window, it has no WhoId and no
 * EventRelation naming a Contact or a Lead, and its attendees — the owner plus every EventRelation
 * that is a User, an invitee and has not declined — are exactly M and R. The Status test is trimmed
 * and ignores case, so {@code " declined "} is a decline; a null IsInvitee (the column is present
 * but the value empty) is not an invitee. Ids are compared on their 18-character form, whose first
 * three characters are the object's key prefix.
 */
public final class Coaching {
  private static final String ATTENDEE = "_attendee";
  private static final String LO = "_lo";
  private static final String HI = "_hi";
  private static final long MICROS_PER_MINUTE = 60_000_000L;

  private Coaching() {}

  /**
   * The {@code coaching} table: one row per active direct report (exactly those {@code team_size}
   * counts), zero counts included; no rows at all when {@code eventRelations} is empty (the input
   * has no EventRelation, so attendees cannot be known).
   *
   * @param tenureOfAll {@link RepTenure#all}, for who reports to whom, who is active and start_date
   * @param events the canonical events
   * @param eventRelations the canonical event_relations, when the input has them
   * @param snapshotDate the last day of the window
   * @param windowDays {@code scorecard.window_days}
   */
  public static Dataset<Row> compute(
      Dataset<Row> tenureOfAll,
      Dataset<Row> events,
      Optional<Dataset<Row>> eventRelations,
      LocalDate snapshotDate,
      int windowDays) {
    return compute(
        tenureOfAll,
        ManagerHistory.of(tenureOfAll),
        events,
        eventRelations,
        snapshotDate,
        windowDays);
  }

  /**
   * As {@link #compute(Dataset, Dataset, Optional, LocalDate, int)}, as of the management chain's
   * history: {@code weeks} counts the days of the window on which R was employed and reported to M
   * (R's manager at the end of that day, CONTRACT §2.1), and only one-to-ones dated on those days
   * count.
   *
   * @param stretches from {@link ManagerHistory#of}
   */
  public static Dataset<Row> compute(
      Dataset<Row> tenureOfAll,
      Dataset<Row> stretches,
      Dataset<Row> events,
      Optional<Dataset<Row>> eventRelations,
      LocalDate snapshotDate,
      int windowDays) {
    ManagerScorecard.Span window = ManagerScorecard.Span.ending(snapshotDate, windowDays);
    Dataset<Row> reports =
        ManagerScorecard.directReports(tenureOfAll)
            .filter(ManagerScorecard.isActiveReport())
            .select(
                col(MANAGER_ID),
                col(USER_ID).as(REP_ID),
                col(START_DATE),
                least(col(MANAGER_ID), col(USER_ID)).as(LO),
                greatest(col(MANAGER_ID), col(USER_ID)).as(HI));
    if (eventRelations.isEmpty()) {
      return DatasetFunctions.conform(
          reports
              .withColumn(ONE_TO_ONES, lit(0L))
              .withColumn(MINUTES, lit(0L))
              .withColumn(WEEKS, lit(0.0))
              .withColumn(HOURS_PER_WEEK, lit(null).cast("double"))
              .withColumn(LAST_ONE_TO_ONE, lit(null).cast("date"))
              .filter(lit(false)),
          OutputTables.COACHING_SCHEMA);
    }

    Dataset<Row> pairs =
        reports
            .select(MANAGER_ID, REP_ID, LO, HI)
            .join(oneToOnes(events, eventRelations.get(), window), DatasetFunctions.keys(LO, HI))
            .withColumn("_day_end", ManagerHistory.endOf(col(ACTIVITY_DATE)));
    Dataset<Row> perRep =
        ManagerHistory.managerAt(pairs, REP_ID, "_day_end", stretches, "_then")
            .filter(col("_then").equalTo(col(MANAGER_ID)))
            .groupBy(MANAGER_ID, REP_ID)
            .agg(
                count(lit(1)).as(ONE_TO_ONES),
                sum(col(MINUTES)).as(MINUTES),
                max(col(ACTIVITY_DATE)).as(LAST_ONE_TO_ONE));

    // Days of the window on which the rep was employed (from the later of the window's first day
    // and start_date to the snapshot, both included) and reported to the manager at the day's end:
    // a stretch [from, to) holds the end of each day from date(from) to date(to) - 1.
    Column employedFrom = greatest(lit(DatasetFunctions.date(window.first())), col(START_DATE));
    Column last = lit(DatasetFunctions.date(window.last()));
    Column first = greatest(employedFrom, coalesce(to_date(col(VALID_FROM)), employedFrom));
    Column upTo = least(last, coalesce(date_sub(to_date(col(VALID_TO)), 1), last));
    Dataset<Row> spans =
        stretches.select(
            col(USER_ID).as("_s_user"),
            col(MANAGER_ID).as("_s_manager"),
            col(VALID_FROM),
            col(VALID_TO));
    Dataset<Row> days =
        reports
            .join(
                spans,
                col(REP_ID).equalTo(col("_s_user")).and(col(MANAGER_ID).equalTo(col("_s_manager"))))
            .groupBy(MANAGER_ID, REP_ID)
            .agg(sum(greatest(datediff(upTo, first).plus(1), lit(0))).as("_days"));
    Dataset<Row> out =
        reports
            .join(perRep, DatasetFunctions.keys(MANAGER_ID, REP_ID), "left")
            .join(days, DatasetFunctions.keys(MANAGER_ID, REP_ID), "left")
            .withColumn(ONE_TO_ONES, coalesce(col(ONE_TO_ONES), lit(0L)))
            .withColumn(MINUTES, coalesce(col(MINUTES), lit(0L)))
            .withColumn(WEEKS, coalesce(col("_days"), lit(0L)).cast("double").divide(7.0))
            .withColumn(
                HOURS_PER_WEEK,
                when(
                    col(WEEKS).gt(0), col(MINUTES).cast("double").divide(60.0).divide(col(WEEKS))));
    return DatasetFunctions.conform(out, OutputTables.COACHING_SCHEMA);
  }

  /**
   * The mean hours_per_week of each manager's rows: {@code manager_id,
   * coaching_hours_per_rep_week}. A manager without rows (no EventRelation input, or no active
   * direct report) has no row, so the scorecard shows null.
   */
  static Dataset<Row> perManager(Dataset<Row> coaching, String as) {
    return coaching
        .groupBy(MANAGER_ID)
        .agg(DatasetFunctions.orderedMean(col(HOURS_PER_WEEK)).as(as));
  }

  /**
   * Every one-to-one in the window between two users: {@code _lo, _hi} (the two attendees, the
   * smaller Id first), activity_date and minutes. Which of the two manages the other is left to the
   * join with the direct reports.
   */
  static Dataset<Row> oneToOnes(
      Dataset<Row> events, Dataset<Row> relations, ManagerScorecard.Span window) {
    Dataset<Row> candidates =
        events
            .filter(DatasetFunctions.isTrue(IS_CHILD).unary_$bang())
            .filter(DatasetFunctions.isTrue(IS_ALL_DAY_EVENT).unary_$bang())
            .filter(col(ACTIVITY_DATE).isNotNull().and(window.containsDate(col(ACTIVITY_DATE))))
            .filter(col(WHO_ID).isNull())
            .select(
                col(ACTIVITY_ID).as(EVENT_ID),
                col(OWNER_ID),
                col(ACTIVITY_DATE),
                minutes().as(MINUTES));

    Column outsider =
        col(RELATION_ID).startsWith(CONTACT_PREFIX).or(col(RELATION_ID).startsWith(LEAD_PREFIX));
    Dataset<Row> withOutsider = relations.filter(outsider).select(EVENT_ID).distinct();
    Column declined = lower(trim(col(STATUS))).eqNullSafe(lit(DECLINED));
    Dataset<Row> userAttendees =
        relations
            .filter(col(RELATION_ID).startsWith(USER_PREFIX))
            .filter(DatasetFunctions.isTrue(IS_INVITEE))
            .filter(declined.unary_$bang())
            .select(col(EVENT_ID), col(RELATION_ID).as(ATTENDEE));

    Dataset<Row> inside =
        candidates.join(withOutsider, DatasetFunctions.keys(EVENT_ID), "left_anti");
    Dataset<Row> attendees =
        inside
            .select(col(EVENT_ID), col(OWNER_ID).as(ATTENDEE))
            .union(
                userAttendees.join(
                    inside.select(EVENT_ID), DatasetFunctions.keys(EVENT_ID), "left_semi"));
    Dataset<Row> twoUsers =
        attendees
            .groupBy(EVENT_ID)
            .agg(countDistinct(col(ATTENDEE)).as("_n"), min(ATTENDEE).as(LO), max(ATTENDEE).as(HI))
            .filter(col("_n").equalTo(2))
            .drop("_n");
    return inside
        .join(twoUsers, DatasetFunctions.keys(EVENT_ID))
        .select(col(LO), col(HI), col(ACTIVITY_DATE), col(MINUTES));
  }

  /**
   * DurationInMinutes, else EndDateTime − StartDateTime in whole minutes (rounded down; an end
   * before the start, a broken record, counts as 0), else 0.
   */
  private static Column minutes() {
    Column span =
        floor(
            unix_micros(col(END_DATE_TIME))
                .minus(unix_micros(col(START_DATE_TIME)))
                .divide(lit(MICROS_PER_MINUTE)));
    return coalesce(
        col(DURATION_IN_MINUTES).cast("long"), greatest(span, lit(0L)).cast("long"), lit(0L));
  }
}
