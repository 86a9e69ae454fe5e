package io.swoop.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reorganisations the generator plants (issue 17), seen from the files: reps move between
 * teams, a manager is replaced and leaves, departed reps' managers are edited after they left, a
 * micromanager moves to another team and keeps taking deals over, and reps leave sooner under
 * micromanagers; the truth follows the manager of the moment (CONTRACT §2.1).
 */
class PlantedReorganisationTest {
  private static final long SEED = 17;
  private static final double SCALE = 0.3;

  @TempDir static Path org;
  private static ContractRules rules;
  private static Map<String, Map<String, String>> users = new HashMap<>();
  private static Set<String> managers = new HashSet<>();
  private static Set<String> micromanagers = new HashSet<>();

  /** Manager changes of UserHistory (Id rows), and deactivations by user. */
  private static List<ContractRules.ManagerChange> changes = new ArrayList<>();

  private static Map<String, Instant> deactivated = new HashMap<>();

  @BeforeAll
  static void generate() throws IOException {
    SyntheticOrg.generate(org, SEED, SCALE);
    rules = new ContractRules(org);
    for (Map<String, String> u : Csv.read(org.resolve("User.csv")).rows) {
      users.put(u.get("Id"), u);
    }
    for (Map<String, String> m : Csv.read(org.resolve("_truth/managers.csv")).rows) {
      managers.add(m.get("manager_id"));
      if (m.get("planted_micromanager").equals("true")) {
        micromanagers.add(m.get("manager_id"));
      }
    }
    rules.managerChanges.values().forEach(changes::addAll);
    for (Map<String, String> h : Csv.read(org.resolve("UserHistory.csv")).rows) {
      if (h.get("Field").equals("IsActive")) {
        deactivated.put(h.get("UserId"), Instant.parse(h.get("CreatedDate")));
      }
    }
  }

  private static boolean stays(String user, Instant t) {
    return !deactivated.containsKey(user) || deactivated.get(user).isAfter(t);
  }

  private static boolean isRep(String user) {
    return !managers.contains(user) && users.get(user).get("Title").endsWith("Account Executive");
  }

  /** Users whose manager at t is m. */
  private static Set<String> reportsAt(String m, Instant t) {
    Set<String> out = new TreeSet<>();
    for (String u : users.keySet()) {
      if (m.equals(rules.managerAt(u, t))) {
        out.add(u);
      }
    }
    return out;
  }

  @Test
  void repsMoveBetweenTeams() {
    // A rep's manager changes alone (a new manager for a whole team changes many at once) while
    // the rep and the old manager both stay.
    Map<String, Long> together = new HashMap<>();
    for (ContractRules.ManagerChange c : changes) {
      together.merge(c.oldManager() + "|" + c.newManager() + "|" + c.at(), 1L, Long::sum);
    }
    long moves =
        changes.stream()
            .filter(c -> isRep(c.user()) && c.oldManager() != null && c.newManager() != null)
            .filter(c -> together.get(c.oldManager() + "|" + c.newManager() + "|" + c.at()) == 1)
            .filter(c -> stays(c.user(), c.at()) && stays(c.oldManager(), c.at()))
            .count();
    assertTrue(moves >= 1, "moves between teams: " + moves);
  }

  @Test
  void aManagerIsReplacedAndLeaves() {
    int replaced = 0;
    for (String m : managers) {
      Instant left = deactivated.get(m);
      if (left == null) {
        continue;
      }
      Set<String> before = reportsAt(m, left.minusSeconds(1));
      Instant after = left.plus(Duration.ofDays(5));
      Set<String> successors = new TreeSet<>();
      for (String rep : before) {
        boolean active = !deactivated.containsKey(rep) || deactivated.get(rep).isAfter(after);
        if (active) {
          assertNotEquals(m, rules.managerAt(rep, after), rep + " still reports to " + m);
          successors.add(rules.managerAt(rep, after));
        }
      }
      assertEquals(1, successors.size(), "one new manager takes the team over: " + successors);
      assertTrue(managers.containsAll(successors));
      replaced++;
    }
    assertTrue(replaced >= 1, "managers replaced");
  }

  @Test
  void departedRepsManagersAreEditedAfterTheyLeft() {
    long edited = 0;
    for (ContractRules.ManagerChange c : changes) {
      Instant left = deactivated.get(c.user());
      if (left != null && c.at().isAfter(left)) {
        edited++;
        // User.csv keeps today's values: the edit, not the departure, is the last modification,
        // and the end date comes from the deactivation in UserHistory.
        Map<String, String> u = users.get(c.user());
        assertEquals("false", u.get("IsActive"));
        assertTrue(!Instant.parse(u.get("LastModifiedDate")).isBefore(c.at()), u.toString());
        assertEquals(
            LocalDate.ofInstant(left, java.time.ZoneOffset.UTC),
            rules.users.get(c.user()).endDate());
      }
    }
    assertTrue(edited >= 2, "edited after leaving: " + edited);
  }

