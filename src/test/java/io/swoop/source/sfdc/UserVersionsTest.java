package io.swoop.source.sfdc;

import static io.swoop.source.sfdc.SmallOrg.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.model.Ids;
import io.swoop.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The versions of User the raw mirror keeps and the UserHistory rows they imply (CONTRACT §4). */
class UserVersionsTest extends SparkTestBase {
  private static final String U1 = user(11);
  private static final String U2 = user(12);
  private static final String A = user(1);
  private static final String B = user(2);

  private static final StructType HISTORY =
      new StructType()
          .add("UserId", DataTypes.StringType)
          .add("Field", DataTypes.StringType)
          .add("NewValue", DataTypes.StringType)
          .add("IsDeleted", DataTypes.StringType)
          .add(RawMirror.TS, DataTypes.LongType);

  @TempDir Path dir;

  /** A User row as the mirror holds it: Id, ManagerId, IsActive, SystemModstamp, _ts. */
  private static Row v(String id, String manager, String active, long ts) {
    return row(id, manager, active, stamp(ts), ts);
  }

  /** SystemModstamp text of {@code ts} seconds after 2024-01-01. */
  private static String stamp(long ts) {
    return java.time.Instant.parse("2024-01-01T00:00:00Z").plusMillis(ts).toString();
  }

