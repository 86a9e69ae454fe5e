package io.swoop.signals;

import io.swoop.model.CanonicalModel;
import io.swoop.model.ColumnNames;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * CONTRACT §3 {@code takeover_effect} written the slow, obvious way over the input rows collected
 * to the driver: every treated deal compared with every closed opportunity. The reference the Spark
 * search is checked against on generated orgs, and, with {@link Design#OLD}, the previous design
 * (controls from the whole org, matched on stage and amount only) that the planted-effect tests
 * show to be confounded. The manager of a user at a moment (CONTRACT §2.1) is given, not computed
 * here: the tests pass {@code ContractRules#managerAt}, which reads it from the exported files.
 */
final class NaiveTakeoverEffect {
  /** Which deals may be controls, and on what they are matched. */
  enum Design {
    /** Same team at t; the four covariates. */
    CONTRACT,
    /** Any team; the amount only. */
    OLD
  }

  /** A matched treated deal: won (y), its controls, and their shares won (c). */
  record Matched(
      String id, String entity, double y, double c, double[] treated, List<double[]> controls) {
    double d() {
      return y - c;
    }
  }

  /** Per entity ({@code "org"} for the org): its matched deals and the number unmatched. */
  record Entity(List<Matched> matched, int[] unmatched) {}

  private final Map<String, Boolean> closedWon = new HashMap<>();
  private final Map<String, Timestamp> created = new HashMap<>();
  private final Map<String, String> owner = new HashMap<>();
  private final BiFunction<String, Instant, String> managerAt;
  private final Map<String, History> historyOf = new HashMap<>();
  private final Map<String, Changes> changesOf = new HashMap<>();

  /**
   * An opportunity's history rows in order, one array per column read: the same rows as the
   * collected {@link Row}s, looked up by index instead of by column name in the loops below.
   */
  private record History(
      Timestamp[] createdDate, String[] stageName, Date[] closeDate, BigDecimal[] amount) {
    static History of(List<Row> rows) {
      int n = rows.size();
      History h = new History(new Timestamp[n], new String[n], new Date[n], new BigDecimal[n]);
      for (int i = 0; i < n; i++) {
        Row r = rows.get(i);
        h.createdDate[i] = r.getAs(ColumnNames.CREATED_DATE);
        h.stageName[i] = r.getAs(ColumnNames.STAGE_NAME);
        h.closeDate[i] = r.getAs(ColumnNames.CLOSE_DATE);
        h.amount[i] = r.getAs(ColumnNames.AMOUNT);
      }
      return h;
    }
  }

  /** An opportunity's owner changes in order, one array per column read. */
  private record Changes(Timestamp[] changedAt, String[] fromOwnerId, String[] toOwnerId) {
    static Changes of(List<Row> rows) {
      int n = rows.size();
      Changes c = new Changes(new Timestamp[n], new String[n], new String[n]);
      for (int i = 0; i < n; i++) {
        Row r = rows.get(i);
        c.changedAt[i] = r.getAs(ColumnNames.CHANGED_AT);
        c.fromOwnerId[i] = r.getAs(ColumnNames.FROM_OWNER_ID);
        c.toOwnerId[i] = r.getAs(ColumnNames.TO_OWNER_ID);
      }
      return c;
    }
  }

  private static final History NO_HISTORY =
      new History(new Timestamp[0], new String[0], new Date[0], new BigDecimal[0]);
  private static final Changes NO_CHANGES =
      new Changes(new Timestamp[0], new String[0], new String[0]);
  private final List<Row> takeovers;

  /**
   * @param managerAt the manager of a user (18-character Id) at a moment, null for none (CONTRACT
   *     §2.1)
   */
  NaiveTakeoverEffect(
      CanonicalModel model, Dataset<Row> takeovers, BiFunction<String, Instant, String> managerAt) {
    this.managerAt = managerAt;
    for (Row o : model.opportunities().collectAsList()) {
      String id = o.getAs(ColumnNames.OPPORTUNITY_ID);
      boolean won = Boolean.TRUE.equals(o.getAs(ColumnNames.IS_WON));
      if (Boolean.TRUE.equals(o.getAs(ColumnNames.IS_CLOSED)) || won) {
        closedWon.put(id, won);
      }
      created.put(id, o.getAs(ColumnNames.CREATED_DATE));
      owner.put(id, o.getAs(ColumnNames.OWNER_ID));
    }
    Comparator<Timestamp> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
    Comparator<Row> historyOrder =
        Comparator.comparing((Row h) -> (Timestamp) h.getAs(ColumnNames.CREATED_DATE))
            .thenComparing(h -> (Timestamp) h.getAs(ColumnNames.SYSTEM_MODSTAMP), nullsFirst)
            .thenComparing(h -> (String) h.getAs(ColumnNames.HISTORY_ID));
    groupSorted(model.opportunityHistory(), historyOrder)
        .forEach((id, rows) -> historyOf.put(id, History.of(rows)));
    Comparator<Row> changeOrder =
        Comparator.comparing((Row c) -> (Timestamp) c.getAs(ColumnNames.CHANGED_AT))
            .thenComparing(c -> (String) c.getAs(ColumnNames.TO_OWNER_ID))
            .thenComparing(c -> (String) c.getAs(ColumnNames.FROM_OWNER_ID));
    groupSorted(OwnerChanges.from(model.opportunityFieldHistory()), changeOrder)
        .forEach((id, rows) -> changesOf.put(id, Changes.of(rows)));
    this.takeovers = takeovers.collectAsList();
  }

  private static Map<String, List<Row>> groupSorted(Dataset<Row> rows, Comparator<Row> order) {
    Map<String, List<Row>> out =
        rows.collectAsList().stream()
            .collect(Collectors.groupingBy(r -> (String) r.getAs(ColumnNames.OPPORTUNITY_ID)));
    out.values().forEach(l -> l.sort(order));
    return out;
  }

  /** Per entity id (and {@code "org"}), the matched deals and the count of unmatched ones. */
  Map<String, Entity> compute(Design design, int k) {
    Map<String, Row> earliest = new TreeMap<>();
    Set<String> taken = new TreeSet<>();
    Comparator<Row> byTimeThenTaker =
        Comparator.comparing((Row r) -> (Timestamp) r.getAs(ColumnNames.CHANGED_AT))
            .thenComparing(r -> (String) r.getAs(ColumnNames.TO_OWNER_ID));
    for (Row t : takeovers) {
      String id = t.getAs(ColumnNames.OPPORTUNITY_ID);
      taken.add(id);
      Row e = earliest.get(id);
      if (e == null || byTimeThenTaker.compare(t, e) < 0) {
        earliest.put(id, t);
      }
    }
    // The closed opportunities that have history, as arrays looked up by index in the loop over
    // candidates, in the order of their first history row: those created after a moment have no
    // row in force then and end the loop. (The order of candidates does not matter: they are
    // sorted by distance, then Id.)
    String[] closedIds =
        closedWon.keySet().stream()
            .filter(id -> historyOf.getOrDefault(id, NO_HISTORY).createdDate().length > 0)
            .sorted(Comparator.comparing(id -> historyOf.get(id).createdDate()[0]))
            .toArray(String[]::new);
    History[] closedHistory = new History[closedIds.length];
    boolean[] isTaken = new boolean[closedIds.length];
    for (int j = 0; j < closedIds.length; j++) {
      closedHistory[j] = historyOf.get(closedIds[j]);
      isTaken[j] = taken.contains(closedIds[j]);
    }
    Map<String, Entity> out = new TreeMap<>();
    for (Row t : earliest.values()) {
      String id = t.getAs(ColumnNames.OPPORTUNITY_ID);
      if (!closedWon.containsKey(id)) {
        continue;
      }
      Timestamp at = t.getAs(ColumnNames.CHANGED_AT);
      String entity = t.getAs(ColumnNames.TO_OWNER_ID);
      String team = managerAt.apply(t.getAs(ColumnNames.FROM_OWNER_ID), at.toInstant());
      int row = inForce(id, at);
      double[] x = row < 0 ? null : covariates(id, row, at);
      String stage = row < 0 ? null : historyOf.get(id).stageName()[row];
      List<Object[]> candidates = new ArrayList<>();
      // Every closed opportunity is a candidate; the checks are the same whatever their order
      // (each only reads), the cheapest first. No stage, no candidate.
      for (int j = 0; stage != null && j < closedIds.length; j++) {
        if (closedHistory[j].createdDate()[0].after(at)) {
          break;
        }
        if (isTaken[j]) {
          continue;
        }
        String cid = closedIds[j];
        int cRow = inForce(closedHistory[j], at);
        if (cRow < 0 || !stage.equals(closedHistory[j].stageName()[cRow])) {
          continue;
        }
        if (design == Design.CONTRACT
            && (team == null || !team.equals(managerAt.apply(ownerAt(cid, at), at.toInstant())))) {
          continue;
        }
        double[] cx = covariates(cid, cRow, at);
        double dist = 0.0;
        for (int i = 0; i < (design == Design.CONTRACT ? 4 : 1); i++) {
          dist = dist + Math.abs(x[i] - cx[i]);
        }
        candidates.add(new Object[] {dist, cid, closedWon.get(cid), cx});
      }
      Entity e = out.computeIfAbsent(entity, n -> new Entity(new ArrayList<>(), new int[1]));
      Entity org = out.computeIfAbsent("org", n -> new Entity(new ArrayList<>(), new int[1]));
      if (candidates.isEmpty()) {
        e.unmatched()[0]++;
        org.unmatched()[0]++;
        continue;
      }
      candidates.sort(
          Comparator.comparing((Object[] c) -> (Double) c[0]).thenComparing(c -> (String) c[1]));
      List<Object[]> chosen = candidates.subList(0, Math.min(k, candidates.size()));
      double c = chosen.stream().filter(o -> (Boolean) o[2]).count() / (double) chosen.size();
      Matched m =
          new Matched(
              id,
              entity,
              closedWon.get(id) ? 1 : 0,
              c,
              x,
              chosen.stream().map(o -> (double[]) o[3]).toList());
      e.matched().add(m);
      org.matched().add(m);
    }
    return out;
  }

  /** The index of the history row of {@code id} in force at {@code at}, -1 when none. */
  private int inForce(String id, Timestamp at) {
    return inForce(historyOf.getOrDefault(id, NO_HISTORY), at);
  }

  /**
   * The index of the last row of {@code h} created at or before {@code at}, -1 when none. The rows
   * are in CreatedDate order, so the rows created after {@code at} are a tail, found by bisection.
   */
  private static int inForce(History h, Timestamp at) {
    Timestamp[] created = h.createdDate();
    int lo = 0;
    int hi = created.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (created[mid].after(at)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo - 1;
  }

  private String ownerAt(String id, Timestamp at) {
    Changes changes = changesOf.getOrDefault(id, NO_CHANGES);
    String latest = null;
    for (int i = 0; i < changes.changedAt().length; i++) {
      if (!changes.changedAt()[i].after(at)) {
        latest = changes.toOwnerId()[i];
      }
    }
    if (latest != null) {
      return latest;
    }
    return changes.changedAt().length == 0 ? owner.get(id) : changes.fromOwnerId()[0];
  }

  /** amount, stage_days, pushes, age_days at {@code at}, each ln(1 + value). */
  private double[] covariates(String id, int row, Timestamp at) {
    History h = historyOf.get(id);
    BigDecimal amount = h.amount()[row];
    int start = row;
    while (start > 0 && h.stageName()[start - 1].equals(h.stageName()[row])) {
      start--;
    }
    int pushes = 0;
    for (int i = 1; i <= row; i++) {
      Date before = h.closeDate()[i - 1];
      Date now = h.closeDate()[i];
      if (before != null && now != null && now.after(before)) {
        pushes++;
      }
    }
    return new double[] {
      Math.log1p(amount == null ? 0 : Math.max(0, amount.doubleValue())),
      Math.log1p(days(h.createdDate()[start], at)),
      Math.log1p(pushes),
      Math.log1p(days(created.get(id), at))
    };
  }

  private static double days(Timestamp from, Timestamp to) {
    long micros = (to.getTime() - from.getTime()) * 1000;
    return Math.max((double) micros / 86_400_000_000.0, 0.0);
  }
}