  @Test
  void userCsvHoldsTodaysManagerAndEveryDepartureIsInUserHistory() {
    for (Map<String, String> u : users.values()) {
      String today = u.get("ManagerId");
      assertEquals(today, rules.managerAt(u.get("Id"), Instant.parse("2100-01-01T00:00:00Z")));
      assertEquals(u.get("IsActive").equals("false"), deactivated.containsKey(u.get("Id")));
    }
  }

  @Test
  void aMicromanagerWhoMovesKeepsTakingOver() throws IOException {
    // The move: at one moment, reps of a planted micromanager go to another manager and reps of
    // that manager come to the micromanager.
    Map<String, Instant> movedAt = new HashMap<>();
    for (ContractRules.ManagerChange in : changes) {
      String m = in.newManager();
      if (m != null && micromanagers.contains(m) && managers.contains(in.oldManager())) {
        boolean outToo =
            changes.stream()
                .anyMatch(
                    out ->
                        m.equals(out.oldManager())
                            && in.oldManager().equals(out.newManager())
                            && out.at().equals(in.at()));
        if (outToo) {
          movedAt.put(m, in.at());
        }
      }
    }
    assertTrue(!movedAt.isEmpty(), "a micromanager who changes teams");
    // Their takeovers of their reps of the moment, before and after the move.
    Map<String, int[]> byTaker = new HashMap<>();
    for (ContractRules.Verdict v : rules.verdicts()) {
      ContractRules.OwnerChange c = v.change();
      if (v.kind().equals("takeover") && movedAt.containsKey(c.to()) && v.levelsUp() == 1) {
        int[] n = byTaker.computeIfAbsent(c.to(), k -> new int[2]);
        n[c.at().isAfter(movedAt.get(c.to())) ? 1 : 0]++;
      }
    }
    assertTrue(
        byTaker.values().stream().anyMatch(n -> n[0] >= 3 && n[1] >= 3),
        "takeovers [before, after the move]: " + byTakerString(byTaker));
  }

  private static String byTakerString(Map<String, int[]> byTaker) {
    StringBuilder s = new StringBuilder();
    byTaker.forEach((k, v) -> s.append(k).append(java.util.Arrays.toString(v)).append(' '));
    return s.toString();
  }

  @Test
  void theChainAtTheTimeDecidesTheTruth() throws IOException {
    Set<String> asOf = new TreeSet<>();
    for (ContractRules.Verdict v : rules.verdicts()) {
      asOf.add(v.line());
    }
    Set<String> today = new TreeSet<>();
    for (ContractRules.Verdict v : new ContractRules(org, false).verdicts()) {
      today.add(v.line());
    }
    Set<String> truth = new TreeSet<>();
    for (Map<String, String> t : Csv.read(org.resolve("_truth/planted_takeovers.csv")).rows) {
      truth.add(ContractRules.plantedLine(t));
    }
    Set<String> asOfTakeovers = new TreeSet<>();
    asOf.stream().filter(l -> l.contains("|takeover|")).forEach(asOfTakeovers::add);
    Set<String> todayTakeovers = new TreeSet<>();
    today.stream().filter(l -> l.contains("|takeover|")).forEach(todayTakeovers::add);
    assertEquals(truth, asOfTakeovers);
    Set<String> missedToday = new TreeSet<>(asOfTakeovers);
    missedToday.removeAll(todayTakeovers);
    assertTrue(missedToday.size() >= 3, "takeovers today's chain misses: " + missedToday.size());
  }

  @Test
  void repsLeaveSoonerUnderMicromanagers() {
    // Departures per year of employment, by the manager of the moment (as of each day's end).
    Instant asOf = Instant.parse(SyntheticOrg.DEFAULT_AS_OF + "T23:59:59Z");
    double[] years = new double[2];
    int[] left = new int[2];
    for (Map<String, String> u : users.values()) {
      String id = u.get("Id");
      if (!isRep(id)) {
        continue;
      }
      Instant from = Instant.parse(u.get("CreatedDate"));
      Instant to = deactivated.getOrDefault(id, asOf);
      List<Instant> cuts = new ArrayList<>();
      cuts.add(from);
      rules.managerChanges.getOrDefault(id, List.of()).stream()
          .map(ContractRules.ManagerChange::at)
          .filter(t -> t.isAfter(from) && t.isBefore(to))
          .forEach(cuts::add);
      cuts.add(to);
      for (int i = 0; i + 1 < cuts.size(); i++) {
        String m = rules.managerAt(id, cuts.get(i));
        int micro = m != null && micromanagers.contains(m) ? 1 : 0;
        years[micro] += Duration.between(cuts.get(i), cuts.get(i + 1)).toDays() / 365.0;
      }
      if (deactivated.containsKey(id)) {
        String m = rules.managerAt(id, to);
        left[m != null && micromanagers.contains(m) ? 1 : 0]++;
      }
    }
    double micro = left[1] / years[1];
    double coach = left[0] / years[0];
    assertTrue(
        micro > 1.8 * coach,
        "leavers per year: micromanagers "
            + micro
            + " ("
            + left[1]
            + "), others "
            + coach
            + " ("
            + left[0]
            + ")");
  }
}