  private static Dataset<Row> users(Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), UserVersions.SCHEMA);
  }

  private static List<String> lines(Dataset<Row> d, String... cols) {
    return d.selectExpr(cols).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void theFirstPullKeepsOneVersionOfEachUser() {
    Dataset<Row> next =
        UserVersions.next(users(), users(v(U1, A, "true", 10), v(U2, null, "true", 5)));
    assertEquals(
        List.of("[" + U1 + "," + A + ",true,10,1]", "[" + U2 + ",null,true,5,1]"),
        lines(next, "Id", "ManagerId", "IsActive", "_ts", "_prio"));
  }

  @Test
  void aPullThatSeesANewManagerKeepsTheOldVersionBesideIt() {
    Dataset<Row> next = UserVersions.next(users(v(U1, A, "true", 10)), users(v(U1, B, "true", 20)));
    assertEquals(
        List.of("[" + U1 + "," + A + ",10,0]", "[" + U1 + "," + B + ",20,1]"),
        lines(next, "Id", "ManagerId", "_ts", "_prio"));
  }

  @Test
  void anEditOfAnotherFieldOrTheSameValuesAgainKeepNoVersion() {
    // SystemModstamp moved (a Title edit), ManagerId as 15 characters, IsActive as 1: no change.
    Dataset<Row> next =
        UserVersions.next(users(v(U1, A, "true", 10)), users(v(U1, A.substring(0, 15), "1", 30)));
    assertEquals(List.of("[" + U1 + ",10,0]"), lines(next, "Id", "_ts", "_prio"));
  }

  @Test
  void aManagerThatComesBackIsAVersionAgain() {
    Dataset<Row> next =
        UserVersions.next(
            users(v(U1, A, "true", 10), v(U1, B, "true", 20)), users(v(U1, A, "true", 30)));
    assertEquals(
        List.of(
            "[" + U1 + "," + A + ",10]", "[" + U1 + "," + A + ",30]", "[" + U1 + "," + B + ",20]"),
        lines(next, "Id", "ManagerId", "_ts"));
  }

  @Test
  void aDeactivationIsAVersionAndAUserGoneFromTheMirrorLosesItsVersions() {
    Dataset<Row> next =
        UserVersions.next(
            users(v(U1, A, "true", 10), v(U2, A, "true", 10)), users(v(U1, A, "false", 40)));
    assertEquals(
        List.of("[" + U1 + ",false,40]", "[" + U1 + ",true,10]"),
        lines(next, "Id", "IsActive", "_ts"));
  }

  @Test
  void eachDifferenceBetweenVersionsIsAChangeDatedAtTheNewerVersion() {
    Dataset<Row> changes =
        UserVersions.changes(
            users(
                v(U1, null, "true", 10),
                v(U1, A, "true", 20),
                v(U1, B, "false", 30),
                v(U2, A, "true", 10)));
    assertEquals(
        List.of(
            "[" + U1 + ",IsActive,true,false," + stamp(30) + ",null,Boolean,false,30,20]",
            "["
                + U1
                + ",ManagerId,"
                + A
                + ","
                + B
                + ","
                + stamp(30)
                + ",null,EntityId,false,30,20]",
            "[" + U1 + ",ManagerId,null," + A + "," + stamp(20) + ",null,EntityId,false,20,10]"),
        lines(
            changes,
            "UserId",
            "Field",
            "OldValue",
            "NewValue",
            "CreatedDate",
            "CreatedById",
            "DataType",
            "IsDeleted",
            "_ts",
            "_from"));
    List<String> ids = lines(changes, "Id");
    assertEquals(3, ids.stream().distinct().count());
    String id = UserVersions.syntheticId(U1, "ManagerId", 20L);
    assertTrue(ids.contains("[" + id + "]"), ids.toString());
    assertEquals(18, id.length());
    assertTrue(id.startsWith(UserVersions.SYNTHETIC_PREFIX));
    assertEquals(id, Ids.to18(id));
    assertEquals(id, UserVersions.syntheticId(U1, "ManagerId", 20L));
  }

  @Test
  void aChangeThatTheOrgsUserHistoryRecordsIsLeftToIt() {
    Dataset<Row> changes =
        UserVersions.changes(
            users(
                v(U1, A, "true", 10),
                v(U1, B, "false", 20),
                v(U2, A, "true", 10),
                v(U2, B, "true", 20)));
    Dataset<Row> history =
        spark.createDataFrame(
            List.of(
                // U1's manager change, recorded exactly between the two versions: covered.
                row(U1.substring(0, 15), "Manager", B, "false", 15L),
                // U1's deactivation, but as a name row's value: not the same NewValue.
                row(U1, "IsActive", "no", "false", 18L),
                // U2's change, recorded before the older version: another change.
                row(U2, "ManagerId", B, "false", 10L),
                // and a deleted row inside the span covers nothing.
                row(U2, "ManagerId", B, "true", 12L)),
            HISTORY);
    assertEquals(
        List.of("[" + U1 + ",IsActive]", "[" + U2 + ",ManagerId]"),
        lines(UserVersions.uncovered(changes, history), "UserId", "Field"));
    Dataset<Row> byDeactivation =
        spark.createDataFrame(List.<Row>of(row(U1, "IsActive", "0", "false", 20L)), HISTORY);
    assertEquals(
        List.of("[" + U1 + ",ManagerId]", "[" + U2 + ",ManagerId]"),
        lines(UserVersions.uncovered(changes, byDeactivation), "UserId", "Field"));
    assertFalse(
        Arrays.asList(UserVersions.uncovered(changes, byDeactivation).columns()).contains("_ts"));
  }

  @Test
  void aMirrorWrittenBeforeVersionsStartsThemFromItsUsers() {
    String raw = dir.resolve("raw").toString();
    RawMirror.Version previous = version(raw, 1);
    RawMirror.Version next = version(raw, 2);
    users(v(U1, A, "true", 10), v(U2, A, "true", 10))
        .write()
        .parquet(previous.object("User").toString());
    users(v(U1, B, "true", 20), v(U2, A, "true", 10))
        .write()
        .parquet(next.object("User").toString());
    assertFalse(UserVersions.present(spark, previous));

    assertEquals(new UserVersions.Counts(3, 1), UserVersions.write(spark, previous, next));

    assertTrue(UserVersions.present(spark, next));
    Dataset<Row> rows = UserVersions.synthetic(spark, next, false);
    assertEquals(UserVersions.HISTORY_FIELDS, Arrays.asList(rows.columns()));
    assertEquals(
        List.of("[" + U1 + ",ManagerId," + A + "," + B + "," + stamp(20) + "]"),
        lines(rows, "UserId", "Field", "OldValue", "NewValue", "CreatedDate"));
    RawMirror.Version third = version(raw, 3);
    users(v(U1, B, "true", 20), v(U2, A, "true", 10))
        .write()
        .parquet(third.object("User").toString());
    assertEquals(new UserVersions.Counts(3, 0), UserVersions.write(spark, next, third));
    assertEquals(0, UserVersions.synthetic(spark, version(raw, 4), false).count());
  }

  private static RawMirror.Version version(String raw, int n) {
    RawMirror.ObjectState user =
        new RawMirror.ObjectState("User", true, null, "SystemModstamp", List.of(), List.of(), 2);
    return new RawMirror.Version(
        n,
        new org.apache.hadoop.fs.Path(raw, String.format("v%08d", n)),
        new RawMirror.State(n, null, null, Map.of("User", user)));
  }
}
