package io.swoop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swoop.testing.SparkTestBase;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Issue 19 item 5: odd but possible input is warned about, counted, and the run goes on. */
class InputWarningsTest extends SparkTestBase {
  private final List<Row> users = new ArrayList<>();
  private final List<Row> opportunities = new ArrayList<>();

  private static String id(String prefix, String name) {
    return Ids.to18(prefix + (name + "xxxxxxxxxxxx").substring(0, 12));
  }

  private static Row row(SfObject object, Map<String, Object> values) {
    StructType schema = Canonical.schema(object);
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(schema.fields()[i].name());
    }
    return RowFactory.create(v);
  }

  private void user(String name, String manager) {
    Map<String, Object> v = new HashMap<>();
    v.put(ColumnNames.USER_ID, id("005", name));
    v.put(ColumnNames.MANAGER_ID, manager == null ? null : id("005", manager));
    users.add(row(SfObject.USER, v));
  }

  private void deal(String name, boolean closed, String closeDate) {
    Map<String, Object> v = new HashMap<>();
    v.put(ColumnNames.OPPORTUNITY_ID, id("006", name));
    v.put(ColumnNames.IS_CLOSED, closed);
    v.put(ColumnNames.CLOSE_DATE, Date.valueOf(closeDate));
    opportunities.add(row(SfObject.OPPORTUNITY, v));
  }

  private Dataset<Row> frame(List<Row> rows, SfObject object) {
    return spark.createDataFrame(rows, Canonical.schema(object));
  }

  private InputWarnings warnings() {
    CanonicalModel m =
        new CanonicalModel(
            LocalDate.of(2024, 6, 30),
            frame(users, SfObject.USER),
            frame(opportunities, SfObject.OPPORTUNITY),
            frame(List.of(), SfObject.OPPORTUNITY_HISTORY),
            frame(List.of(), SfObject.OPPORTUNITY_FIELD_HISTORY),
            frame(List.of(), SfObject.TASK),
            frame(List.of(), SfObject.EVENT),
            java.util.Optional.empty(),
            frame(List.of(), SfObject.USER_HISTORY),
            spark.createDataFrame(List.of(), OutputTables.REJECTED_ROWS_SCHEMA),
            Map.of());
    return InputWarnings.of(m);
  }

  @Test
  void aCleanOrgHasNothingToWarnAbout() {
    user("boss", null);
    user("rep", "boss");
    deal("won", true, "2024-06-30");
    deal("open", false, "2024-09-30");
    assertEquals(
        Map.of("manager_not_a_user", 0L, "manager_cycles", 0L, "closed_after_snapshot", 0L),
        warnings().counts());
  }

  @Test
  void aManagerIdNamingNoUserIsCounted() {
    user("boss", null);
    user("rep", "boss");
    user("orphan", "gone");
    user("orphan2", "gone");
    assertEquals(2L, warnings().counts().get("manager_not_a_user"));
  }

  @Test
  void loopsInTheManagementChainAreCountedOnceEachFromTheirSmallestId() {
    user("a", "b");
    user("b", "c");
    user("c", "a");
    user("below", "b");
    user("self", "self");
    user("boss", null);
    InputWarnings w = warnings();
    assertEquals(2L, w.counts().get("manager_cycles"));
    assertEquals(
        List.of(
            List.of(id("005", "a"), id("005", "b"), id("005", "c")), List.of(id("005", "self"))),
        w.managerCycles());
  }

  @Test
  void aClosedDealWithACloseDateAfterTheSnapshotIsCounted() {
    user("boss", null);
    deal("future", true, "9999-12-31");
    deal("tomorrow", true, "2024-07-01");
    deal("openFuture", false, "2024-09-30");
    assertEquals(2L, warnings().counts().get("closed_after_snapshot"));
  }

  @Test
  void loopsAreFoundWalkingFromEveryUser() {
    Map<String, String> managerOf = new HashMap<>();
    managerOf.put("d", "a");
    managerOf.put("a", "b");
    managerOf.put("b", "a");
    managerOf.put("e", "f");
    assertEquals(List.of(List.of("a", "b")), InputWarnings.cycles(managerOf));
  }
}
