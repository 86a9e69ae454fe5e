package io.swoop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small org (scale 0.1) checked against CONTRACT §2 and the takeover rules of §3. */
class SyntheticOrgTest {
  private static final long SEED = 42;
  private static final List<String> FILES =
      List.of(
          "User.csv",
          "Opportunity.csv",
          "OpportunityHistory.csv",
          "OpportunityFieldHistory.csv",
          "Task.csv",
          "Event.csv",
          "EventRelation.csv",
          "UserHistory.csv",
          "_truth/planted_takeovers.csv",
          "_truth/lookalikes.csv",
          "_truth/managers.csv",
          "_truth/coaching.csv",
          "_truth/takeover_effect.csv",
          "_truth/takeover_outcomes.csv");
  private static final Map<String, List<String>> REQUIRED =
      Map.of(
          "User.csv",
              List.of(
                  "Id",
                  "Name",
                  "ManagerId",
                  "IsActive",
                  "CreatedDate",
                  "LastModifiedDate",
                  "UserRoleId",
                  "Title",
                  "Hire_Date__c"),
          "Opportunity.csv",
              List.of(
                  "Id",
                  "OwnerId",
                  "StageName",
                  "Amount",
                  "Probability",
                  "CloseDate",
                  "IsClosed",
                  "IsWon",
                  "CreatedDate",
                  "IsDeleted",
                  "Name",
                  "AccountId",
                  "CurrencyIsoCode",
                  "LastModifiedDate",
                  "SystemModstamp"),
          "OpportunityHistory.csv",
              List.of(
                  "Id",
                  "OpportunityId",
                  "StageName",
                  "Probability",
                  "Amount",
                  "CloseDate",
                  "CreatedDate",
                  "CreatedById",
                  "ForecastCategory",
                  "IsDeleted",
                  "SystemModstamp"),
          "OpportunityFieldHistory.csv",
              List.of(
                  "Id",
                  "OpportunityId",
                  "Field",
                  "OldValue",
                  "NewValue",
                  "CreatedDate",
                  "CreatedById",
                  "DataType",
                  "IsDeleted"),
          "Task.csv",
              List.of(
                  "Id",
                  "WhatId",
                  "OwnerId",
                  "ActivityDate",
                  "CreatedDate",
                  "CreatedById",
                  "Subject",
                  "Type",
                  "TaskSubtype",
                  "IsDeleted"),
          "Event.csv",
              List.of(
                  "Id",
                  "WhatId",
                  "OwnerId",
                  "ActivityDate",
                  "CreatedDate",
                  "CreatedById",
                  "Subject",
                  "Type",
                  "DurationInMinutes",
                  "IsDeleted",
                  "WhoId",
                  "IsChild",
                  "IsAllDayEvent",
                  "StartDateTime",
                  "EndDateTime"),
          "EventRelation.csv",
              List.of(
                  "Id",
                  "EventId",
                  "RelationId",
                  "IsInvitee",
                  "IsWhat",
                  "Status",
                  "IsDeleted",
                  "CreatedDate"),
          "_truth/planted_takeovers.csv",
              List.of(
                  "opportunity_id",
                  "changed_at",
                  "from_owner_id",
                  "to_owner_id",
                  "levels_up",
                  "returned_at"),
          "_truth/lookalikes.csv", List.of("opportunity_id", "changed_at", "kind"),
          "_truth/managers.csv", List.of("manager_id", "name", "planted_micromanager"));
  private static final Set<String> ID_COLUMNS =
      Set.of(
          "Id",
          "UserId",
          "OwnerId",
          "ManagerId",
          "UserRoleId",
          "AccountId",
          "OpportunityId",
          "CreatedById",
          "WhatId",
          "WhoId",
          "EventId",
          "RelationId",
          "rep_id",
          "opportunity_id",
          "from_owner_id",
          "to_owner_id",
          "manager_id");

  @TempDir static Path temp;
  private static Path org;
  private static SyntheticOrg.Summary summary;

