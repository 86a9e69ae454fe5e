package io.swoop.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The takeover and coaching rules of CONTRACT §3 (default configuration) applied to the written CSV
 * files, written apart from the generator so that the tests check the truth against the files.
 */
final class ContractRules {
  record User(String id, String managerId, boolean active, LocalDate endDate) {}

  record Stage(Instant at, String name, double probability) {}

  record OwnerChange(String opportunityId, String changedAt, String from, String to) {
    Instant at() {
      return Instant.parse(changedAt);
    }
  }

  /** One owner change and its verdict: kind "takeover" or the look-alike kind. */
  record Verdict(OwnerChange change, String kind, int levelsUp, String returnedAt) {
    /**
     * The verdict as one line to compare with the generator's truth files: opportunity, changed at,
     * kind, from, to, levels up, returned at.
     */
    String line() {
      return String.join(
          "|",
          change.opportunityId(),
          change.changedAt(),
          kind,
          change.from(),
          change.to(),
          Integer.toString(levelsUp),
          String.valueOf(returnedAt));
    }
  }

  /** A row of {@code _truth/planted_takeovers.csv} as the line of its {@link Verdict}. */
  static String plantedLine(Map<String, String> t) {
    return String.join(
        "|",
        t.get("opportunity_id"),
        t.get("changed_at"),
        "takeover",
        t.get("from_owner_id"),
        t.get("to_owner_id"),
        t.get("levels_up"),
        String.valueOf(t.get("returned_at")));
  }

  final Map<String, User> users = new HashMap<>();
  final Map<String, List<Stage>> stages = new HashMap<>();
  final List<OwnerChange> changes = new ArrayList<>();

  ContractRules(Path dir) throws IOException {
    for (Map<String, String> u : Csv.read(dir.resolve("User.csv")).rows) {
      boolean active = Boolean.parseBoolean(u.get("IsActive"));
      LocalDate end =
          active
              ? null
              : Instant.parse(u.get("LastModifiedDate")).atZone(ZoneOffset.UTC).toLocalDate();
      String id = id18(u.get("Id"));
      users.put(
          id,
          new User(id, u.get("ManagerId") == null ? null : id18(u.get("ManagerId")), active, end));
    }
    for (Map<String, String> h : Csv.read(dir.resolve("OpportunityHistory.csv")).rows) {
      if (!Boolean.parseBoolean(h.get("IsDeleted"))) {
        stages
            .computeIfAbsent(id18(h.get("OpportunityId")), k -> new ArrayList<>())
            .add(
                new Stage(
                    Instant.parse(h.get("CreatedDate")),
                    h.get("StageName"),
                    Double.parseDouble(h.get("Probability"))));
      }
    }
    stages.values().forEach(list -> list.sort(Comparator.comparing(Stage::at)));
    for (Map<String, String> f : Csv.read(dir.resolve("OpportunityFieldHistory.csv")).rows) {
      if ("Owner".equals(f.get("Field"))
          && "EntityId".equals(f.get("DataType"))
          && !Boolean.parseBoolean(f.get("IsDeleted"))) {
        changes.add(
            new OwnerChange(
                id18(f.get("OpportunityId")),
                f.get("CreatedDate"),
                id18(f.get("OldValue")),
                id18(f.get("NewValue"))));
      }
    }
    changes.sort(Comparator.comparing(OwnerChange::opportunityId).thenComparing(OwnerChange::at));
  }

