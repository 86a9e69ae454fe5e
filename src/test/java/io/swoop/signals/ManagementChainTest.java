package io.swoop.signals;

import static io.swoop.signals.Fixture.assertRows;
import static io.swoop.signals.Fixture.user;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The chain at a moment ({@link ManagerHistory#chainAt}) of an org that never changed. */
class ManagementChainTest extends SignalsTestBase {

  private static Dataset<Row> chain(Fixture f, int maxLevels) {
    Dataset<Row> users = f.model(spark, "2024-12-31").users();
    Dataset<Row> everyone =
        users.select(col("user_id").as("who"), lit(Fixture.at("2024-06-01T00:00:00")).as("when"));
    return ManagerHistory.chainAt(everyone, "who", "when", ManagerHistory.of(users), maxLevels)
        .select("who", "ancestor_id", "levels_up");
  }

  private static Row link(String user, String ancestor, int levels) {
    return row(user(user), user(ancestor), levels);
  }

  @Test
  void chainFollowsManagerIdUpToMaxLevels() {
    Fixture f =
        new Fixture().user("ceo", null).user("vp", "ceo").user("mgr", "vp").user("rep", "mgr");
    assertRows(
        List.of(
            link("rep", "mgr", 1),
            link("rep", "vp", 2),
            link("mgr", "vp", 1),
            link("mgr", "ceo", 2),
            link("vp", "ceo", 1)),
        chain(f, 2));
  }

  @Test
  void aManagerMissingFromUserEndsTheChain() {
    // ghost is rep's manager's manager but not in User: known from mgr2's ManagerId, no further.
    Fixture f = new Fixture().user("mgr2", "ghost").user("rep3", "mgr2");
    assertRows(
        List.of(link("rep3", "mgr2", 1), link("rep3", "ghost", 2), link("mgr2", "ghost", 1)),
        chain(f, 5));
  }

  @Test
  void aCycleInManagerIdTerminatesAndNoOneIsTheirOwnAncestor() {
    Fixture f =
        new Fixture()
            .user("a", "b")
            .user("b", "c")
            .user("c", "a")
            .user("self", "self")
            .user("x", "y")
            .user("y", "x");
    assertRows(
        List.of(
            link("a", "b", 1), link("a", "c", 2),
            link("b", "c", 1), link("b", "a", 2),
            link("c", "a", 1), link("c", "b", 2),
            link("x", "y", 1), link("y", "x", 1)),
        chain(f, 10));
  }
}
