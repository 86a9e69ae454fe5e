package io.swoop.generate;

import java.io.IOException;
import java.nio.file.Files;
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
import java.util.TreeMap;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The takeover and coaching rules of CONTRACT §3 (default configuration) applied to the written CSV
 * files, written apart from the generator so that the tests check the truth against the files. Its
 * {@link #managerAt} (CONTRACT §2.1 from User.csv and UserHistory.csv) is public, so the signals'
 * brute-force references take the manager of a moment from the files and not from production code.
 */
public final class ContractRules {
  record User(String id, String managerId, boolean active, LocalDate endDate) {}

  record Stage(Instant at, String name, double probability, double amount, String closeDate) {}

  /** A manager change of UserHistory: at, the user, the old and the new manager (null = none). */
  record ManagerChange(Instant at, String user, String oldManager, String newManager) {}

  record Opportunity(String id, String ownerId, Instant created, boolean closed, boolean won) {}

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
  final Map<String, List<ManagerChange>> managerChanges = new HashMap<>();
  final Map<String, Opportunity> opportunities = new TreeMap<>();

  public ContractRules(Path dir) throws IOException {
    this(dir, true);
  }

  /**
   * @param withUserHistory whether to read UserHistory.csv; without it every moment has today's
   *     chain and a departure is dated by LastModifiedDate (CONTRACT §2.1)
   */
  ContractRules(Path dir, boolean withUserHistory) throws IOException {
    Map<String, Instant> deactivated = new HashMap<>();
    Path userHistory = dir.resolve("UserHistory.csv");
    if (withUserHistory && Files.exists(userHistory)) {
      for (Map<String, String> h : Csv.read(userHistory).rows) {
        if (Boolean.parseBoolean(h.get("IsDeleted"))) {
          continue;
        }
        String user = id18(h.get("UserId"));
        Instant at = Instant.parse(h.get("CreatedDate"));
        String field = h.get("Field");
        if ((field.equals("ManagerId") || field.equals("Manager"))
            && isIdOrEmpty(h.get("OldValue"))
            && isIdOrEmpty(h.get("NewValue"))) {
          managerChanges
              .computeIfAbsent(user, k -> new ArrayList<>())
              .add(
                  new ManagerChange(
                      at,
                      user,
                      h.get("OldValue") == null ? null : id18(h.get("OldValue")),
                      h.get("NewValue") == null ? null : id18(h.get("NewValue"))));
        } else if (field.equals("IsActive") && "false".equalsIgnoreCase(h.get("NewValue"))) {
          deactivated.merge(user, at, (a, b) -> a.isAfter(b) ? a : b);
        }
      }
    }
    managerChanges.values().forEach(l -> l.sort(Comparator.comparing(ManagerChange::at)));
    for (Map<String, String> u : Csv.read(dir.resolve("User.csv")).rows) {
      boolean active = Boolean.parseBoolean(u.get("IsActive"));
      String id = id18(u.get("Id"));
      Instant left = deactivated.getOrDefault(id, Instant.parse(u.get("LastModifiedDate")));
      LocalDate end = active ? null : left.atZone(ZoneOffset.UTC).toLocalDate();
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
                    Double.parseDouble(h.get("Probability")),
                    h.get("Amount") == null ? 0 : Double.parseDouble(h.get("Amount")),
                    h.get("CloseDate")));
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
    for (Map<String, String> o : Csv.read(dir.resolve("Opportunity.csv")).rows) {
      if (!Boolean.parseBoolean(o.get("IsDeleted"))) {
        opportunities.put(
            o.get("Id"),
            new Opportunity(
                o.get("Id"),
                id18(o.get("OwnerId")),
                Instant.parse(o.get("CreatedDate")),
                Boolean.parseBoolean(o.get("IsClosed")),
                Boolean.parseBoolean(o.get("IsWon"))));
      }
    }
  }

  private static boolean isIdOrEmpty(String v) {
    return v == null || ((v.length() == 15 || v.length() == 18) && v.startsWith("005"));
  }

  /** CONTRACT §2.1: the manager of {@code user} (an 18-character Id) as of t (null = none). */
  public String managerAt(String user, Instant t) {
    List<ManagerChange> list = managerChanges.get(user);
    if (list == null) {
      User u = users.get(user);
      return u == null ? null : u.managerId();
    }
    ManagerChange latest = null;
    for (ManagerChange c : list) {
      if (!c.at().isAfter(t)) {
        latest = c;
      }
    }
    return latest != null ? latest.newManager() : list.get(0).oldManager();
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
      int levels = hops(c.from(), c.to(), c.at());
      User old = users.get(c.from());
      LocalDate day = c.at().atZone(ZoneOffset.UTC).toLocalDate();
      String kind;
      if (s.name().equals("Closed Won") || s.name().equals("Closed Lost")) {
        kind = "after_close";
      } else if (!(s.probability() >= 70 && s.probability() < 100)) {
        kind = "early";
      } else if (levels == 0) {
        kind = inChain(c.to(), c.from(), c.at()) ? "down_chain" : "peer";
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

  /**
   * A row of CONTRACT §3 {@code takeover_effect}: its counts, effect and 95 % interval; and, over
   * its matched deals, the mean covariates of the treated deals and of all their candidates (each
   * deal's candidates averaged first), before matching.
   */
  record Effect(
      long matched,
      long unmatched,
      Double effect,
      Double low,
      Double high,
      double[] treatedMean,
      double[] candidateMean) {
    boolean contains(double x) {
      return low != null && low <= x && x <= high;
    }
  }

  /**
   * CONTRACT §3 {@code takeover_effect} with {@code k} controls, per manager and for the org (key
   * "org"). With {@code sameTeam} false it is the design issue 16 replaced: candidates from the
   * whole org, nearest on the amount alone.
   */
  Map<String, Effect> takeoverEffect(int k, boolean sameTeam) {
    Map<String, OwnerChange> earliest = new TreeMap<>();
    for (Verdict v : verdicts()) {
      if (v.kind().equals("takeover")) {
        earliest.merge(
            v.change().opportunityId(),
            v.change(),
            (a, b) ->
                a.at().isBefore(b.at()) || (a.at().equals(b.at()) && a.to().compareTo(b.to()) <= 0)
                    ? a
                    : b);
      }
    }
    Map<String, List<OwnerChange>> changesOf = new HashMap<>();
    for (OwnerChange c : changes) {
      changesOf.computeIfAbsent(c.opportunityId(), x -> new ArrayList<>()).add(c);
    }
    List<Opportunity> candidates = new ArrayList<>();
    for (Opportunity o : opportunities.values()) {
      if (o.closed() && !earliest.containsKey(o.id())) {
        candidates.add(o);
      }
    }
    Map<String, List<double[]>> deals = new TreeMap<>();
    Map<String, long[]> unmatched = new TreeMap<>();
    for (OwnerChange t : earliest.values()) {
      Opportunity treated = opportunities.get(t.opportunityId());
      if (treated == null || !treated.closed()) {
        continue;
      }
      String team = managerAt(t.from(), t.at());
      Stage s = inForce(t.opportunityId(), t.at());
      double[] x = covariates(treated, t.at());
      List<Object[]> found = new ArrayList<>();
      for (Opportunity c : candidates) {
        Stage cs = inForce(c.id(), t.at());
        if (cs == null || !cs.name().equals(s.name())) {
          continue;
        }
        if (sameTeam) {
          String owner = ownerAt(c, changesOf.getOrDefault(c.id(), List.of()), t.at());
          if (team == null || !team.equals(managerAt(owner, t.at()))) {
            continue;
          }
        }
        double[] y = covariates(c, t.at());
        double distance = 0;
        for (int j = 0; j < (sameTeam ? 4 : 1); j++) {
          distance += Math.abs(x[j] - y[j]);
        }
        found.add(new Object[] {distance, c.id(), c.won(), y});
      }
      for (String entity : List.of(t.to(), "org")) {
        unmatched.computeIfAbsent(entity, e -> new long[1]);
        if (found.isEmpty()) {
          unmatched.get(entity)[0]++;
        }
      }
      if (found.isEmpty()) {
        deals.computeIfAbsent(t.to(), e -> new ArrayList<>());
        continue;
      }
      found.sort(
          Comparator.comparing((Object[] c) -> (Double) c[0]).thenComparing(c -> (String) c[1]));
      List<Object[]> controls = found.subList(0, Math.min(k, found.size()));
      double c = controls.stream().filter(o -> (Boolean) o[2]).count() / (double) controls.size();
      double[] deal = new double[9];
      deal[0] = (treated.won() ? 1 : 0) - c;
      for (int j = 0; j < 4; j++) {
        deal[1 + j] = x[j];
        for (Object[] f : found) {
          deal[5 + j] += ((double[]) f[3])[j] / found.size();
        }
      }
      deals.computeIfAbsent(t.to(), e -> new ArrayList<>()).add(deal);
      deals.computeIfAbsent("org", e -> new ArrayList<>()).add(deal);
    }
    Map<String, Effect> out = new TreeMap<>();
    for (Map.Entry<String, long[]> e : unmatched.entrySet()) {
      List<double[]> ds = deals.getOrDefault(e.getKey(), List.of());
      int n = ds.size();
      if (n == 0) {
        out.put(e.getKey(), new Effect(0, e.getValue()[0], null, null, null, null, null));
        continue;
      }
      double mean = ds.stream().mapToDouble(v -> v[0]).sum() / n;
      double ss = ds.stream().mapToDouble(v -> (v[0] - mean) * (v[0] - mean)).sum();
      Double low = null;
      Double high = null;
      if (n >= 2 && ss > 0) {
        double half =
            new TDistribution(n - 1.0).inverseCumulativeProbability(0.975)
                * Math.sqrt(ss / (n - 1))
                / Math.sqrt(n);
        low = Math.max(-1, mean - half);
        high = Math.min(1, mean + half);
      }
      double[] treatedMean = new double[4];
      double[] candidateMean = new double[4];
      for (double[] v : ds) {
        for (int j = 0; j < 4; j++) {
          treatedMean[j] += v[1 + j] / n;
          candidateMean[j] += v[5 + j] / n;
        }
      }
      out.put(
          e.getKey(), new Effect(n, e.getValue()[0], mean, low, high, treatedMean, candidateMean));
    }
    return out;
  }

  /** amount, stage_days, pushes, age_days at t, each ln(1 + value) (CONTRACT §3). */
  double[] covariates(Opportunity o, Instant t) {
    List<Stage> rows = stages.get(o.id());
    int row = -1;
    for (int i = 0; i < rows.size() && !rows.get(i).at().isAfter(t); i++) {
      row = i;
    }
    int first = row;
    while (first > 0 && rows.get(first - 1).name().equals(rows.get(row).name())) {
      first--;
    }
    int pushes = 0;
    for (int i = 1; i <= row; i++) {
      String before = rows.get(i - 1).closeDate();
      String now = rows.get(i).closeDate();
      pushes += before != null && now != null && now.compareTo(before) > 0 ? 1 : 0;
    }
    return new double[] {
      Math.log1p(Math.max(0, rows.get(row).amount())),
      Math.log1p(days(rows.get(first).at(), t)),
      Math.log1p(pushes),
      Math.log1p(days(o.created(), t))
    };
  }

  private static double days(Instant from, Instant to) {
    return java.time.Duration.between(from, to).toMillis() / 86_400_000.0;
  }

  /** The owner at t: the new owner of the latest change at or before t, else … (CONTRACT §3). */
  private static String ownerAt(Opportunity o, List<OwnerChange> changes, Instant t) {
    OwnerChange latest = null;
    for (OwnerChange c : changes) {
      if (!c.at().isAfter(t)) {
        latest = c;
      }
    }
    if (latest != null) {
      return latest.to();
    }
    return changes.isEmpty() ? o.ownerId() : changes.get(0).from();
  }

  private Stage inForce(String opportunityId, Instant t) {
    Stage found = null;
    for (Stage s : stages.getOrDefault(opportunityId, List.of())) {
      if (!s.at().isAfter(t)) {
        found = s;
      }
    }
    return found;
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

  private int hops(String from, String to, Instant t) {
    String m = managerAt(from, t);
    for (int hops = 1; m != null && hops <= 3; hops++) {
      if (m.equals(to)) {
        return hops;
      }
      m = managerAt(m, t);
    }
    return 0;
  }

  /** Whether {@code upper} is somewhere above {@code lower} in the chain at t (a loop ends it). */
  private boolean inChain(String lower, String upper, Instant t) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String m = managerAt(lower, t); m != null && seen.add(m); m = managerAt(m, t)) {
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
    ContractRules rules = new ContractRules(dir);
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
      Instant endOfDay = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
      for (String a : who) {
        for (String b : who) {
          if (!a.equals(rules.managerAt(b, endOfDay))) {
            continue; // a one-to-one counts on a day the report ended reporting to the manager
          }
          String pair = a + "|" + b;
          long[] t = tally.computeIfAbsent(pair, k -> new long[2]);
          t[0]++;
          t[1] += minutes;
          last.merge(pair, day, (x, y) -> x.isAfter(y) ? x : y);
        }
      }
    }
    Map<String, Map<String, String>> out = new HashMap<>();
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