  List<Verdict> verdicts() {
    Map<String, Integer> perMinute = new HashMap<>();
    for (OwnerChange c : changes) {
      perMinute.merge(minuteKey(c), 1, Integer::sum);
    }
    List<Verdict> out = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      OwnerChange c = changes.get(i);
      Stage s = stageInForce(c);
      int levels = hops(c.from(), c.to());
      User old = users.get(c.from());
      LocalDate day = c.at().atZone(ZoneOffset.UTC).toLocalDate();
      String kind;
      if (s.name().equals("Closed Won") || s.name().equals("Closed Lost")) {
        kind = "after_close";
      } else if (!(s.probability() >= 70 && s.probability() < 100)) {
        kind = "early";
      } else if (levels == 0) {
        kind = inChain(c.to(), c.from()) ? "down_chain" : "peer";
      } else if (old.endDate() != null && ChronoUnit.DAYS.between(day, old.endDate()) <= 30) {
        kind = "handover";
      } else if (perMinute.get(minuteKey(c)) > 10) {
        kind = "bulk";
      } else {
        kind = "takeover";
      }
      String returned = null;
      if (kind.equals("takeover")) {
        for (int j = i + 1;
            j < changes.size() && changes.get(j).opportunityId().equals(c.opportunityId());
            j++) {
          if (changes.get(j).to().equals(c.from())) {
            returned = changes.get(j).changedAt();
            break;
          }
        }
      }
      out.add(new Verdict(c, kind, kind.equals("takeover") ? levels : 0, returned));
    }
    return out;
  }

  private Stage stageInForce(OwnerChange c) {
    Stage found = null;
    for (Stage s : stages.get(c.opportunityId())) {
      if (!s.at().isAfter(c.at())) {
        found = s;
      }
    }
    if (found == null) {
      throw new IllegalStateException("owner change before the opportunity existed: " + c);
    }
    return found;
  }

  private int hops(String from, String to) {
    String m = users.get(from).managerId();
    for (int hops = 1; m != null && hops <= 3; hops++) {
      if (m.equals(to)) {
        return hops;
      }
      m = users.get(m).managerId();
    }
    return 0;
  }

  /** Whether {@code upper} is somewhere above {@code lower}. */
  private boolean inChain(String lower, String upper) {
    for (String m = users.get(lower).managerId(); m != null; m = users.get(m).managerId()) {
      if (m.equals(upper)) {
        return true;
      }
    }
    return false;
  }

  private static String minuteKey(OwnerChange c) {
    return c.from() + "|" + c.to() + "|" + c.changedAt().substring(0, 16);
  }

  /** The 18-character form, computed here rather than with the generator's helper. */
  static String id18(String id) {
    if (id.length() == 18) {
      return id;
    }
    if (id.length() != 15) {
      throw new IllegalArgumentException("not an Id: " + id);
    }
    StringBuilder suffix = new StringBuilder();
    for (int chunk = 0; chunk < 3; chunk++) {
      int bits = 0;
      for (int i = 0; i < 5; i++) {
        if (Character.isUpperCase(id.charAt(chunk * 5 + i))) {
          bits += 1 << i;
        }
      }
      suffix.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".charAt(bits));
    }
    return id + suffix;
  }

  /**
   * The coaching rule of CONTRACT §3 over the 365 days up to {@code asOf}: per "manager|rep" of
   * every active user with a manager, one_to_ones, minutes and last_one_to_one (null when none).
   */
  static Map<String, Map<String, String>> coaching(Path dir, LocalDate asOf) throws IOException {
    LocalDate first = asOf.minusDays(364);
    Map<String, Integer> attendeesOutside = new HashMap<>();
    Map<String, java.util.Set<String>> invited = new HashMap<>();
    for (Map<String, String> r : Csv.read(dir.resolve("EventRelation.csv")).rows) {
      String event = id18(r.get("EventId"));
      String who = r.get("RelationId");
      if (who.startsWith("003") || who.startsWith("00Q")) {
        attendeesOutside.merge(event, 1, Integer::sum);
      }
      boolean attends =
          who.startsWith("005")
              && !Boolean.parseBoolean(r.get("IsDeleted"))
              && Boolean.parseBoolean(r.get("IsInvitee"))
              && !"Declined".equals(r.get("Status"));
      if (attends) {
        invited.computeIfAbsent(event, k -> new java.util.TreeSet<>()).add(id18(who));
      }
    }
    Map<String, long[]> tally = new HashMap<>();
    Map<String, LocalDate> last = new HashMap<>();
    for (Map<String, String> e : Csv.read(dir.resolve("Event.csv")).rows) {
      String id = id18(e.get("Id"));
      LocalDate day = LocalDate.parse(e.get("ActivityDate"));
      boolean candidate =
          !Boolean.parseBoolean(e.get("IsDeleted"))
              && !Boolean.parseBoolean(e.get("IsChild"))
              && !Boolean.parseBoolean(e.get("IsAllDayEvent"))
              && !day.isBefore(first)
              && !day.isAfter(asOf)
              && e.get("WhoId") == null
              && !attendeesOutside.containsKey(id);
      if (!candidate) {
        continue;
      }
      java.util.Set<String> who =
          new java.util.TreeSet<>(invited.getOrDefault(id, java.util.Set.of()));
      who.add(id18(e.get("OwnerId")));
      if (who.size() != 2) {
        continue;
      }
      long minutes =
          e.get("DurationInMinutes") != null
              ? Long.parseLong(e.get("DurationInMinutes"))
              : ChronoUnit.MINUTES.between(
                  Instant.parse(e.get("StartDateTime")), Instant.parse(e.get("EndDateTime")));
      for (String a : who) {
        for (String b : who) {
          String pair = a + "|" + b;
          long[] t = tally.computeIfAbsent(pair, k -> new long[2]);
          t[0]++;
          t[1] += minutes;
          last.merge(pair, day, (x, y) -> x.isAfter(y) ? x : y);
        }
      }
    }
    Map<String, Map<String, String>> out = new HashMap<>();
    ContractRules rules = new ContractRules(dir);
    for (User u : rules.users.values()) {
      if (u.active() && u.managerId() != null) {
        String pair = u.managerId() + "|" + u.id();
        long[] t = tally.getOrDefault(pair, new long[2]);
        Map<String, String> row = new HashMap<>();
        row.put("one_to_ones", Long.toString(t[0]));
        row.put("minutes", Long.toString(t[1]));
        row.put("last_one_to_one", last.containsKey(pair) ? last.get(pair).toString() : null);
        out.put(pair, row);
      }
    }
    return out;
  }
}
