package io.swoop.signals;

import static io.swoop.signals.Fixture.assertRows;
import static io.swoop.signals.Fixture.day;
import static io.swoop.signals.Fixture.user;

import io.swoop.model.CanonicalModel;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** CONTRACT §3 {@code rep_tenure}, as of the snapshot 2024-12-31. */
class RepTenureTest extends SignalsTestBase {

  /** Tenure of every user. */
  private static Dataset<Row> tenure(Fixture f) {
    CanonicalModel m = f.model(spark, "2024-12-31");
    return RepTenure.all(m.users(), m.snapshotDate());
  }

  private static Dataset<Row> tenureWithTerminationField(Fixture f) {
    CanonicalModel m = f.model(spark, "2024-12-31");
    return RepTenure.all(m.users(), m.snapshotDate(), true);
  }

  /** The rep_tenure table: its population only. */
  private static Dataset<Row> table(Fixture f) {
    CanonicalModel m = f.model(spark, "2024-12-31");
    return RepTenure.compute(
        RepTenure.all(m.users(), m.snapshotDate()),
        m.users(),
        m.opportunities(),
        OwnerChanges.from(m.opportunityFieldHistory()));
  }

  private static Row tenure(
      String u, String mgr, String start, String end, boolean active, int days) {
    return row(
        user(u), "User " + u, mgr == null ? null : user(mgr), day(start), day(end), active, days);
  }

  @Test
  void startDateIsTheHireDateElseTheDateOfCreatedDate() {
    Fixture f =
        new Fixture()
            .user("mgr", null, true, "2022-03-15T23:30:00", null, null, null)
            .user("rep", "mgr", true, "2020-01-01T00:00:00", null, "2023-01-01", null);
    // 2022-03-15 -> 2023-03-15: 365; -> 2024-03-15: 366 (holds 2024-02-29); -> 2024-12-31:
    // 16 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 = 291; total 1022.
    // 2023-01-01 -> 2024-01-01: 365; -> 2024-12-31: 365; total 730.
    assertRows(
        List.of(
            tenure("mgr", null, "2022-03-15", null, true, 1022),
            tenure("rep", "mgr", "2023-01-01", null, true, 730)),
        tenure(f));
  }

  @Test
  void endDateOfAnInactiveUserIsTheDateOfLastModifiedDate() {
    Fixture f =
        new Fixture()
            .user("mgr", null)
            .user("left", "mgr", false, "2024-01-01T08:00:00", "2024-06-30T15:00:00", null, null);
    // 2024-01-01 -> 2024-06-30: 31 + 29 + 31 + 30 + 31 + 29 = 181
    assertRows(
        List.of(
            tenure("mgr", null, "2020-01-01", null, true, 1826),
            tenure("left", "mgr", "2024-01-01", "2024-06-30", false, 181)),
        tenure(f));
  }

  @Test
  void anEndAfterTheSnapshotHasNotHappenedYet() {
    Fixture f =
        new Fixture()
            .user("mgr", null)
            // deactivated on 2025-02-01, seen from 2024-12-31 (a backfill): still there
            .user("later", "mgr", false, "2024-12-01T00:00:00", "2025-02-01T00:00:00", null, null)
            // termination field in the future: still there
            .user("notice", "mgr", true, "2024-12-01T00:00:00", null, null, "2025-01-15");
    assertRows(
        List.of(
            tenure("mgr", null, "2020-01-01", null, true, 1826),
            tenure("later", "mgr", "2024-12-01", null, true, 30),
            tenure("notice", "mgr", "2024-12-01", null, true, 30)),
        tenure(f));
  }

  @Test
  void theTerminationDateEndsTenureEvenForAnActiveUser() {
    Fixture f =
        new Fixture()
            .user("mgr", null)
            .user("term", "mgr", true, "2024-12-01T00:00:00", null, null, "2024-12-11")
            // inactive, termination known: the termination date wins over LastModifiedDate
            .user(
                "both",
                "mgr",
                false,
                "2024-12-01T00:00:00",
                "2024-12-30T00:00:00",
                null,
                "2024-12-05")
            // inactive with no date at all: no end_date, not active, tenure up to the snapshot
            .user("unknown", "mgr", false, "2024-12-01T00:00:00", null, null, null);
    assertRows(
        List.of(
            tenure("mgr", null, "2020-01-01", null, true, 1826),
            tenure("term", "mgr", "2024-12-01", "2024-12-11", false, 10),
            tenure("both", "mgr", "2024-12-01", "2024-12-05", false, 4),
            tenure("unknown", "mgr", "2024-12-01", null, false, 30)),
        tenureWithTerminationField(f));
  }

  @Test
  void aConfiguredTerminationFieldAloneGivesTheEnd() {
    // The field is configured: an inactive user whose field is empty has no known end, even
    // though LastModifiedDate is set ("end_date is the configured termination field when set").
    Fixture f =
        new Fixture()
            .user("mgr", null)
            .user(
                "term",
                "mgr",
                false,
                "2024-12-01T00:00:00",
                "2024-12-30T00:00:00",
                null,
                "2024-12-05")
            .user("empty", "mgr", false, "2024-12-01T00:00:00", "2024-12-30T00:00:00", null, null);
    assertRows(
        List.of(
            tenure("mgr", null, "2020-01-01", null, true, 1826),
            tenure("term", "mgr", "2024-12-01", "2024-12-05", false, 4),
            tenure("empty", "mgr", "2024-12-01", null, false, 30)),
        tenureWithTerminationField(f));
  }

  @Test
  void onlyUsersWhoEverOwnedADealOrManageSomeoneAreListed() {
    Fixture f =
        new Fixture()
            .user("owner", null)
            .user("formerowner", null)
            .user("newowner", null)
            .user("bystander", null)
            .user("boss", null)
            .user("report", "boss")
            .openDeal("d1", "owner");
    f.ownerChange("d2", "2024-03-01T00:00:00", "formerowner", "newowner");
    assertRows(
        List.of(
            tenure("owner", null, "2020-01-01", null, true, 1826),
            tenure("formerowner", null, "2020-01-01", null, true, 1826),
            tenure("newowner", null, "2020-01-01", null, true, 1826),
            tenure("boss", null, "2020-01-01", null, true, 1826)),
        table(f));
  }
}
