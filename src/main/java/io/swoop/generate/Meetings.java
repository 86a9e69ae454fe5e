package io.swoop.generate;

import static io.swoop.generate.Times.DAY;
import static io.swoop.generate.Times.HOUR;
import static io.swoop.generate.Times.MINUTE;

import io.swoop.config.SwoopConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The meetings between managers and their direct reports (CONTRACT §3 {@code coaching}): coaching
 * managers hold regular one-to-ones, planted micromanagers few or none; around them, the meetings a
 * real org has that are not one-to-ones by the rules (team meetings, customer meetings, all-day
 * events, declined or deleted invitations, deleted events) and the copies Salesforce keeps for
 * invitees (child events). Every one-to-one dated in the {@value #WINDOW_DAYS} days up to the as-of
 * date is counted into the truth, per manager and active direct report.
 */
final class Meetings {
  /** The window of the truth: the default {@code scorecard.window_days}. */
  static final int WINDOW_DAYS = SwoopConfig.WINDOW_DAYS_DEFAULT;

  private static final int[] COACH_MINUTES = {30, 45, 45, 60};
  private static final double COACH_WEEKLY = 0.5;
  private static final double COACH_HELD = 0.85;
  private static final double MICRO_NONE = 0.5;
  private static final double DELETED_EVENT = 0.03;
  private static final double DECLINED = 0.04;
  private static final double DELETED_RELATION = 0.02;
  private static final double CHILD_COPY = 0.3;
  private static final double ONLY_START_END = 0.1;
  private static final double OWNED_BY_REP = 0.25;
  private static final double NON_INVITEE_USER = 0.03;

  private final OrgWriter out;
  private final long start;
  private final long limit;
  private final long windowFirstDay;
  private final long lastDay;

  /** What the truth holds for one manager and direct report. */
  private static final class Tally {
    long count;
    long minutes;
    long lastDay = -1;
  }

  Meetings(OrgWriter out, long start, long limit) {
    this.out = out;
    this.start = start;
    this.limit = limit;
    this.lastDay = Times.day(limit);
    this.windowFirstDay = lastDay - WINDOW_DAYS + 1;
  }

  /** Writes every manager's meetings; {@code seed} gives each manager a stream of its own. */
  void write(Org org, long seed) throws IOException {
    Map<Person, List<Person>> reports = new LinkedHashMap<>();
    for (Person m : org.managers) {
      reports.put(m, new ArrayList<>());
    }
    for (Person p : org.people) {
      if (p.level == Person.SYSTEM) {
        continue;
      }
      List<Person> managers = new ArrayList<>();
      managers.add(p.manager);
      p.changes.forEach(c -> managers.add(c.to()));
      for (Person m : managers) {
        if (m != null && !reports.get(m).contains(p)) {
          reports.get(m).add(p);
        }
      }
    }
    int index = 0;
    for (Map.Entry<Person, List<Person>> e : reports.entrySet()) {
      SplittableRandom r = new SplittableRandom(SyntheticOrg.mix(seed, 5_000_000L + index++));
      Person manager = e.getKey();
      for (Person report : e.getValue()) {
        Tally t = new Tally();
        // Each stretch of time the report had this manager; a stretch that starts with a change
        // starts the next day, and one that ends with a change ends the day before, so that every
        // one-to-one falls on a day the report ended reporting to the manager (CONTRACT §3).
        long since = Long.MIN_VALUE;
        Person current = report.manager;
        for (int k = 0; k <= report.changes.size(); k++) {
          long until = k < report.changes.size() ? report.changes.get(k).time() : Long.MAX_VALUE;
          if (current == manager && since < until) {
            long from = since == Long.MIN_VALUE ? since : (Times.day(since) + 1) * DAY;
            long to = until == Long.MAX_VALUE ? until : Times.day(until) * DAY;
            t = pair(manager, report, from, to, r);
          }
          if (k < report.changes.size()) {
            current = report.changes.get(k).to();
            since = until;
          }
        }
        if (!report.departed() && report.currentManager() == manager) {
          out.coaching(
              manager.id,
              report.id,
              t.count,
              t.minutes,
              t.lastDay < 0 ? null : Times.date(t.lastDay));
        }
      }
      teamMeetings(manager, e.getValue(), r);
    }
  }

  /** One-to-ones of one manager and one report, and the look-alikes around them. */
  private Tally pair(Person m, Person rep, long since, long until, SplittableRandom r)
      throws IOException {
    Tally tally = new Tally();
    long from = Math.max(since, Math.max(start, Math.max(m.hire, rep.hire + 7 * DAY)));
    long to = Math.min(until, Math.min(limit, Math.min(m.end, rep.end)));
    if (from >= to) {
      return tally;
    }
    int weekday = r.nextInt(5);
    long timeOfDay = 14 * HOUR + r.nextInt(16) * 30 * MINUTE;
    int minutes;
    int everyWeeks;
    double held;
    if (m.micro) {
      boolean none = r.nextDouble() < MICRO_NONE;
      minutes = 20 + 5 * r.nextInt(3);
      everyWeeks = none ? -1 : 6 + r.nextInt(5);
      held = 0.6;
    } else {
      minutes = COACH_MINUTES[r.nextInt(COACH_MINUTES.length)];
      everyWeeks = r.nextDouble() < COACH_WEEKLY ? 1 : 2;
      held = COACH_HELD;
    }
    long firstDay = Times.day(from);
    while (Math.floorMod(firstDay + 3, 7) != weekday) {
      firstDay++;
    }
    for (long day = firstDay; everyWeeks > 0; day += 7L * everyWeeks) {
      long s = day * DAY + timeOfDay;
      if (s > to) {
        break;
      }
      if (r.nextDouble() >= held) {
        continue;
      }
      int length =
          Math.max(15, minutes + (r.nextDouble() < 0.2 ? (r.nextBoolean() ? 15 : -15) : 0));
      if (oneToOne(m, rep, s, length, from, r)) {
        long d = Times.day(s);
        if (d >= windowFirstDay && d <= lastDay) {
          tally.count++;
          tally.minutes += length;
          tally.lastDay = Math.max(tally.lastDay, d);
        }
      }
    }
    lookalikes(m, rep, from, to, r);
    return tally;
  }

  /** Writes one planned one-to-one; true when it counts as one by the rules. */
  private boolean oneToOne(Person m, Person rep, long s, int length, long from, SplittableRandom r)
      throws IOException {
    boolean byRep = r.nextDouble() < OWNED_BY_REP;
    Person owner = byRep ? rep : m;
    Person invitee = byRep ? m : rep;
    long created = created(s, from, r);
    double u = r.nextDouble();
    boolean deletedEvent = u < DELETED_EVENT;
    boolean declined = !deletedEvent && u < DELETED_EVENT + DECLINED;
    boolean deletedRelation =
        !deletedEvent && !declined && u < DELETED_EVENT + DECLINED + DELETED_RELATION;
    boolean duration = r.nextDouble() >= ONLY_START_END;
    String subject =
        byRep ? "1:1 " + rep.name + " / " + m.name : "1:1 " + m.name + " <> " + rep.name;
    String event =
        out.meeting(owner, null, s, length, duration, false, false, created, subject, deletedEvent);
    String status = declined ? "Declined" : r.nextDouble() < 0.8 ? "Accepted" : "New";
    out.relation(event, invitee.id, true, false, status, created, deletedEvent || deletedRelation);
    Person above = m.managerAt(s);
    if (r.nextDouble() < NON_INVITEE_USER && above != null) {
      // A user attached without an invitation (IsInvitee false) is not an attendee.
      out.relation(event, above.id, false, false, null, created, deletedEvent);
    }
    boolean counts = !deletedEvent && !declined && !deletedRelation;
    if (counts && r.nextDouble() < CHILD_COPY) {
      // The invitee's copy of the event: a child event, never counted again.
      out.meeting(invitee, null, s, length, duration, true, false, created, subject, false);
    }
    return counts;
  }

  /** Meetings of the two that are not one-to-ones: with a customer, and all-day events. */
  private void lookalikes(Person m, Person rep, long from, long to, SplittableRandom r)
      throws IOException {
    double years = (to - from) / (365.0 * DAY);
    int customer = OrgWriter.poisson(r, 3 * years);
    for (int k = 0; k < customer; k++) {
      long s = Times.working(r, from + r.nextLong(Math.max(1, to - from)));
      if (s > to) {
        continue;
      }
      long created = created(s, from, r);
      Person owner = r.nextBoolean() ? m : rep;
      Person invitee = owner == m ? rep : m;
      double u = r.nextDouble();
      String who = u < 0.4 ? out.contactId() : null;
      String event =
          out.meeting(owner, who, s, 60, true, false, false, created, "Customer meeting", false);
      out.relation(event, invitee.id, true, false, "Accepted", created, false);
      if (who == null) {
        String outside = u < 0.7 ? out.contactId() : out.leadId();
        out.relation(event, outside, true, false, "New", created, false);
      }
    }
    int allDay = OrgWriter.poisson(r, 2 * years);
    for (int k = 0; k < allDay; k++) {
      long day = Times.day(Times.working(r, from + r.nextLong(Math.max(1, to - from))));
      long s = day * DAY;
      if (s < from || s + DAY > limit) {
        continue;
      }
      long created = created(s, from, r);
      String event =
          out.meeting(m, null, s, 24 * 60, true, false, true, created, "Quarterly planning", false);
      out.relation(event, rep.id, true, false, "Accepted", created, false);
    }
  }

  /** Every other week, the manager meets all reports active then, when there are two or more. */
  private void teamMeetings(Person m, List<Person> reports, SplittableRandom r) throws IOException {
    long day = Times.day(Math.max(start, m.hire)) + r.nextInt(14);
    long timeOfDay = 15 * HOUR + r.nextInt(12) * 30 * MINUTE;
    for (; day * DAY + timeOfDay <= limit; day += 14) {
      if (Times.weekend(day)) {
        continue;
      }
      long s = day * DAY + timeOfDay;
      List<Person> present = new ArrayList<>();
      for (Person p : reports) {
        if (p.activeAt(s) && p.managerAt(s) == m) {
          present.add(p);
        }
      }
      if (!m.activeAt(s)) {
        continue;
      }
      if (present.size() < 2 || r.nextDouble() < 0.1) {
        continue;
      }
      long created = created(s, Math.max(start, m.hire), r);
      String event =
          out.meeting(m, null, s, 60, true, false, false, created, "Team meeting", false);
      for (Person p : present) {
        out.relation(event, p.id, true, false, "Accepted", created, false);
      }
    }
  }

  /** Booked up to two weeks ahead, never before {@code from}. */
  private static long created(long s, long from, SplittableRandom r) {
    return Math.max(Math.min(from, s), s - (1 + r.nextInt(14)) * DAY + r.nextInt(3600));
  }
}
