package io.swoop.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What is odd in the input but possible, so the run warns, counts and goes on: a ManagerId naming
 * no user, a loop in the management chain, a closed deal whose CloseDate is after the snapshot.
 * Each kind found is one log line (with a few examples) and a count in the run manifest under
 * {@link #MANIFEST_KEY}.
 *
 * @param managerNotAUser users whose ManagerId names no user of the input (their chain ends there)
 * @param managerCycles loops in the current ManagerIds, each as the users in order from its
 *     smallest Id (a user who is their own manager is a loop of one)
 * @param closedAfterSnapshot closed opportunities whose CloseDate is after the snapshot date
 */
public record InputWarnings(
    long managerNotAUser, List<List<String>> managerCycles, long closedAfterSnapshot) {
  private static final Logger LOG = LogManager.getLogger(InputWarnings.class);

  /** The manifest's key for {@link #counts}. */
  public static final String MANIFEST_KEY = "input_warnings";

  private static final int EXAMPLES = 3;

  /** Finds, logs and returns what is odd in {@code model}. */
  public static InputWarnings of(CanonicalModel model) {
    Dataset<Row> users = model.users();
    Dataset<Row> dangling =
        users
            .filter(col(ColumnNames.MANAGER_ID).isNotNull())
            .join(
                users.select(col(ColumnNames.USER_ID).as("_known")),
                col(ColumnNames.MANAGER_ID).equalTo(col("_known")),
                "left_anti")
            .select(ColumnNames.USER_ID, ColumnNames.MANAGER_ID)
            .orderBy(ColumnNames.USER_ID);
    long managerNotAUser = dangling.count();
    if (managerNotAUser > 0) {
      List<String> examples = new ArrayList<>();
      for (Row r : dangling.limit(EXAMPLES).collectAsList()) {
        examples.add(r.getString(0) + " has ManagerId " + r.getString(1));
      }
      LOG.warn(
          "User: {} user{} a ManagerId naming no user of the input (e.g. {}); their management"
              + " chain ends there, so they count in no manager's team",
          managerNotAUser,
          managerNotAUser == 1 ? " has" : "s have",
          String.join(", ", examples));
    }

    Map<String, String> managerOf = new HashMap<>();
    for (Row r :
        users
            .filter(col(ColumnNames.MANAGER_ID).isNotNull())
            .select(ColumnNames.USER_ID, ColumnNames.MANAGER_ID)
            .collectAsList()) {
      managerOf.put(r.getString(0), r.getString(1));
    }
    List<List<String>> cycles = cycles(managerOf);
    if (!cycles.isEmpty()) {
      List<String> shown = new ArrayList<>();
      for (List<String> c : cycles.subList(0, Math.min(EXAMPLES, cycles.size()))) {
        shown.add(String.join(" -> ", c) + " -> " + c.get(0));
      }
      LOG.warn(
          "User: {} loop{} in ManagerId ({}); a management chain is cut where it would come back"
              + " to a user already on it (from {}, after {})",
          cycles.size(),
          cycles.size() == 1 ? "" : "s",
          String.join("; ", shown),
          cycles.get(0).get(0),
          cycles.get(0).get(cycles.get(0).size() - 1));
    }

    Date snapshot = Date.valueOf(model.snapshotDate());
    Dataset<Row> late =
        model
            .opportunities()
            .filter(
                col(ColumnNames.IS_CLOSED)
                    .equalTo(lit(true))
                    .and(col(ColumnNames.CLOSE_DATE).gt(lit(snapshot))))
            .select(ColumnNames.OPPORTUNITY_ID, ColumnNames.CLOSE_DATE)
            .orderBy(ColumnNames.OPPORTUNITY_ID);
    long closedAfterSnapshot = late.count();
    if (closedAfterSnapshot > 0) {
      List<String> examples = new ArrayList<>();
      for (Row r : late.limit(EXAMPLES).collectAsList()) {
        examples.add(r.getString(0) + " on " + r.getDate(1));
      }
      LOG.warn(
          "Opportunity: {} closed deal{} a CloseDate after the snapshot date {} (e.g. {}); kept"
              + " as they are, in the quarter of that CloseDate",
          closedAfterSnapshot,
          closedAfterSnapshot == 1 ? " has" : "s have",
          model.snapshotDate(),
          String.join(", ", examples));
    }
    return new InputWarnings(managerNotAUser, cycles, closedAfterSnapshot);
  }

  /**
   * The loops of a map from user to manager: each user has one manager, so every loop is found by
   * walking from each user until a user repeats. Each loop is listed once, from its smallest Id.
   */
  static List<List<String>> cycles(Map<String, String> managerOf) {
    Map<String, List<String>> bySmallest = new TreeMap<>();
    Set<String> done = new HashSet<>();
    for (String start : new java.util.TreeSet<>(managerOf.keySet())) {
      Map<String, Integer> onPath = new LinkedHashMap<>();
      String u = start;
      while (u != null && !done.contains(u) && !onPath.containsKey(u)) {
        onPath.put(u, onPath.size());
        u = managerOf.get(u);
      }
      if (u != null && onPath.containsKey(u)) {
        List<String> path = new ArrayList<>(onPath.keySet());
        List<String> loop = path.subList(onPath.get(u), path.size());
        int smallest = loop.indexOf(loop.stream().min(String::compareTo).orElseThrow());
        List<String> ordered = new ArrayList<>(loop.subList(smallest, loop.size()));
        ordered.addAll(loop.subList(0, smallest));
        bySmallest.put(ordered.get(0), ordered);
      }
      done.addAll(onPath.keySet());
    }
    return new ArrayList<>(bySmallest.values());
  }

  /** The counts the run manifest records. */
  public Map<String, Long> counts() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("manager_not_a_user", managerNotAUser);
    m.put("manager_cycles", (long) managerCycles.size());
    m.put("closed_after_snapshot", closedAfterSnapshot);
    return m;
  }
}
