package io.swoop.signals;

import static io.swoop.signals.Fixture.at;
import static io.swoop.signals.Fixture.contact;
import static io.swoop.signals.Fixture.day;
import static io.swoop.signals.Fixture.lead;
import static io.swoop.signals.Fixture.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swoop.model.CanonicalModel;
import io.swoop.model.OutputTables;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 {@code coaching}, as of 2024-12-31 with the default 365-day window (2024-01-02 to
 * 2024-12-31, so a rep employed throughout has 365 / 7 weeks).
 *
 * <p>The team: boss ← mgr ← r1 (since 2020), r2 (hired 2024-07-01, 184 days in the window), gone
 * (left in 2023); x is a third user in another team.
 */
class CoachingTest extends SignalsTestBase {
  private static final double FULL_WEEKS = 365 / 7.0;

  private static Fixture team() {
    return new Fixture()
        .user("boss", null)
        .user("mgr", "boss")
        .user("r1", "mgr")
        .user("r2", "mgr", true, "2020-01-01T00:00:00", null, "2024-07-01", null)
        .user("gone", "mgr", false, "2020-01-01T00:00:00", "2023-05-01T10:00:00", null, null)
        .user("x", "boss")
        .withEventRelations();
  }

  private static Dataset<Row> coaching(Fixture f) {
    CanonicalModel m = f.model(spark, "2024-12-31");
    return Coaching.compute(
        RepTenure.all(m.users(), m.snapshotDate()),
        m.events(),
        m.eventRelations(),
        m.snapshotDate(),
        365);
  }

