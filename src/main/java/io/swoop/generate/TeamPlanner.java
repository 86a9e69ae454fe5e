package io.swoop.generate;

import static io.swoop.generate.Times.DAY;
import static io.swoop.generate.Times.HOUR;
import static io.swoop.generate.Times.MINUTE;

import io.swoop.config.SwoopConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Plans every opportunity of one team: the deals its reps create, how they move through the stages,
 * and who owns them when; then classifies each owner change by the rules of CONTRACT §3. All of a
 * team's owner changes stay inside the team (its reps, its manager and the managers above), which
 * is what lets the bulk rule be counted on the team alone.
 */
final class TeamPlanner {
  // The org is planted against the rules as the default configuration states them.
  static final int BULK_MIN = SwoopConfig.BULK_MIN_DEFAULT;
  static final int DEPARTURE_DAYS = SwoopConfig.DEPARTURE_DAYS_DEFAULT;
  static final int MAX_LEVELS = SwoopConfig.MAX_LEVELS_DEFAULT;

  private static final double DEALS_PER_DAY = 0.085;
  private static final int ACCOUNTS_PER_SEAT = 30;
  private static final double COACH_TAKE_RATE = 0.002;
  private static final double DIRECTOR_TAKE_RATE = 0.03;
  private static final double RETURN_RATE = 0.35;
  private static final double DELETED_RATE = 0.005;
  private static final double CLEANUP_RATE = 0.35;
  private static final double LATE_CLOSE_FROM_PROPOSAL = 0.35;

  /** A late deal is reviewed within this many days of reaching its late stage. */
  private static final int REVIEW_DAYS = 60;

  /** Pushes and days in stage at which a deal looks as troubled as it gets. */
  private static final int TROUBLE_PUSHES = 2;

  private static final int TROUBLE_STAGE_DAYS = 21;

  /**
   * How much pushes weigh, against days in stage, in how troubled a deal looks to its manager and
   * in its chance to win. The chance to win rests mostly on pushes: they change little once a deal
   * is late, so the deals its team had in the same stage at a takeover show, in their pushes then,
   * how troubled they were at their own review (their days in stage show it less well).
   */
  private static final double PUSHES_IN_LOOK = 0.4;

  private static final double PUSHES_IN_WIN = 0.75;

  /** The highest chance that a manager takes a deal over at its review. */
  private static final double MAX_TAKE = 0.6;

  /** The chance to win, at the review, of a deal not in trouble and of one in the worst. */
  private static final double WIN_CALM = 0.78;

  private static final double WIN_TROUBLED = 0.38;

  private final Team team;
  private final SplittableRandom r;
  private final long start;
  private final long limit;
  private final Person integration;
  private final GenIds.Sequence opportunityIds;
  private final GenIds.Sequence accountIds;
  private final boolean edgeCases;
  private final double takeoverEffect;
  private boolean edgeCasesPlanted;

  /**
   * @param edgeCases whether to plant owner changes right at the thresholds of the rules (a mass
   *     transfer of exactly 10 deals; takeovers 30 and 31 days before the rep leaves)
   * @param takeoverEffect what a takeover adds to a deal's chance to win
   */
  TeamPlanner(
      Team team,
      SplittableRandom random,
      long start,
      long limit,
      Person integration,
      GenIds.Sequence opportunityIds,
      GenIds.Sequence accountIds,
      boolean edgeCases,
      double takeoverEffect) {
    this.team = team;
    this.takeoverEffect = takeoverEffect;
    this.edgeCases = edgeCases;
    this.r = random;
    this.start = start;
    this.limit = limit;
    this.integration = integration;
    this.opportunityIds = opportunityIds;
    this.accountIds = accountIds;
  }

  /**
   * Whether the threshold cases asked for were all planted (they need a suitable rep and deals).
   */
  boolean edgeCasesPlanted() {
    return edgeCasesPlanted;
  }