  @BeforeAll
  static void generateASmallOrg() throws IOException {
    org = temp.resolve("org");
    summary = SyntheticOrg.generate(org, SEED, 0.1);
  }

  @Test
  void theSameSeedAndScaleGiveByteIdenticalFiles(@TempDir Path again) throws IOException {
    SyntheticOrg.Summary second = SyntheticOrg.generate(again, SEED, 0.1);
    assertEquals(summary, second);
    for (String file : FILES) {
      assertArrayEquals(
          Files.readAllBytes(org.resolve(file)), Files.readAllBytes(again.resolve(file)), file);
    }
  }

  @Test
  void anotherSeedGivesAnotherOrg(@TempDir Path other) throws IOException {
    SyntheticOrg.generate(other, SEED + 1, 0.1);
    for (String file :
        List.of("User.csv", "Opportunity.csv", "OpportunityFieldHistory.csv", "Task.csv")) {
      assertFalse(
          Arrays.equals(
              Files.readAllBytes(org.resolve(file)), Files.readAllBytes(other.resolve(file))),
          file);
    }
  }

  @Test
  void theSummaryCountsTheRowsOfEveryFile() throws IOException {
    assertEquals(FILES, new ArrayList<>(summary.rowsPerFile().keySet()));
    for (String file : FILES) {
      assertEquals(Csv.read(org.resolve(file)).rows.size(), summary.rowsPerFile().get(file), file);
    }
  }

  @Test
  void everyFileHasTheRequiredColumns() throws IOException {
    for (Map.Entry<String, List<String>> e : REQUIRED.entrySet()) {
      List<String> header = Csv.read(org.resolve(e.getKey())).header;
      assertTrue(header.containsAll(e.getValue()), e.getKey() + " has " + header);
    }
  }

  @Test
  void everyIdIsEighteenCharactersWithTheRightSuffixOrFifteen() throws IOException {
    int shortIds = 0;
    for (String file : FILES) {
      for (Map<String, String> row : Csv.read(org.resolve(file)).rows) {
        for (Map.Entry<String, String> cell : row.entrySet()) {
          String v = cell.getValue();
          boolean lookup =
              "EntityId".equals(row.get("DataType")) && cell.getKey().endsWith("Value");
          if (v == null || !(ID_COLUMNS.contains(cell.getKey()) || lookup)) {
            continue;
          }
          boolean mayBeShort = lookup || cell.getKey().equals("WhatId");
          if (v.length() == 15 && mayBeShort) {
            shortIds++;
            continue;
          }
          assertEquals(18, v.length(), file + " " + cell.getKey() + " " + v);
          assertEquals(
              ContractRules.id18(v.substring(0, 15)), v, file + " " + cell.getKey() + " suffix");
        }
      }
    }
    assertTrue(shortIds > 100, "15-character Ids occur too: " + shortIds);
  }

  @Test
  void idsCarryTheirObjectsKeyPrefix() throws IOException {
    Map<String, String> prefixes =
        Map.of(
            "User.csv",
            "005",
            "Opportunity.csv",
            "006",
            "OpportunityHistory.csv",
            "008",
            "OpportunityFieldHistory.csv",
            "017",
            "Task.csv",
            "00T",
            "Event.csv",
            "00U",
            "EventRelation.csv",
            "0RE");
    for (Map.Entry<String, String> e : prefixes.entrySet()) {
      Set<String> ids = new HashSet<>();
      for (Map<String, String> row : Csv.read(org.resolve(e.getKey())).rows) {
        assertTrue(row.get("Id").startsWith(e.getValue()), e.getKey() + " " + row.get("Id"));
        assertTrue(ids.add(row.get("Id")), "duplicate Id in " + e.getKey());
      }
    }
    for (Map<String, String> row : Csv.read(org.resolve("Opportunity.csv")).rows) {
      assertTrue(row.get("AccountId").startsWith("001"));
    }
  }

