package io.swoop.signals;

import static io.swoop.signals.Fixture.assertRows;
import static io.swoop.signals.Fixture.user;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_timestamp;

import io.swoop.model.CanonicalModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** CONTRACT §2.1, one rule per test, on hand-made orgs. */
class ManagerHistoryTest extends SignalsTestBase {

  /** (who, when) pairs: user names and UTC moments like {@code 2024-03-01 09:00:00}. */
  private static Dataset<Row> at(String... pairs) {
    StructType schema =
        new StructType().add("who", DataTypes.StringType).add("when", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      rows.add(row(pairs[i] == null ? null : user(pairs[i]), pairs[i + 1]));
    }
    return spark.createDataFrame(rows, schema).withColumn("when", to_timestamp(col("when")));
  }

  private static Dataset<Row> managerAt(Fixture f, Dataset<Row> rows) {
    CanonicalModel m = f.model(spark, "2024-12-31");
    Dataset<Row> stretches = ManagerHistory.of(m.users(), m.userHistory());
    return ManagerHistory.managerAt(rows, "who", "when", stretches, "boss")
        .select(col("who"), col("when").cast("string"), col("boss"));
  }

  private static Row r(String who, String when, String boss) {
    return row(user(who), when, boss == null ? null : user(boss));
  }

  @Test
  void withoutManagerChangesEveryMomentHasTodaysManager() {
    Fixture f = new Fixture().user("mgr", null).user("rep", "mgr");
    Dataset<Row> stretches = ManagerHistory.of(f.model(spark, "2024-12-31").users());
    Dataset<Row> rows =
        at("rep", "2020-01-01 00:00:00", "mgr", "2024-06-01 00:00:00", "nobody", "2024-06-01");
    assertRows(
        List.of(row(user("rep"), user("mgr")), row(user("mgr"), null), row(user("nobody"), null)),
        ManagerHistory.managerAt(rows, "who", "when", stretches, "boss").select("who", "boss"));
  }

  @Test
  void noChangeAtAllGivesTodaysManagerWhateverTheMomentEvenWithOtherUsersChanging() {
    Fixture f =
        new Fixture()
            .user("a", null)
            .user("b", null)
            .user("rep", "a")
            .user("other", "b")
            .managerChange("other", "2024-03-01T09:00:00", "a", "b");
    assertRows(
        List.of(r("rep", "2019-01-01 00:00:00", "a"), r("rep", "2030-01-01 00:00:00", "a")),
        managerAt(f, at("rep", "2019-01-01 00:00:00", "rep", "2030-01-01 00:00:00")));
  }

  @Test
  void aChangeBeforeAtAndAfterTheMoment() {
    // rep worked for a, then b from 2024-03-01 09:00, then c from 2024-06-01 09:00 (today).
    Fixture f =
        new Fixture()
            .user("a", null)
            .user("b", null)
            .user("c", null)
            .user("rep", "c")
            .managerChange("rep", "2024-03-01T09:00:00", "a", "b")
            .managerChange("rep", "2024-06-01T09:00:00", "b", "c");
    assertRows(
        List.of(
            // before every change: the OldValue of the earliest later change
            r("rep", "2024-03-01 08:59:59.999", "a"),
            // at the change: CreatedDate <= t, so the NewValue
            r("rep", "2024-03-01 09:00:00", "b"),
            // between the two: the NewValue of the latest change before
            r("rep", "2024-05-31 23:59:59", "b"),
            // after every change
            r("rep", "2024-06-01 09:00:00", "c"),
            r("rep", "2025-01-01 00:00:00", "c")),
        managerAt(
            f,
            at(
                "rep", "2024-03-01 08:59:59.999",
                "rep", "2024-03-01 09:00:00",
                "rep", "2024-05-31 23:59:59",
                "rep", "2024-06-01 09:00:00",
                "rep", "2025-01-01 00:00:00")));
  }

  @Test
  void beforeEveryChangeTheOldValueOfTheEarliestLaterChangeNotTodaysManager() {
    // Today's ManagerId (c) disagrees with the history's start (a): the history wins.
    Fixture f =
        new Fixture()
            .user("a", null)
            .user("b", null)
            .user("c", null)
            .user("rep", "c")
            .managerChange("rep", "2024-06-01T09:00:00", "b", "c")
            .managerChange("rep", "2024-03-01T09:00:00", "a", "b");
    assertRows(
        List.of(r("rep", "2020-01-01 00:00:00", "a")),
        managerAt(f, at("rep", "2020-01-01 00:00:00")));
  }