  private static Map<String, Row> byRep(Fixture f) {
    return coaching(f).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(1), r -> r));
  }

  private static long oneToOnes(Fixture f, String rep) {
    return byRep(f).get(user(rep)).getLong(2);
  }

  /** A 30-minute meeting of mgr with r1 on {@code date}, flagged with {@code more}. */
  private static Fixture withMeeting(String date, Object... more) {
    Object[] all = new Object[more.length + 2];
    all[0] = "duration_in_minutes";
    all[1] = 30.0;
    System.arraycopy(more, 0, all, 2, more.length);
    return team().meeting("m", "mgr", date, all).relation("m", user("r1"));
  }

  @Test
  void aMeetingOfTheManagerAndTheRepAloneIsAOneToOne() {
    Row r1 = byRep(withMeeting("2024-06-03")).get(user("r1"));
    assertEquals(user("mgr"), r1.getString(0));
    assertEquals(1L, r1.getLong(2));
    assertEquals(30L, r1.getLong(3));
    assertEquals(FULL_WEEKS, r1.getDouble(4), 1e-12);
    assertEquals(0.5 / FULL_WEEKS, r1.getDouble(5), 1e-12);
    assertEquals(day("2024-06-03"), r1.getDate(6));
  }

  @Test
  void theRepMayBeTheOwnerAndTheManagerTheInvitee() {
    Fixture f = team().meeting("m", "r1", "2024-06-03").relation("m", user("mgr"));
    assertEquals(1L, oneToOnes(f, "r1"));
  }

  @Test
  void nullChildAndAllDayFlagsReadAsFalse() {
    Fixture f = withMeeting("2024-06-03", "is_child", false);
    f.meeting("n", "mgr", "2024-06-04").relation("n", user("r1"));
    // "n" has neither flag at all.
    assertEquals(2L, oneToOnes(f, "r1"));
  }

  @Test
  void aChildEventIsNotCounted() {
    assertEquals(0L, oneToOnes(withMeeting("2024-06-03", "is_child", true), "r1"));
  }

  @Test
  void anAllDayEventIsNotCounted() {
    assertEquals(0L, oneToOnes(withMeeting("2024-06-03", "is_all_day_event", true), "r1"));
  }

  @Test
  void aRepWhoDeclinedIsNotAnAttendee() {
    Fixture f =
        team().meeting("m", "mgr", "2024-06-03").relation("m", user("r1"), true, " DECLINED ");
    assertEquals(0L, oneToOnes(f, "r1"));
  }

  @Test
  void aThirdUserWhoDeclinedDoesNotSpoilTheOneToOne() {
    Fixture f = withMeeting("2024-06-03").relation("m", user("x"), true, "declined");
    assertEquals(1L, oneToOnes(f, "r1"));
  }

  @Test
  void aRelationThatIsNotAnInviteeIsNotAnAttendee() {
    Fixture notInvited =
        team().meeting("m", "mgr", "2024-06-03").relation("m", user("r1"), false, null);
    assertEquals(0L, oneToOnes(notInvited, "r1"));
    Fixture thirdNotInvited = withMeeting("2024-06-03").relation("m", user("x"), false, null);
    assertEquals(1L, oneToOnes(thirdNotInvited, "r1"));
  }

  @Test
  void aContactOrLeadRelationMakesItNotAOneToOne() {
    // Even when the Contact or Lead is not an invitee: any relation naming one is an outside party.
    assertEquals(
        0L, oneToOnes(withMeeting("2024-06-03").relation("m", contact("c"), false, null), "r1"));
    assertEquals(0L, oneToOnes(withMeeting("2024-06-03").relation("m", lead("l")), "r1"));
  }

  @Test
  void aWhoIdMakesItNotAOneToOne() {
    assertEquals(0L, oneToOnes(withMeeting("2024-06-03", "who_id", contact("c")), "r1"));
  }

  @Test
  void aThirdUserMakesItAMeetingNotAOneToOne() {
    assertEquals(0L, oneToOnes(withMeeting("2024-06-03").relation("m", user("x")), "r1"));
    // Nor is a meeting of two reps with their manager a one-to-one with either of them.
    Fixture three = withMeeting("2024-06-03").relation("m", user("r2"));
    assertEquals(0L, oneToOnes(three, "r1"));
    assertEquals(0L, oneToOnes(three, "r2"));
  }

  @Test
  void aRelationNamingTheOwnerAgainAddsNoAttendee() {
    assertEquals(1L, oneToOnes(withMeeting("2024-06-03").relation("m", user("mgr")), "r1"));
  }

  @Test
  void onlyActivityDatesInTheWindowCount() {
    assertEquals(0L, oneToOnes(withMeeting("2024-01-01"), "r1"));
    assertEquals(1L, oneToOnes(withMeeting("2024-01-02"), "r1"));
    assertEquals(1L, oneToOnes(withMeeting("2024-12-31"), "r1"));
  }

  @Test
  void minutesAreTheDurationElseEndMinusStartInWholeMinutesElseZero() {
    Fixture f =
        team()
            .meeting(
                "duration",
                "mgr",
                "2024-06-03",
                "duration_in_minutes",
                25.0,
                "start_date_time",
                at("2024-06-03T10:00:00"),
                "end_date_time",
                at("2024-06-03T12:00:00"))
            .relation("duration", user("r1"))
            .meeting(
                "span",
                "mgr",
                "2024-06-04",
                "start_date_time",
                at("2024-06-04T10:00:00"),
                "end_date_time",
                at("2024-06-04T10:45:59.999"))
            .relation("span", user("r1"))
            .meeting("none", "mgr", "2024-06-05", "start_date_time", at("2024-06-05T10:00:00"))
            .relation("none", user("r1"));
    Row r1 = byRep(f).get(user("r1"));
    assertEquals(3L, r1.getLong(2));
    assertEquals(25L + 45L + 0L, r1.getLong(3));
    assertEquals(day("2024-06-05"), r1.getDate(6));
  }

  @Test
  void aRepHiredInsideTheWindowHasTheWeeksSinceTheirStart() {
    Fixture f = team().meeting("m", "r2", "2024-08-01", "duration_in_minutes", 60.0);
    f.relation("m", user("mgr"));
    Row r2 = byRep(f).get(user("r2"));
    // 2024-07-01 to 2024-12-31, both included: 184 days.
    assertEquals(184 / 7.0, r2.getDouble(4), 1e-12);
    assertEquals(1.0 / (184 / 7.0), r2.getDouble(5), 1e-12);
  }

  @Test
  void hoursPerWeekIsNullWhenTheRepStartsAfterTheSnapshot() {
    Fixture f = team().user("future", "mgr", true, "2024-12-01T00:00:00", null, "2025-01-15", null);
    Row future = byRep(f).get(user("future"));
    assertEquals(0.0, future.getDouble(4), 0.0);
    assertNull(future.get(5));
  }

  @Test
  void everyActiveDirectReportHasARowZeroCountsIncluded() {
    Map<String, Row> rows = byRep(withMeeting("2024-06-03"));
    // r1, r2 (mgr's; "gone" is not active), mgr and x (boss's).
    assertEquals(
        Map.of(
            user("r1"),
            user("mgr"),
            user("r2"),
            user("mgr"),
            user("mgr"),
            user("boss"),
            user("x"),
            user("boss")),
        rows.values().stream().collect(Collectors.toMap(r -> r.getString(1), r -> r.getString(0))));
    Row r2 = rows.get(user("r2"));
    assertEquals(List.of(0L, 0L), List.of(r2.getLong(2), r2.getLong(3)));
    assertEquals(0.0, r2.getDouble(5), 0.0);
    assertNull(r2.get(6));
  }

  @Test
  void withoutAnEventRelationInputTheTableHasNoRows() {
    Fixture f = new Fixture().user("mgr", null).user("r1", "mgr").meeting("m", "mgr", "2024-06-03");
    Dataset<Row> table = coaching(f);
    assertEquals(OutputTables.COACHING_SCHEMA, table.schema());
    assertEquals(0, table.count());
    // An EventRelation export without rows is an input: every rep has a row, with no one-to-one.
    assertEquals(1, coaching(f.withEventRelations()).count());
  }
}