  @Test
  void everyOwnerChangeIsAnIdRowAndANameRow() throws IOException {
    Map<String, String> names = new HashMap<>();
    for (Map<String, String> u : Csv.read(org.resolve("User.csv")).rows) {
      names.put(u.get("Id"), u.get("Name"));
    }
    Map<String, List<Map<String, String>>> byChange = new HashMap<>();
    for (Map<String, String> f : Csv.read(org.resolve("OpportunityFieldHistory.csv")).rows) {
      if ("Owner".equals(f.get("Field"))) {
        byChange
            .computeIfAbsent(
                f.get("OpportunityId") + "|" + f.get("CreatedDate"), k -> new ArrayList<>())
            .add(f);
      }
    }
    assertFalse(byChange.isEmpty());
    for (List<Map<String, String>> pair : byChange.values()) {
      assertEquals(2, pair.size(), "rows of one owner change: " + pair);
      Map<String, String> ids =
          pair.stream().filter(r -> "EntityId".equals(r.get("DataType"))).findFirst().orElseThrow();
      Map<String, String> text =
          pair.stream().filter(r -> "Text".equals(r.get("DataType"))).findFirst().orElseThrow();
      assertEquals(names.get(ContractRules.id18(ids.get("OldValue"))), text.get("OldValue"));
      assertEquals(names.get(ContractRules.id18(ids.get("NewValue"))), text.get("NewValue"));
      assertEquals(ids.get("CreatedById"), text.get("CreatedById"));
    }
  }

  @Test
  void userHistoryIsTheFieldHistoryOfManagerAndIsActive() throws IOException {
    Map<String, String> names = new HashMap<>();
    for (Map<String, String> u : Csv.read(org.resolve("User.csv")).rows) {
      names.put(u.get("Id"), u.get("Name"));
    }
    Csv history = Csv.read(org.resolve("UserHistory.csv"));
    assertEquals(
        List.of(
            "Id",
            "UserId",
            "Field",
            "OldValue",
            "NewValue",
            "CreatedDate",
            "CreatedById",
            "DataType",
            "IsDeleted"),
        history.header);
    Map<String, List<Map<String, String>>> byChange = new HashMap<>();
    int deactivations = 0;
    for (Map<String, String> h : history.rows) {
      assertTrue(h.get("Id").startsWith("017"), h.toString());
      assertTrue(names.containsKey(h.get("UserId")), h.toString());
      assertTrue(names.containsKey(h.get("CreatedById")), h.toString());
      if (h.get("Field").equals("IsActive")) {
        assertEquals(
            List.of("true", "false", "Boolean"),
            List.of(h.get("OldValue"), h.get("NewValue"), h.get("DataType")));
        deactivations++;
      } else {
        assertEquals("Manager", h.get("Field"));
        byChange
            .computeIfAbsent(h.get("UserId") + "|" + h.get("CreatedDate"), k -> new ArrayList<>())
            .add(h);
      }
    }
    assertTrue(deactivations > 0 && !byChange.isEmpty());
    for (List<Map<String, String>> pair : byChange.values()) {
      assertEquals(2, pair.size(), "rows of one manager change: " + pair);
      Map<String, String> ids =
          pair.stream().filter(r -> "EntityId".equals(r.get("DataType"))).findFirst().orElseThrow();
      Map<String, String> text =
          pair.stream().filter(r -> "Text".equals(r.get("DataType"))).findFirst().orElseThrow();
      for (String side : List.of("OldValue", "NewValue")) {
        String id = ids.get(side);
        assertEquals(id == null ? null : names.get(ContractRules.id18(id)), text.get(side));
      }
    }
  }

