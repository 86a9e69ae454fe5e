package io.swoop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The takeover effect the generator plants (issue 16): managers take over the deals that look
 * troubled, troubled deals win less whoever owns them, and a takeover changes the chance to win of
 * the deal it moves by exactly {@code --takeover-effect}, which {@code _truth/} states.
 */
class PlantedTakeoverEffectTest {
  // At scale 0.3 an org has about 80 taken-over deals and the intervals are about ±0.13 wide: the
  // designs are told apart here on one pinned seed; at scale 1 (about 280 deals) seeds 16 to 18
  // all give the planted effect inside the contract's interval and 0 outside the old design's.
  private static final long SEED = 17;
  private static final double SCALE = 0.3;
  private static final double EFFECT = -0.15;

  @TempDir static Path temp;
  private static Path none;
  private static Path planted;

  @BeforeAll
  static void generateTheSameOrgWithAndWithoutAnEffect() throws IOException {
    none = temp.resolve("none");
    planted = temp.resolve("planted");
    SyntheticOrg.generate(none, SEED, SCALE, SyntheticOrg.DEFAULT_AS_OF, 0);
    SyntheticOrg.generate(planted, SEED, SCALE, SyntheticOrg.DEFAULT_AS_OF, EFFECT);
  }

  @Test
  void theEffectChangesNeitherTheOrgNorItsTakeovers() throws IOException {
    for (String file : List.of("User.csv", "Task.csv", "Event.csv", "_truth/lookalikes.csv")) {
      assertArrayEquals(
          Files.readAllBytes(none.resolve(file)), Files.readAllBytes(planted.resolve(file)), file);
    }
    // planted_takeovers.csv differs in its outcome column only
    assertEquals(takeoverLines(none), takeoverLines(planted));
  }

  @Test
  void theEffectChangesOnlyTheOutcomesOfTakenOverDeals() throws IOException {
    Set<String> treated = treatedDeals(planted);
    Map<String, Map<String, String>> before = byId(none.resolve("Opportunity.csv"));
    int changed = 0;
    for (Map.Entry<String, Map<String, String>> e :
        byId(planted.resolve("Opportunity.csv")).entrySet()) {
      Map<String, String> was = before.get(e.getKey());
      if (!treated.contains(e.getKey())) {
        assertEquals(was, e.getValue(), e.getKey());
        continue;
      }
      for (String column : List.of("StageName", "Probability", "IsWon")) {
        was.remove(column);
        e.getValue().remove(column);
      }
      assertEquals(was, e.getValue(), e.getKey());
      changed++;
    }
    assertEquals(treated.size(), changed);
  }

  @Test
  void theTruthStatesThePlantedEffectForTheOrgAndEachManager() throws IOException {
    for (Path org : List.of(none, planted)) {
      double effect = org == none ? 0 : EFFECT;
      Csv truth = Csv.read(org.resolve("_truth/takeover_effect.csv"));
      assertEquals(
          List.of("level", "entity_id", "effect", "treated_deals", "realised_effect"),
          truth.header);
      Map<String, Long> perManager = new TreeMap<>();
      for (String deal : treatedDeals(org)) {
        perManager.merge(earliestTaker(org).get(deal), 1L, Long::sum);
      }
      Map<String, String> orgRow = truth.rows.get(0);
      assertEquals("org", orgRow.get("level"));
      assertNull(orgRow.get("entity_id"));
      assertEquals(effect, Double.parseDouble(orgRow.get("effect")));
      assertEquals(treatedDeals(org).size(), Long.parseLong(orgRow.get("treated_deals")));
      Map<String, Long> written = new TreeMap<>();
      for (Map<String, String> row : truth.rows.subList(1, truth.rows.size())) {
        assertEquals("manager", row.get("level"));
        assertEquals(effect, Double.parseDouble(row.get("effect")));
        written.put(row.get("entity_id"), Long.parseLong(row.get("treated_deals")));
      }
      assertEquals(perManager, written);
    }
  }