  @Test
  void anEmptyValueIsNoManager() {
    Fixture f =
        new Fixture()
            .user("a", null)
            .user("rep", "a")
            .managerChange("rep", "2024-03-01T09:00:00", null, "a")
            .managerChange("rep", "2024-06-01T09:00:00", "a", null)
            .managerChange("rep", "2024-07-01T09:00:00", null, "a");
    assertRows(
        List.of(
            r("rep", "2024-01-01 00:00:00", null),
            r("rep", "2024-04-01 00:00:00", "a"),
            r("rep", "2024-06-15 00:00:00", null),
            r("rep", "2024-08-01 00:00:00", "a")),
        managerAt(
            f,
            at(
                "rep", "2024-01-01 00:00:00",
                "rep", "2024-04-01 00:00:00",
                "rep", "2024-06-15 00:00:00",
                "rep", "2024-08-01 00:00:00")));
  }

  @Test
  void nameRowsAreIgnoredWithOrWithoutDataType() {
    // Only name rows (one with DataType Text, one without a DataType): no change is read, so the
    // manager is today's at every moment.
    Fixture f =
        new Fixture()
            .user("a", null)
            .user("rep", "a")
            .userHistoryRow("rep", "2024-03-01T09:00:00", "Manager", "User b", "User a", "Text")
            .userHistoryRow("rep", "2024-03-01T09:00:00", "ManagerId", "User b", "User a", null)
            .userHistoryRow("rep", "2024-04-01T09:00:00", "Title", "AE", "Senior AE", null);
    assertRows(
        List.of(r("rep", "2024-01-01 00:00:00", "a")),
        managerAt(f, at("rep", "2024-01-01 00:00:00")));
    CanonicalModel m = f.model(spark, "2024-12-31");
    assertRows(List.of(), ManagerHistory.changes(m.userHistory()));
  }

  @Test
  void idRowsWithoutDataTypeAndInFifteenCharactersAreChanges() {
    Fixture f =
        new Fixture()
            .user("a", null)
            .user("b", null)
            .user("rep", "b")
            .userHistoryRow(
                "rep",
                "2024-03-01T09:00:00",
                "Manager",
                Fixture.user15("a"),
                Fixture.user15("b"),
                null);
    assertRows(
        List.of(r("rep", "2024-01-01 00:00:00", "a"), r("rep", "2024-04-01 00:00:00", "b")),
        managerAt(f, at("rep", "2024-01-01 00:00:00", "rep", "2024-04-01 00:00:00")));
  }

  @Test
  void theChainAtAMomentFollowsEachManagerAsOfThatMomentAndALoopEndsIt() {
    // Until 2024-03-01: rep -> a -> boss. From then: rep -> b, and a -> rep (a loop: rep -> b is
    // not, but a's chain a -> rep -> b -> a loops back to a).
    Fixture f =
        new Fixture()
            .user("boss", null)
            .user("a", "rep")
            .user("b", "a")
            .user("rep", "b")
            .managerChange("rep", "2024-03-01T00:00:00", "a", "b")
            .managerChange("a", "2024-03-01T00:00:00", "boss", "rep")
            .managerChange("b", "2024-03-01T00:00:00", "boss", "a");
    CanonicalModel m = f.model(spark, "2024-12-31");
    Dataset<Row> stretches = ManagerHistory.of(m.users(), m.userHistory());
    Dataset<Row> chains =
        ManagerHistory.chainAt(
                at("rep", "2024-01-01 00:00:00", "a", "2024-06-01 00:00:00"),
                "who",
                "when",
                stretches,
                5)
            .select(col("who"), col("when").cast("string"), col("ancestor_id"), col("levels_up"));
    assertRows(
        List.of(
            row(user("rep"), "2024-01-01 00:00:00", user("a"), 1),
            row(user("rep"), "2024-01-01 00:00:00", user("boss"), 2),
            row(user("a"), "2024-06-01 00:00:00", user("rep"), 1),
            row(user("a"), "2024-06-01 00:00:00", user("b"), 2)),
        chains);
  }

  @Test
  void theChainStopsAtMaxLevels() {
    Fixture f = new Fixture().user("c", null).user("b", "c").user("a", "b").user("rep", "a");
    CanonicalModel m = f.model(spark, "2024-12-31");
    Dataset<Row> chains =
        ManagerHistory.chainAt(
                at("rep", "2024-01-01 00:00:00"),
                "who",
                "when",
                ManagerHistory.of(m.users(), m.userHistory()),
                2)
            .select("ancestor_id", "levels_up");
    assertRows(List.of(row(user("a"), 1), row(user("b"), 2)), chains);
  }

  @Test
  void deactivationsGiveTheDateOfTheLatestChangeToFalse() {
    Fixture f =
        new Fixture()
            .user("rep", null)
            .deactivated("rep", "2023-05-01T10:00:00")
            .userHistoryRow("rep", "2023-06-01T10:00:00", "IsActive", "false", "true", "Boolean")
            .deactivated("rep", "2024-02-29T23:30:00");
    CanonicalModel m = f.model(spark, "2024-12-31");
    assertRows(
        List.of(row(user("rep"), Fixture.day("2024-02-29"))),
        ManagerHistory.deactivations(m.userHistory()));
  }
}