  @Test
  void plantedTakeoversAreExactlyWhatTheRulesFindInTheFiles() throws IOException {
    Set<String> derived = new TreeSet<>();
    for (ContractRules.Verdict v : new ContractRules(org).verdicts()) {
      if (v.kind().equals("takeover")) {
        derived.add(v.line());
      }
    }
    Set<String> truth = new TreeSet<>();
    for (Map<String, String> t : Csv.read(org.resolve("_truth/planted_takeovers.csv")).rows) {
      truth.add(ContractRules.plantedLine(t));
    }
    assertEquals(derived, truth);
    assertEquals(summary.plantedTakeovers(), truth.size());
    assertTrue(truth.size() >= 10, "takeovers at scale 0.1: " + truth.size());
    assertTrue(truth.stream().anyMatch(t -> t.contains("|2|")), "some takeovers are two levels up");
    assertTrue(truth.stream().anyMatch(t -> !t.endsWith("|null")), "some takeovers are given back");
  }

  @Test
  void lookalikesAreTheOtherOwnerChangesWithTheFirstRuleThatRejectsThem() throws IOException {
    Set<String> derived = new TreeSet<>();
    for (ContractRules.Verdict v : new ContractRules(org).verdicts()) {
      if (!v.kind().equals("takeover")) {
        derived.add(v.change().opportunityId() + "|" + v.change().changedAt() + "|" + v.kind());
      }
    }
    Set<String> truth = new TreeSet<>();
    for (Map<String, String> l : Csv.read(org.resolve("_truth/lookalikes.csv")).rows) {
      truth.add(l.get("opportunity_id") + "|" + l.get("changed_at") + "|" + l.get("kind"));
    }
    assertEquals(derived, truth);
  }

  @Test
  void everyKindOfLookalikeIsPlanted() {
    assertEquals(
        Set.of("peer", "early", "after_close", "down_chain", "handover", "bulk"),
        summary.lookalikesByKind().keySet());
  }

  @Test
  void changesRightAtTheHandoverThresholdArePlanted() throws IOException {
    ContractRules rules = new ContractRules(org);
    Set<String> found = new TreeSet<>();
    for (ContractRules.Verdict v : rules.verdicts()) {
      ContractRules.User old = rules.users.get(v.change().from());
      if (old.endDate() != null) {
        long days =
            ChronoUnit.DAYS.between(
                LocalDate.parse(v.change().changedAt().substring(0, 10)), old.endDate());
        found.add(v.kind() + " " + days);
      }
    }
    assertTrue(found.contains("handover 30"), found.toString());
    assertTrue(found.contains("takeover 31"), found.toString());
  }

  @Test
  void tenMovesInOneMinuteAreNotBulkButElevenAre() throws IOException {
    Map<String, List<ContractRules.Verdict>> byMinute = new HashMap<>();
    for (ContractRules.Verdict v : new ContractRules(org).verdicts()) {
      ContractRules.OwnerChange c = v.change();
      byMinute
          .computeIfAbsent(
              c.from() + c.to() + c.changedAt().substring(0, 16), k -> new ArrayList<>())
          .add(v);
    }
    assertTrue(
        byMinute.values().stream()
            .anyMatch(g -> g.size() == 10 && g.stream().anyMatch(v -> v.kind().equals("takeover"))),
        "a mass transfer of exactly 10 deals holding a takeover");
    assertTrue(
        byMinute.values().stream()
            .anyMatch(g -> g.size() > 10 && g.stream().anyMatch(v -> v.kind().equals("bulk"))),
        "a batch of more than 10 deals holding a late-stage deal moved up the chain");
  }