  @Test
  void eachTakenOverDealsChanceToWinMovesByExactlyTheEffect() throws IOException {
    for (Path org : List.of(none, planted)) {
      double effect = org == none ? 0 : EFFECT;
      Map<String, Map<String, String>> opportunities = byId(org.resolve("Opportunity.csv"));
      List<Map<String, String>> outcomes =
          Csv.read(org.resolve("_truth/takeover_outcomes.csv")).rows;
      Set<String> deals = new TreeSet<>();
      long realised = 0;
      for (Map<String, String> o : outcomes) {
        deals.add(o.get("opportunity_id"));
        double untaken = Double.parseDouble(o.get("win_probability_untaken"));
        double taken = Double.parseDouble(o.get("win_probability_taken"));
        assertEquals(effect, taken - untaken, 1e-12, o.toString());
        assertTrue(untaken > 0 && untaken < 1 && taken > 0 && taken < 1, o.toString());
        assertEquals(
            opportunities.get(o.get("opportunity_id")).get("IsWon"),
            o.get("won_taken"),
            o.toString());
        assertEquals(earliestTaker(org).get(o.get("opportunity_id")), o.get("manager_id"));
        realised +=
            (Boolean.parseBoolean(o.get("won_taken")) ? 1 : 0)
                - (Boolean.parseBoolean(o.get("won_untaken")) ? 1 : 0);
      }
      assertEquals(treatedDeals(org), deals);
      Map<String, String> orgRow = Csv.read(org.resolve("_truth/takeover_effect.csv")).rows.get(0);
      assertEquals(
          realised / (double) deals.size(),
          Double.parseDouble(orgRow.get("realised_effect")),
          1e-12);
      if (org == none) {
        assertEquals(0, realised);
      } else {
        assertTrue(
            realised < 0, "with a negative effect some taken-over deals are lost: " + realised);
      }
    }
  }

  @Test
  void takenOverDealsHadBeenPushedMoreThanTheirTeamsOthers() throws IOException {
    ContractRules.Effect org = new ContractRules(none).takeoverEffect(5, true).get("org");
    String means =
        "treated "
            + java.util.Arrays.toString(org.treatedMean())
            + ", their team's candidates "
            + java.util.Arrays.toString(org.candidateMean());
    // ln(1 + pushes) at the takeover
    assertTrue(org.treatedMean()[2] > org.candidateMean()[2] + 0.05, "pushes: " + means);
  }

  @Test
  void managersTakeOverTheDealsThatLookTroubledAndThoseWinLessWhoeverOwnsThem() throws IOException {
    Map<String, Map<String, String>> opportunities = byId(none.resolve("Opportunity.csv"));
    Set<String> taken = new TreeSet<>();
    for (Map<String, String> t : Csv.read(none.resolve("_truth/planted_takeovers.csv")).rows) {
      taken.add(t.get("opportunity_id"));
    }
    Map<String, List<Map<String, String>>> history = new HashMap<>();
    for (Map<String, String> h : Csv.read(none.resolve("OpportunityHistory.csv")).rows) {
      history.computeIfAbsent(h.get("OpportunityId"), k -> new ArrayList<>()).add(h);
    }
    // Closed deals that reached a late stage: taken over and all, by how long they stayed in their
    // late stages (under 2 weeks, over 4); won and closed (never taken over), by pushes before
    // their late stage (none, two or more).
    long[] takenByStay = new long[2];
    long[] dealsByStay = new long[2];
    long[] wonByPushes = new long[2];
    long[] closedByPushes = new long[2];
    for (Map.Entry<String, List<Map<String, String>>> e : history.entrySet()) {
      Map<String, String> o = opportunities.get(e.getKey());
      if (o.get("IsDeleted").equals("true") || o.get("IsClosed").equals("false")) {
        continue;
      }
      List<Map<String, String>> rows = e.getValue();
      rows.sort(Comparator.comparing(h -> Instant.parse(h.get("CreatedDate"))));
      int late = -1;
      for (int i = 0; i < rows.size() && late < 0; i++) {
        double p = Double.parseDouble(rows.get(i).get("Probability"));
        late = p >= 70 && p < 100 ? i : -1;
      }
      if (late < 0) {
        continue;
      }
      int pushes = 0;
      for (int i = 1; i <= late; i++) {
        pushes +=
            rows.get(i).get("CloseDate").compareTo(rows.get(i - 1).get("CloseDate")) > 0 ? 1 : 0;
      }
      double lateDays =
          Duration.between(
                      Instant.parse(rows.get(late).get("CreatedDate")),
                      Instant.parse(rows.get(rows.size() - 1).get("CreatedDate")))
                  .toSeconds()
              / 86_400.0;
      boolean isTaken = taken.contains(e.getKey());
      if (lateDays < 14 || lateDays > 28) {
        int stay = lateDays > 28 ? 1 : 0;
        dealsByStay[stay]++;
        takenByStay[stay] += isTaken ? 1 : 0;
      }
      if (!isTaken && pushes != 1) {
        int pushed = pushes >= 2 ? 1 : 0;
        closedByPushes[pushed]++;
        wonByPushes[pushed] += o.get("IsWon").equals("true") ? 1 : 0;
      }
    }
    String counts =
        "taken/deals, late under 2 weeks "
            + takenByStay[0]
            + "/"
            + dealsByStay[0]
            + ", over 4 "
            + takenByStay[1]
            + "/"
            + dealsByStay[1]
            + "; won/closed never taken, no push "
            + wonByPushes[0]
            + "/"
            + closedByPushes[0]
            + ", two or more "
            + wonByPushes[1]
            + "/"
            + closedByPushes[1];
    System.out.println(counts);
    double shortStay = takenByStay[0] / (double) dealsByStay[0];
    double longStay = takenByStay[1] / (double) dealsByStay[1];
    assertTrue(longStay > 1.5 * shortStay, counts);
    double calm = wonByPushes[0] / (double) closedByPushes[0];
    double pushed = wonByPushes[1] / (double) closedByPushes[1];
    assertTrue(pushed < calm - 0.05, counts);
  }