  List<Deal> plan() {
    List<Deal> deals = new ArrayList<>();
    for (List<Person> seat : team.seats) {
      String[] ids = new String[ACCOUNTS_PER_SEAT];
      String[] names = new String[ACCOUNTS_PER_SEAT];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = accountIds.next();
        names[i] = Words.account(r);
      }
      for (Person rep : seat) {
        createDeals(rep, ids, names, deals);
      }
    }
    deals.sort(Comparator.comparingLong(Deal::created));
    for (Deal d : deals) {
      d.id = opportunityIds.next();
      d.deleted = r.nextDouble() < DELETED_RATE;
      review(d);
    }
    if (team.index % 8 == 0 || r.nextDouble() < 0.04) {
      planBatch(deals, Batch.PARK);
    }
    if (team.index % 8 == 4 || r.nextDouble() < 0.03) {
      planBatch(deals, Batch.REALIGN);
    }
    if (edgeCases) {
      edgeCasesPlanted =
          planBatch(deals, Batch.TRANSFER_AT_THRESHOLD) && planDepartureThresholds(deals) == 2;
    }
    for (Deal d : deals) {
      planMoves(d);
    }
    for (Deal d : deals) {
      d.changes.sort(Comparator.comparingLong(c -> c.time));
      handOverBeforeDepartures(d);
    }
    planCleanups(deals);
    classify(deals);
    for (Deal d : deals) {
      d.takenOver = d.changes.stream().anyMatch(c -> c.kind == Change.Kind.TAKEOVER);
      if (d.outcomePending) {
        d.decide(takeoverEffect);
      }
    }
    return deals;
  }

  // ---- deals and their stage history ----

  private void createDeals(Person rep, String[] accountIds, String[] accountNames, List<Deal> out) {
    long from = Math.max(start, rep.hire + 10 * DAY);
    long to = Math.min(limit - DAY, rep.departed() ? rep.end - 20 * DAY : Long.MAX_VALUE);
    double gap = DAY / DEALS_PER_DAY;
    long t = from + (long) exponential(gap);
    while (t < to) {
      long created = Times.working(r, t);
      if (created >= to) {
        break;
      }
      int a = r.nextInt(accountIds.length);
      Deal d = new Deal(team, rep, accountIds[a], Words.opportunityName(r, accountNames[a]));
      simulate(d, created);
      out.add(d);
      t = created + (long) exponential(gap);
    }
  }

  private void simulate(Deal d, long created) {
    Stage s = r.nextDouble() < 0.2 ? Stage.QUALIFICATION : Stage.PROSPECTING;
    int p = s.probability;
    long cents = amount();
    int closeDay = (int) (Times.day(created) + 30 + r.nextInt(120));
    d.add(created, s, p, cents, closeDay, limit);
    double f = winFactor(d.creator, created);
    long t = created;
    while (true) {
      long next = Times.working(r, t + Math.max(HOUR, (long) exponential(s.meanDays * DAY)));
      // Reps push the close date when it passes; some deals just go stale.
      while (closeDay < Times.day(Math.min(next, limit)) && r.nextDouble() < 0.85) {
        long push =
            Times.working(r, Math.max(t + 10 * MINUTE, closeDay * DAY + r.nextLong(2 * DAY)));
        if (push >= next - 10 * MINUTE) {
          break;
        }
        closeDay = (int) Times.day(push) + 14 + r.nextInt(45);
        if (!d.add(push, s, p, cents, closeDay, limit)) {
          return;
        }
        t = d.lastTime();
      }
      if (next > limit) {
        return;
      }
      if (r.nextDouble() < 0.25) {
        long at = Times.working(r, t + (long) (r.nextDouble() * (next - t)));
        if (at > t + 10 * MINUTE && at < next - 10 * MINUTE) {
          cents =
              Math.max(100_000, Math.round(cents * (0.75 + 0.55 * r.nextDouble()) / 5_000) * 5_000);
          if (!d.add(at, s, p, cents, closeDay, limit)) {
            return;
          }
          t = d.lastTime();
        }
      }
      if (Deal.late(p)) {
        // From a late stage on, when and how the deal moves does not depend on whether it is
        // won: the outcome is written once the takeovers are known (Deal#decide).
        if (s == Stage.NEGOTIATION || r.nextDouble() < LATE_CLOSE_FROM_PROPOSAL) {
          d.outcomePending = d.add(next, Stage.CLOSED_LOST, 0, cents, -1, limit);
          return;
        }
        p = Stage.NEGOTIATION.probability;
        if (!d.add(next, Stage.NEGOTIATION, p, cents, closeDay, limit)) {
          return;
        }
        s = Stage.NEGOTIATION;
        t = d.lastTime();
        continue;
      }
      if (r.nextDouble() >= advanceRate(s, f)) {
        d.add(next, Stage.CLOSED_LOST, 0, cents, -1, limit);
        return;
      }
      Stage ns = s.next();
      if (ns.ordinal() < Stage.PROPOSAL.ordinal() && r.nextDouble() < 0.12) {
        ns = ns.next();
      }
      p = ns.probability;
      if (ns == Stage.PROPOSAL) {
        double u = r.nextDouble();
        p = u < 0.05 ? 70 : u < 0.10 ? 60 : p; // reps override the default probability
      }
      if (!d.add(next, ns, p, cents, closeDay, limit)) {
        return;
      }
      s = ns;
      t = d.lastTime();
    }
  }

  private static double advanceRate(Stage s, double f) {
    switch (s) {
      case PROSPECTING:
        return 0.72;
      case QUALIFICATION:
        return 0.8;
      case NEEDS_ANALYSIS:
      case VALUE_PROPOSITION:
        return 0.85;
      default:
        return 0.78 * f;
    }
  }

  /**
   * The review: at a moment drawn over the first {@value #REVIEW_DAYS} days of the deal's late
   * stages, its manager looks at it. How troubled it looks then (close date pushed, long in its
   * stage) makes a takeover at that moment likelier and the deal's chance to win lower, whoever
   * owns it. The outcome draw is made here, before any takeover is planned, so a takeover changes
   * the chance to win of each deal it moves by exactly the planted effect (common random numbers:
   * the same draw decides the deal with and without it).
   */
  private void review(Deal d) {
    int late = d.firstLateRow();
    if (late < 0) {
      return;
    }
    long a = d.time[late];
    long t = pick(d, a + HOUR, Math.min(d.lateRunEnd(late), a + REVIEW_DAYS * DAY));
    long at = t < 0 ? a : t;
    d.reviewAt = t;
    double pushes = Math.min(d.pushesAt(at), TROUBLE_PUSHES) / (double) TROUBLE_PUSHES;
    double stuck = Math.min(d.stageDaysAt(at), TROUBLE_STAGE_DAYS) / TROUBLE_STAGE_DAYS;
    d.trouble = PUSHES_IN_LOOK * pushes + (1 - PUSHES_IN_LOOK) * stuck;
    double odds = PUSHES_IN_WIN * pushes + (1 - PUSHES_IN_WIN) * stuck;
    d.winProbability =
        winFactor(d.creator, d.created()) * (WIN_CALM - (WIN_CALM - WIN_TROUBLED) * odds);
    d.draw = r.nextDouble();
  }

  /** Micromanaged teams win less, and less and less over the last six quarters. */
  private double winFactor(Person rep, long created) {
    Person manager = rep.managerAt(created);
    if (manager == null || !manager.micro) {
      return 1.0;
    }
    long closing = created + 60 * DAY;
    long declineFrom = limit - 540 * DAY;
    double progress = Math.max(0, Math.min(1, (closing - declineFrom) / (540.0 * DAY)));
    return 0.85 - 0.3 * progress;
  }

  private long amount() {
    double dollars = Math.exp(Math.log(25_000) + 0.9 * r.nextGaussian());
    long rounded = Math.max(1_000, Math.min(5_000_000, Math.round(dollars / 50) * 50));
    long cents = rounded * 100;
    return r.nextDouble() < 0.05 ? cents + 50 : cents;
  }

  // ---- owner changes ----

  /** Owner changes made many at a time: a batch job, or the manager's mass transfer. */
  enum Batch {
    /** At night, a job moves a rep's book (open and recently closed deals) to the manager. */
    PARK,
    /** At night, a job moves a rep's book to another rep of the team. */
    REALIGN,
    /**
     * During the day, the manager mass-transfers exactly {@value #BULK_MIN} of a rep's deals to
     * themselves: not more than the bulk threshold, so the late-stage ones are takeovers.
     */
    TRANSFER_AT_THRESHOLD
  }

  private boolean planBatch(List<Deal> deals, Batch kind) {
    for (int attempt = 0; attempt < 40; attempt++) {
      Person rep = team.reps.get(r.nextInt(team.reps.size()));
      long lo = Math.max(start, rep.hire) + 200 * DAY;
      long hi = Math.min(limit - 30 * DAY, rep.departed() ? rep.end - 60 * DAY : Long.MAX_VALUE);
      if (lo >= hi) {
        continue;
      }
      long day = Times.day(lo + r.nextLong(hi - lo));
      long at =
          kind == Batch.TRANSFER_AT_THRESHOLD
              ? (Times.working(r, day * DAY) / MINUTE) * MINUTE
              : Times.batchMinute(r, day);
      Person manager = rep.managerAt(at);
      if (manager == null || !manager.availableAt(at, 30)) {
        continue;
      }
      List<Deal> late = new ArrayList<>();
      List<Deal> book = new ArrayList<>();
      for (Deal d : deals) {
        if (d.creator == rep
            && !d.deleted
            && d.changes.isEmpty()
            && d.created() < at - 3 * HOUR
            && d.closeTime() > at - 180 * DAY
            && !d.nearHistory(at, 5 * MINUTE)) {
          (d.lateAt(at) ? late : book).add(d);
        }
      }
      book.addAll(0, late);
      Person to = kind == Batch.REALIGN ? peer(rep, at, 60) : manager;
      boolean enough =
          kind == Batch.TRANSFER_AT_THRESHOLD ? book.size() >= BULK_MIN : book.size() > BULK_MIN;
      if (!enough || (kind != Batch.REALIGN && late.isEmpty()) || to == null) {
        continue;
      }
      int size = kind == Batch.TRANSFER_AT_THRESHOLD ? BULK_MIN : Math.min(200, book.size());
      Person by = kind == Batch.TRANSFER_AT_THRESHOLD ? manager : integration;
      for (int k = 0; k < size; k++) {
        Deal d = book.get(k);
        d.changes.add(new Change(at + k / 4, rep, to, by));
        if (kind == Batch.PARK && d.closeTime() > at + 2 * DAY && r.nextDouble() < 0.6) {
          long t = pick(d, at + DAY, Math.min(d.closeTime(), at + 25 * DAY));
          Person x = t < 0 ? null : anyRep(t, 30);
          if (x != null) {
            d.changes.add(new Change(t, to, x, to));
          }
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Takeovers on either side of the hand-over threshold: by the manager exactly 30 days before the
   * rep leaves (a hand-over) and exactly 31 days before (a takeover). Returns how many were
   * planted.
   */
  private int planDepartureThresholds(List<Deal> deals) {
    int planted = 0;
    for (int offset : new int[] {DEPARTURE_DAYS, DEPARTURE_DAYS + 1}) {
      search:
      for (Person rep : team.reps) {
        if (!rep.departed()) {
          continue;
        }
        long day = rep.endDay() - offset;
        for (Deal d : deals) {
          if (d.creator != rep || d.deleted || !d.changes.isEmpty() || d.firstLateRow() < 0) {
            continue;
          }
          int late = d.firstLateRow();
          long lo = Math.max(day * DAY, d.time[late]);
          long hi = Math.min((day + 1) * DAY, d.lateRunEnd(late));
          long t = pick(d, lo, hi);
          Person manager = t > 0 ? rep.managerAt(t) : null;
          if (t > 0
              && Times.day(t) == day
              && d.lateAt(t)
              && rep.activeAt(t)
              && manager != null
              && manager.availableAt(t, 30)) {
            d.changes.add(new Change(t, rep, manager, manager));
            planted++;
            break search;
          }
        }
      }
    }
    return planted;
  }

  private void planMoves(Deal d) {
    if (d.deleted || !d.changes.isEmpty()) {
      return;
    }
    Person rep = d.creator;
    int late = d.firstLateRow();
    double u = r.nextDouble();
    if (late >= 0) {
      long a = d.time[late];
      long b = d.lateRunEnd(late);
      // Who takes a deal over is the rep's manager (or the manager's manager) at the review.
      long at = d.reviewAt >= 0 ? d.reviewAt : a;
      Person manager = rep.managerAt(at);
      Person director = manager == null ? null : manager.managerAt(at);
      if (manager == null || !manager.activeAt(at)) {
        manager = team.managerAt(at);
      }
      // Managers take over the deals that look troubled at the review more often.
      double lean = 0.2 + 2.4 * d.trouble;
      double byManager =
          Math.min(
              MAX_TAKE, lean * (manager.micro ? takeRate(manager, d.created()) : COACH_TAKE_RATE));
      double byDirector = director != null && director.micro ? lean * DIRECTOR_TAKE_RATE : 0;
      if (u < byManager) {
        takeover(d, manager, d.reviewAt);
        return;
      }
      if (u < byManager + byDirector) {
        takeover(d, director, d.reviewAt);
        return;
      }
      if (u < byManager + byDirector + 0.012) {
        toPeer(d, pick(d, a + HOUR, b));
        return;
      }
    }
    double v = r.nextDouble();
    if (v < 0.006) {
      toPeer(d, pick(d, d.created() + HOUR, d.closeTime()));
    } else if (v < 0.016) {
      long t = pick(d, d.created() + HOUR, d.earlyEnd());
      Person manager = t > 0 ? boss(rep, t) : null;
      if (t > 0 && rep.activeAt(t) && manager.activeAt(t)) {
        d.changes.add(new Change(t, rep, manager, manager));
        if (r.nextDouble() < 0.5) {
          long t2 = pick(d, t + DAY, d.closeTime());
          Person x = t2 < 0 ? null : anyRep(t2, 30);
          if (x != null && manager.activeAt(t2)) {
            d.changes.add(new Change(t2, manager, x, manager));
          }
        }
      }
    } else if (v < 0.026 && d.closed()) {
      long t = pick(d, d.closeTime() + DAY, d.closeTime() + 90 * DAY);
      Person manager = t > 0 ? boss(rep, t) : null;
      if (t > 0 && rep.activeAt(t) && manager.activeAt(t)) {
        Person to = r.nextDouble() < 0.7 ? manager : peer(rep, t, 0);
        if (to != null) {
          d.changes.add(new Change(t, rep, to, manager));
        }
      }
    }
  }

  /** Micromanagers take more and more as time goes on. */
  private double takeRate(Person manager, long created) {
    double progress = (created - start) / (double) (limit - start);
    return (0.2 + 0.3 * progress) * manager.intensity;
  }

  /** At t (none when negative) the boss takes the rep's deal, and may give it back later. */
  private void takeover(Deal d, Person boss, long t) {
    Person rep = d.creator;
    if (t < 0 || !rep.activeAt(t) || boss == null || !boss.activeAt(t)) {
      return;
    }
    d.changes.add(new Change(t, rep, boss, boss));
    if (r.nextDouble() < RETURN_RATE) {
      long until = d.closed() ? d.closeTime() + 20 * DAY : limit;
      long back = pick(d, t + 2 * DAY, until);
      if (back > 0 && rep.availableAt(back, 20) && boss.activeAt(back)) {
        d.changes.add(new Change(back, boss, rep, boss));
      }
    }
  }

  /** At t (none when negative) the manager gives the rep's deal to another rep of the team. */
  private void toPeer(Deal d, long t) {
    Person to = t < 0 || !d.creator.activeAt(t) ? null : peer(d.creator, t, 30);
    if (to != null) {
      d.changes.add(new Change(t, d.creator, to, boss(d.creator, t)));
    }
  }

  /**
   * Inactive users own no open deal: a few days before a rep leaves, every open deal they own goes
   * to their manager (sometimes a peer), and the manager may later give it to the rep hired into
   * the seat. Planned changes after such a hand-over are dropped.
   */
  private void handOverBeforeDepartures(Deal d) {
    if (d.deleted) {
      return;
    }
    List<Change> planned = d.changes;
    List<Change> kept = new ArrayList<>(planned.size());
    long openUntil = d.closeTime();
    Person owner = d.creator;
    long since = d.created();
    int i = 0;
    while (true) {
      Change next = i < planned.size() ? planned.get(i) : null;
      long until = Math.min(next == null ? Long.MAX_VALUE : next.time, openUntil);
      if (owner.end < until) {
        long h = handoverTime(d, owner, since, openUntil);
        Person to;
        if (owner.level > 0) {
          // A manager who leaves gives the deal back to its rep, else to the next manager.
          to =
              d.creator.availableAt(h, 30)
                  ? d.creator
                  : team.managerAt(Math.min(limit, owner.end + 2 * DAY));
        } else {
          to = r.nextDouble() < 0.8 ? null : peer(owner, h, 60);
          if (to == null) {
            to = boss(owner, h);
          }
        }
        if (to.end - h < 30 * DAY) {
          to = team.managerAt(Math.min(limit, to.end + 2 * DAY)); // the one leaving too
        }
        if (!staysAfter(to, h)) {
          to = upTheChain(owner, h); // the team's managers all leave or arrive around h
        }
        kept.add(new Change(h, owner, to, to.level > 0 ? to : boss(owner, h)));
        planned = new ArrayList<>(1);
        i = 0;
        Person successor = owner.successor;
        if (to.level > 0 && successor != null && r.nextDouble() < 0.5) {
          long t =
              pick(
                  d,
                  Math.max(successor.hire + 3 * DAY, h + HOUR),
                  Math.min(openUntil, successor.hire + 40 * DAY));
          if (t > 0 && successor.availableAt(t, 30) && to.activeAt(t)) {
            planned.add(new Change(t, to, successor, to));
          }
        }
        owner = to;
        since = h;
        continue;
      }
      if (next == null) {
        break;
      }
      i++;
      if (next.from == owner && next.time > since) {
        kept.add(next);
        owner = next.to;
        since = next.time;
      }
    }
    d.changes = kept;
  }

  /** Whether p is active at h and stays at least 30 days more (a hand-over's receiver). */
  private static boolean staysAfter(Person p, long h) {
    return p != null && p.activeAt(h) && p.end - h >= 30 * DAY;
  }

  /**
   * The nearest one up the chain at h, from the team's manager at h, who is not the leaving owner
   * and stays: when the team's own manager is leaving too and their successor is not yet there.
   */
  private Person upTheChain(Person owner, long h) {
    Set<Person> seen = new HashSet<>();
    for (Person m = team.managerAt(h); m != null && seen.add(m); m = m.managerAt(h)) {
      if (m != owner && staysAfter(m, h)) {
        return m;
      }
    }
    throw new IllegalStateException("no one to hand a deal of " + owner + " over to");
  }

  private long handoverTime(Deal d, Person owner, long since, long openUntil) {
    long hi =
        Math.min(
            owner.end - HOUR,
            openUntil == Long.MAX_VALUE ? Long.MAX_VALUE : openUntil - 10 * MINUTE);
    long lo = Math.max(since + 10 * MINUTE, owner.end - (1 + r.nextInt(8)) * DAY);
    long t = pick(d, lo, hi);
    for (long s = lo + Deal.GAP; t < 0 && s < hi - Deal.GAP; s += 5 * MINUTE) {
      if (!d.nearHistory(s, Deal.GAP)) {
        t = s;
      }
    }
    if (t < 0) {
      throw new IllegalStateException("no time to hand over opportunity " + d.id + " of " + owner);
    }
    return t;
  }

  /** Some time after a rep left, an admin job moves their closed deals to the manager. */
  private void planCleanups(List<Deal> deals) {
    for (Person rep : team.reps) {
      if (!rep.departed() || rep.end > limit - 21 * DAY || r.nextDouble() >= CLEANUP_RATE) {
        continue;
      }
      long at = Times.batchMinute(r, rep.endDay() + 2 + r.nextInt(18));
      int k = 0;
      for (Deal d : deals) {
        if (d.deleted || d.owner() != rep || k >= 200 || d.nearHistory(at, 5 * MINUTE)) {
          continue;
        }
        if (!d.closed() || d.lastChangeTime() >= at) {
          throw new IllegalStateException("opportunity " + d.id + " still with departed " + rep);
        }
        d.changes.add(new Change(at + k++ / 4, rep, boss(rep, at), integration));
      }
    }
  }

  // ---- the rules of CONTRACT §3 ----

  private record MinuteKey(Person from, Person to, long minute) {}

  private static void classify(List<Deal> deals) {
    Map<MinuteKey, Integer> perMinute = new HashMap<>();
    for (Deal d : deals) {
      for (Change c : d.changes) {
        perMinute.merge(
            new MinuteKey(c.from, c.to, Math.floorDiv(c.time, MINUTE)), 1, Integer::sum);
      }
    }
    for (Deal d : deals) {
      List<Change> changes = d.changes;
      for (int i = 0; i < changes.size(); i++) {
        Change c = changes.get(i);
        int row = d.rowAt(c.time);
        if (row < 0
            || d.nearHistory(c.time, MINUTE)
            || (i > 0 && changes.get(i - 1).time >= c.time)) {
          throw new IllegalStateException("owner change of " + d.id + " at an ambiguous moment");
        }
        int levels = levelsUp(c.from, c.to, c.time);
        if (d.stage(row).closed()) {
          c.kind = Change.Kind.AFTER_CLOSE;
        } else if (!Deal.late(d.probability[row])) {
          c.kind = Change.Kind.EARLY;
        } else if (levels == 0) {
          c.kind = below(c.to, c.from, c.time) ? Change.Kind.DOWN_CHAIN : Change.Kind.PEER;
        } else if (c.from.departed() && c.from.endDay() - Times.day(c.time) <= DEPARTURE_DAYS) {
          c.kind = Change.Kind.HANDOVER;
        } else if (perMinute.get(new MinuteKey(c.from, c.to, Math.floorDiv(c.time, MINUTE)))
            > BULK_MIN) {
          c.kind = Change.Kind.BULK;
        } else {
          c.kind = Change.Kind.TAKEOVER;
          c.levelsUp = levels;
          for (int j = i + 1; j < changes.size(); j++) {
            if (changes.get(j).to == c.from) {
              c.returnedAt = changes.get(j).time;
              break;
            }
          }
        }
      }
    }
  }

  /**
   * Hops from {@code from} up its management chain at t (CONTRACT §2.1) to {@code to}, or 0 beyond
   * {@link #MAX_LEVELS}.
   */
  static int levelsUp(Person from, Person to, long t) {
    Person m = from.managerAt(t);
    for (int hops = 1; m != null && hops <= MAX_LEVELS; hops++, m = m.managerAt(t)) {
      if (m == to) {
        return hops;
      }
    }
    return 0;
  }

  private static boolean below(Person lower, Person upper, long t) {
    int hops = 0;
    for (Person m = lower.managerAt(t); m != null && hops < 64; m = m.managerAt(t), hops++) {
      if (m == upper) {
        return true;
      }
    }
    return false;
  }

  /**
   * The manager who acts for a rep at t: their manager then, or the team's when that one has left
   * or there is none.
   */
  private Person boss(Person rep, long t) {
    Person m = rep.managerAt(t);
    return m != null && m.activeAt(t) ? m : team.managerAt(t);
  }

  // ---- helpers ----

  /** A working moment strictly inside (lo, hi), clear of the deal's history rows; -1 if none. */
  private long pick(Deal d, long lo, long hi) {
    hi = Math.min(hi, limit);
    if (hi - lo < 30 * MINUTE) {
      return -1;
    }
    for (int i = 0; i < 12; i++) {
      long t = Times.working(r, lo + r.nextLong(hi - lo));
      if (t > lo + Deal.GAP && t < hi - Deal.GAP && !d.nearHistory(t, Deal.GAP)) {
        return t;
      }
    }
    for (int i = 0; i < 12; i++) {
      long t = lo + Deal.GAP + r.nextLong(hi - lo - 2 * Deal.GAP);
      if (!d.nearHistory(t, Deal.GAP)) {
        return t;
      }
    }
    return -1;
  }

  /** Another rep of the team who can take a deal at t and stays {@code days} more, or null. */
  private Person peer(Person rep, long t, int days) {
    List<Person> candidates = new ArrayList<>();
    for (Person p : team.reps) {
      if (p != rep && p.availableAt(t, days)) {
        candidates.add(p);
      }
    }
    return candidates.isEmpty() ? null : candidates.get(r.nextInt(candidates.size()));
  }

  private Person anyRep(long t, int days) {
    return peer(null, t, days);
  }

  private double exponential(double mean) {
    return -mean * Math.log(1 - r.nextDouble());
  }
}