  @Test
  void historyIsStrictlyOrderedAndAgreesWithTheOpportunity() throws IOException {
    Map<String, List<Map<String, String>>> history = new HashMap<>();
    for (Map<String, String> h : Csv.read(org.resolve("OpportunityHistory.csv")).rows) {
      history.computeIfAbsent(h.get("OpportunityId"), k -> new ArrayList<>()).add(h);
    }
    Map<String, String> lastNewOwner = new HashMap<>();
    for (Map<String, String> f : Csv.read(org.resolve("OpportunityFieldHistory.csv")).rows) {
      if ("Owner".equals(f.get("Field")) && "EntityId".equals(f.get("DataType"))) {
        lastNewOwner.put(f.get("OpportunityId"), ContractRules.id18(f.get("NewValue")));
      }
    }
    List<Map<String, String>> opportunities = Csv.read(org.resolve("Opportunity.csv")).rows;
    assertEquals(summary.rowsPerFile().get("Opportunity.csv"), opportunities.size());
    for (Map<String, String> o : opportunities) {
      List<Map<String, String>> rows = history.get(o.get("Id"));
      assertNotNull(rows, o.get("Id"));
      assertEquals(o.get("CreatedDate"), rows.get(0).get("CreatedDate"));
      for (int i = 1; i < rows.size(); i++) {
        assertTrue(
            Instant.parse(rows.get(i - 1).get("CreatedDate"))
                .isBefore(Instant.parse(rows.get(i).get("CreatedDate"))));
      }
      Map<String, String> last = rows.get(rows.size() - 1);
      for (String column : List.of("StageName", "Probability", "Amount", "CloseDate")) {
        assertEquals(last.get(column), o.get(column), o.get("Id") + " " + column);
      }
      assertEquals(
          lastNewOwner.getOrDefault(o.get("Id"), rows.get(0).get("CreatedById")), o.get("OwnerId"));
      boolean closed = o.get("StageName").startsWith("Closed");
      assertEquals(Boolean.toString(closed), o.get("IsClosed"));
      assertEquals(Boolean.toString(o.get("StageName").equals("Closed Won")), o.get("IsWon"));
    }
  }

  @Test
  void noOpenDealIsOwnedByAnInactiveUser() throws IOException {
    assertNoOpenDealOfAnInactiveUser(org);
  }

  /** Inactive users own no open deal: each one's open deals were handed over before they left. */
  static void assertNoOpenDealOfAnInactiveUser(Path org) throws IOException {
    Set<String> inactive = new HashSet<>();
    for (Map<String, String> u : Csv.read(org.resolve("User.csv")).rows) {
      if (u.get("IsActive").equals("false")) {
        inactive.add(u.get("Id"));
      }
    }
    assertFalse(inactive.isEmpty());
    for (Map<String, String> o : Csv.read(org.resolve("Opportunity.csv")).rows) {
      if (o.get("IsClosed").equals("false") && o.get("IsDeleted").equals("false")) {
        assertFalse(inactive.contains(o.get("OwnerId")), o.get("Id"));
      }
    }
  }

  @Test
  void nothingIsCreatedAfterTheAsOfDate() throws IOException {
    Instant end = Instant.parse(SyntheticOrg.DEFAULT_AS_OF + "T23:59:59.999Z");
    for (String file : FILES.subList(0, 8)) {
      for (Map<String, String> row : Csv.read(org.resolve(file)).rows) {
        assertFalse(Instant.parse(row.get("CreatedDate")).isAfter(end), file);
      }
    }
  }

  @Test
  void someValuesNeedQuotingAndSomeUsersHaveNoHireDate() throws IOException {
    List<String> names = column("Opportunity.csv", "Name");
    assertTrue(names.stream().anyMatch(n -> n.contains(",")));
    assertTrue(names.stream().anyMatch(n -> n.contains("\"")));
    assertTrue(column("Task.csv", "Subject").stream().anyMatch(s -> s.contains("\n")));
    assertTrue(column("Event.csv", "Subject").stream().anyMatch(s -> s.contains("\n")));
    List<Map<String, String>> users = Csv.read(org.resolve("User.csv")).rows;
    assertTrue(
        users.stream().anyMatch(u -> u.get("Hire_Date__c") == null && u.get("ManagerId") != null));
    assertTrue(users.stream().anyMatch(u -> u.get("Hire_Date__c") != null));
    assertTrue(column("Opportunity.csv", "IsDeleted").contains("true"));
  }