  @Test
  void theContractsDesignFindsThePlantedEffectWhereTheOldDesignDidNot() throws IOException {
    for (Path org : List.of(none, planted)) {
      double effect = org == none ? 0 : EFFECT;
      ContractRules rules = new ContractRules(org);
      ContractRules.Effect sameTeam = rules.takeoverEffect(5, true).get("org");
      ContractRules.Effect wholeOrg = rules.takeoverEffect(5, false).get("org");
      String both = "effect " + effect + ": same team " + sameTeam + ", whole org " + wholeOrg;
      System.out.println(both);
      System.out.println(
          java.util.Arrays.toString(sameTeam.treatedMean())
              + java.util.Arrays.toString(sameTeam.candidateMean()));
      assertTrue(sameTeam.contains(effect), both);
      assertTrue(!wholeOrg.contains(effect), both);
    }
  }

  @Test
  void anEffectOutsideItsRangeIsRefused(@TempDir Path dir) {
    for (double bad : new double[] {0.21, -0.5, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SyntheticOrg.generate(dir, SEED, 0.05, SyntheticOrg.DEFAULT_AS_OF, bad));
      assertEquals(
          "the takeover effect must be a number from -0.2 to 0.2 (a change in the chance to win),"
              + " got "
              + bad,
          e.getMessage());
    }
  }

  // ---- the files, read apart from the generator ----

  /** Closed, not deleted opportunities with a planted takeover: CONTRACT §3's treated deals. */
  private static Set<String> treatedDeals(Path org) throws IOException {
    Map<String, Map<String, String>> opportunities = byId(org.resolve("Opportunity.csv"));
    Set<String> out = new TreeSet<>();
    for (Map<String, String> t : Csv.read(org.resolve("_truth/planted_takeovers.csv")).rows) {
      Map<String, String> o = opportunities.get(t.get("opportunity_id"));
      if (o.get("IsClosed").equals("true") && o.get("IsDeleted").equals("false")) {
        out.add(t.get("opportunity_id"));
      }
    }
    return out;
  }

  /** Per opportunity, the to_owner_id of its earliest planted takeover. */
  private static Map<String, String> earliestTaker(Path org) throws IOException {
    Map<String, Map<String, String>> first = new HashMap<>();
    for (Map<String, String> t : Csv.read(org.resolve("_truth/planted_takeovers.csv")).rows) {
      first.merge(
          t.get("opportunity_id"),
          t,
          (a, b) ->
              Instant.parse(a.get("changed_at")).isAfter(Instant.parse(b.get("changed_at")))
                  ? b
                  : a);
    }
    Map<String, String> out = new HashMap<>();
    first.forEach((k, v) -> out.put(k, v.get("to_owner_id")));
    return out;
  }

  private static Set<String> takeoverLines(Path org) throws IOException {
    Set<String> lines = new TreeSet<>();
    for (Map<String, String> t : Csv.read(org.resolve("_truth/planted_takeovers.csv")).rows) {
      lines.add(ContractRules.plantedLine(t));
    }
    return lines;
  }

  private static Map<String, Map<String, String>> byId(Path file) throws IOException {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (Map<String, String> row : Csv.read(file).rows) {
      out.put(row.get("Id"), new HashMap<>(row));
    }
    return out;
  }
}