  @Test
  void scaleOneTenthIsASmallOrg() throws IOException {
    assertEquals(25, summary.repSeats());
    assertTrue(
        summary.activeReps() >= 18 && summary.activeReps() <= 25,
        "active reps " + summary.activeReps());
    List<Map<String, String>> managers = Csv.read(org.resolve("_truth/managers.csv")).rows;
    long firstLine = managers.stream().filter(m -> m.get("level").equals("1")).count();
    assertTrue(firstLine >= 3, "first-line managers " + firstLine);
    assertTrue(managers.stream().anyMatch(m -> m.get("planted_micromanager").equals("true")));
    assertTrue(managers.stream().anyMatch(m -> m.get("planted_micromanager").equals("false")));
    long opportunities = summary.rowsPerFile().get("Opportunity.csv");
    assertTrue(opportunities > 1000 && opportunities < 4000, "opportunities " + opportunities);
  }

  @Test
  void aScaleThatIsNotAPositiveNumberIsRejected(@TempDir Path dir) {
    for (double bad : new double[] {0, -1, Double.NaN, 1e9}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SyntheticOrg.generate(dir, 1, bad));
      assertEquals(
          "scale must be a number above 0 and at most 10000.0, got " + bad, e.getMessage());
    }
  }

  @Test
  void eventsAndEventRelationsHoldValuesAsSalesforceWritesThem() throws IOException {
    Set<String> booleans = Set.of("true", "false");
    Set<String> eventIds = new HashSet<>();
    for (Map<String, String> e : Csv.read(org.resolve("Event.csv")).rows) {
      eventIds.add(e.get("Id"));
      assertTrue(booleans.contains(e.get("IsChild")), e.toString());
      assertTrue(booleans.contains(e.get("IsAllDayEvent")), e.toString());
      Instant from = Instant.parse(e.get("StartDateTime"));
      Instant to = Instant.parse(e.get("EndDateTime"));
      assertEquals(e.get("ActivityDate"), e.get("StartDateTime").substring(0, 10), e.toString());
      if (e.get("DurationInMinutes") != null) {
        assertEquals(
            Long.parseLong(e.get("DurationInMinutes")), ChronoUnit.MINUTES.between(from, to));
      }
      if (e.get("WhoId") != null) {
        assertTrue(e.get("WhoId").startsWith("003"), e.toString());
      }
    }
    Set<String> statuses = new TreeSet<>();
    for (Map<String, String> r : Csv.read(org.resolve("EventRelation.csv")).rows) {
      assertTrue(eventIds.contains(r.get("EventId")), r.toString());
      for (String column : List.of("IsInvitee", "IsWhat", "IsDeleted")) {
        assertTrue(booleans.contains(r.get(column)), r.toString());
      }
      Instant.parse(r.get("CreatedDate"));
      assertEquals(r.get("IsWhat").equals("true"), r.get("RelationId").startsWith("006"));
      if (r.get("Status") != null) {
        statuses.add(r.get("Status"));
      }
    }
    assertEquals(Set.of("Accepted", "Declined", "New"), statuses);
  }

  @Test
  void plantedCoachingIsExactlyWhatTheRulesFindInTheFiles() throws IOException {
    Map<String, Map<String, String>> derived =
        ContractRules.coaching(org, SyntheticOrg.DEFAULT_AS_OF);
    Map<String, Map<String, String>> truth = new HashMap<>();
    Csv coaching = Csv.read(org.resolve("_truth/coaching.csv"));
    assertEquals(
        List.of("manager_id", "rep_id", "one_to_ones", "minutes", "last_one_to_one"),
        coaching.header);
    for (Map<String, String> t : coaching.rows) {
      truth.put(t.get("manager_id") + "|" + t.get("rep_id"), t);
    }
    assertEquals(derived.keySet(), truth.keySet());
    for (String pair : truth.keySet()) {
      for (String column : List.of("one_to_ones", "minutes", "last_one_to_one")) {
        assertEquals(
            derived.get(pair).get(column), truth.get(pair).get(column), pair + " " + column);
      }
    }
    assertEquals(summary.activeReps() + activeManagersWithAManager(), truth.size());
  }

  private static long activeManagersWithAManager() throws IOException {
    Set<String> managers = new HashSet<>(column("_truth/managers.csv", "manager_id"));
    return Csv.read(org.resolve("User.csv")).rows.stream()
        .filter(
            u ->
                managers.contains(u.get("Id"))
                    && u.get("ManagerId") != null
                    && u.get("IsActive").equals("true"))
        .count();
  }

  @Test
  void coachingManagersMeetTheirRepsMoreOftenThanMicromanagers() throws IOException {
    Map<String, Boolean> micro = new HashMap<>();
    for (Map<String, String> m : Csv.read(org.resolve("_truth/managers.csv")).rows) {
      micro.put(m.get("manager_id"), m.get("planted_micromanager").equals("true"));
    }
    double[] sum = new double[2];
    int[] n = new int[2];
    for (Map<String, String> t : Csv.read(org.resolve("_truth/coaching.csv")).rows) {
      int k = micro.get(t.get("manager_id")) ? 1 : 0;
      sum[k] += Long.parseLong(t.get("one_to_ones"));
      n[k]++;
    }
    double coach = sum[0] / n[0];
    double microMean = sum[1] / n[1];
    assertTrue(
        coach >= 15, "a coached rep has a one-to-one at least every other week or so: " + coach);
    assertTrue(microMean < coach / 3, "micromanagers " + microMean + ", coaches " + coach);
  }

  @Test
  void everyCaseOfTheCoachingRulesIsPlanted() throws IOException {
    List<Map<String, String>> events = Csv.read(org.resolve("Event.csv")).rows;
    List<Map<String, String>> relations = Csv.read(org.resolve("EventRelation.csv")).rows;
    assertTrue(events.stream().anyMatch(e -> e.get("IsChild").equals("true")), "child events");
    assertTrue(events.stream().anyMatch(e -> e.get("IsAllDayEvent").equals("true")), "all-day");
    assertTrue(events.stream().anyMatch(e -> e.get("WhoId") != null), "a Contact as WhoId");
    assertTrue(
        events.stream().anyMatch(e -> e.get("WhatId") == null && e.get("IsDeleted").equals("true")),
        "deleted meetings");
    assertTrue(
        events.stream().anyMatch(e -> e.get("DurationInMinutes") == null), "only Start and End");
    assertTrue(relations.stream().anyMatch(r -> "Declined".equals(r.get("Status"))), "declined");
    assertTrue(relations.stream().anyMatch(r -> r.get("RelationId").startsWith("003")), "contact");
    assertTrue(relations.stream().anyMatch(r -> r.get("RelationId").startsWith("00Q")), "lead");
    assertTrue(
        relations.stream()
            .anyMatch(
                r -> r.get("RelationId").startsWith("005") && r.get("IsInvitee").equals("false")),
        "a user attached without an invitation");
    Set<String> deletedEvents = new HashSet<>();
    events.stream()
        .filter(e -> e.get("IsDeleted").equals("true"))
        .forEach(e -> deletedEvents.add(e.get("Id")));
    assertTrue(
        relations.stream()
            .anyMatch(
                r ->
                    r.get("IsDeleted").equals("true") && !deletedEvents.contains(r.get("EventId"))),
        "a deleted invitation to a meeting that stays");
    Map<String, Long> usersPerEvent =
        relations.stream()
            .filter(r -> r.get("RelationId").startsWith("005"))
            .collect(Collectors.groupingBy(r -> r.get("EventId"), Collectors.counting()));
    assertTrue(usersPerEvent.values().stream().anyMatch(c -> c >= 2), "team meetings of 3+ users");
  }

  private static List<String> column(String file, String column) throws IOException {
    try (Stream<Map<String, String>> rows = Csv.read(org.resolve(file)).rows.stream()) {
      return rows.map(r -> r.get(column)).filter(v -> v != null).collect(Collectors.toList());
    }
  }
}
