package io.swoop.generate;

import static io.swoop.generate.Times.DAY;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The users of the synthetic org: a management tree of a few levels over first-line managers and
 * their teams, every rep seat with the reps who held it over time, and a system user for batch
 * jobs. Small enough to keep whole in memory at any scale.
 */
final class Org {
  static final int REP_SEATS_PER_SCALE = 250;
  static final int TEAM_SIZE = 8;
  static final int SPAN = 7;
  static final double MICRO_SHARE = 0.2;
  private static final double HIRE_DATE_KNOWN = 0.88;
  private static final double MICRO_TENURE_DAYS = 420;
  private static final double COACH_TENURE_DAYS = 1250;
  private static final double MOVE_SHARE = 0.06;
  private static final double EDITED_AFTER_LEAVING = 0.5;
  private static final double CLEARED_AFTER_LEAVING = 0.03;

  final List<Person> people = new ArrayList<>();

  /** Everyone with direct reports, top of the tree first. */
  final List<Person> managers = new ArrayList<>();

  final List<Team> teams = new ArrayList<>();
  final Person integration;

  /** The Salesforce administrator, who edits users' managers. */
  final Person admin;

  final int repSeats;

  private final SplittableRandom r;
  private final GenIds.Sequence userIds;
  private final GenIds.Sequence roleIds;
  private final long start;
  private final long limit;

  private Org(
      SplittableRandom r,
      GenIds.Sequence userIds,
      GenIds.Sequence roleIds,
      double scale,
      long start,
      long limit) {
    this.r = r;
    this.userIds = userIds;
    this.roleIds = roleIds;
    this.start = start;
    this.limit = limit;
    this.repSeats = Math.max(3, (int) Math.round(REP_SEATS_PER_SCALE * scale));

    admin = system("Sales Ops Admin", "Salesforce Administrator");
    integration = system("Integration User", "Integration");
    admin.roleId = roleIds.next();

    int nTeams = (repSeats + TEAM_SIZE - 1) / TEAM_SIZE;
    List<Integer> counts = new ArrayList<>();
    counts.add(nTeams);
    while (counts.get(counts.size() - 1) > 1) {
      counts.add((counts.get(counts.size() - 1) + SPAN - 1) / SPAN);
    }
    List<Person> above = List.of();
    for (int level = counts.size(); level >= 1; level--) {
      int n = counts.get(level - 1);
      List<Person> these = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Person boss = above.isEmpty() ? null : above.get((int) ((long) i * above.size() / n));
        these.add(leader(level, level == counts.size(), counts.size(), boss));
      }
      if (level <= 2) {
        markMicromanagers(these);
      }
      above = these;
    }
    buildTeams(above);
    planReorganisations();
    int[] sizes = seatsPerTeam(nTeams);
    for (Team team : teams) {
      for (int seat = 0; seat < sizes[team.index]; seat++) {
        team.seats.add(seat(team));
      }
    }
    editUsersWhoLeft();
    for (Person p : people) {
      if (!p.changes.isEmpty()) {
        p.lastModified = Math.max(p.lastModified, p.changes.get(p.changes.size() - 1).time());
      }
    }
  }

  static Org build(
      SplittableRandom r,
      GenIds.Sequence userIds,
      GenIds.Sequence roleIds,
      double scale,
      long start,
      long limit) {
    return new Org(r, userIds, roleIds, scale, start, limit);
  }

  private Person system(String name, String title) {
    Person p = new Person(userIds.next(), name, Person.SYSTEM);
    p.title = title;
    p.hire = Times.working(r, start - (6 * 365 + r.nextInt(365)) * DAY);
    p.created = p.hire;
    p.lastModified = Math.min(limit, Times.working(r, limit - r.nextInt(60) * DAY));
    people.add(p);
    return p;
  }

  private Person leader(int level, boolean top, int levels, Person boss) {
    Person p = new Person(userIds.next(), Words.personName(r), level);
    p.manager = boss;
    p.title = title(level, top, levels);
    p.roleId = roleIds.next();
    p.hire = Times.working(r, start - (365 + r.nextInt(6 * 365)) * DAY);
    dates(p);
    p.intensity = 0.75 + 0.5 * r.nextDouble();
    people.add(p);
    managers.add(p);
    return p;
  }

  private static String title(int level, boolean top, int levels) {
    if (top && level > 1) {
      return levels >= 4 ? "Chief Revenue Officer" : "VP of Sales";
    }
    switch (level) {
      case 1:
        return "Sales Manager";
      case 2:
        return "Sales Director";
      case 3:
        return "Regional Vice President";
      default:
        return "Area Vice President";
    }
  }

  private void markMicromanagers(List<Person> level) {
    int k = Math.max(1, (int) Math.round(MICRO_SHARE * level.size()));
    List<Person> pool = new ArrayList<>(level);
    for (int i = 0; i < k; i++) {
      int j = i + r.nextInt(pool.size() - i);
      Person chosen = pool.get(j);
      pool.set(j, pool.get(i));
      pool.set(i, chosen);
      chosen.micro = true;
    }
  }

  private int[] seatsPerTeam(int nTeams) {
    int[] sizes = new int[nTeams];
    for (int i = 0; i < repSeats; i++) {
      sizes[i % nTeams]++;
    }
    for (int k = 0; k < nTeams; k++) {
      int a = r.nextInt(nTeams);
      int b = r.nextInt(nTeams);
      if (a != b && sizes[a] > 5 && sizes[b] < 11) {
        sizes[a]--;
        sizes[b]++;
      }
    }
    return sizes;
  }

  private void buildTeams(List<Person> firstLine) {
    for (int t = 0; t < firstLine.size(); t++) {
      teams.add(new Team(t, firstLine.get(t), roleIds.next()));
    }
  }

  /**
   * Reorganisations of the teams: a micromanager swaps teams with a coaching manager (under another
   * director where there is one) and keeps micromanaging; a coaching manager leaves and a new hire
   * takes over the team the next working day. About one of each per 30 and 16 teams.
   */
  private void planReorganisations() {
    List<Team> micro = new ArrayList<>();
    List<Team> coach = new ArrayList<>();
    for (Team t : teams) {
      (t.manager.micro ? micro : coach).add(t);
    }
    int swaps = micro.isEmpty() || coach.isEmpty() ? 0 : Math.max(1, teams.size() / 30);
    for (int i = 0; i < swaps && !micro.isEmpty() && !coach.isEmpty(); i++) {
      Team a = micro.remove(r.nextInt(micro.size()));
      Team b = coach.get(r.nextInt(coach.size()));
      for (Team other : coach) {
        if (other.manager.manager != a.manager.manager) {
          b = other;
          break;
        }
      }
      coach.remove(b);
      long t = Times.working(r, start + (long) ((0.35 + 0.3 * r.nextDouble()) * (limit - start)));
      Person s = a.manager;
      Person c = b.manager;
      a.handovers.add(new Team.Handover(t, c));
      b.handovers.add(new Team.Handover(t, s));
      Person above = s.manager;
      s.changeManager(t, c.manager, admin);
      c.changeManager(t, above, admin);
    }
    int replacements = coach.isEmpty() || teams.size() < 2 ? 0 : Math.max(1, teams.size() / 16);
    for (int i = 0; i < replacements && !coach.isEmpty(); i++) {
      Team team = coach.remove(r.nextInt(coach.size()));
      Person leaving = team.manager;
      long left = Times.working(r, start + (long) ((0.3 + 0.4 * r.nextDouble()) * (limit - start)));
      leaving.end = left;
      leaving.lastModified = left;
      Person next = new Person(userIds.next(), Words.personName(r), 1);
      next.manager = leaving.manager;
      next.title = leaving.title;
      next.roleId = leaving.roleId;
      next.hire = Times.working(r, left - 45 * DAY); // hired to take over, weeks before
      dates(next);
      next.intensity = 0.75 + 0.5 * r.nextDouble();
      people.add(next);
      managers.add(next);
      team.handovers.add(new Team.Handover(Times.working(r, left + DAY), next));
    }
  }

  /**
   * The reps who held one seat. People leave sooner under a micromanager: the hazard of leaving
   * follows the manager of the moment, across a move to another team and a change of manager.
   */
  private List<Person> seat(Team team) {
    List<Person> seat = new ArrayList<>(2);
    long hire = Times.working(r, start - (30 + r.nextInt(4 * 365)) * DAY);
    long from = start;
    Person previous = null;
    while (true) {
      Person rep = new Person(userIds.next(), Words.personName(r), 0);
      rep.manager = team.managerAt(hire);
      rep.team = team;
      rep.roleId = team.repRoleId;
      rep.hire = hire;
      rep.title = hire < start - 2 * 365 * DAY ? "Senior Account Executive" : "Account Executive";
      Team to = null;
      long moveAt = Long.MAX_VALUE;
      if (teams.size() > 1 && r.nextDouble() < MOVE_SHARE) {
        long lo = Math.max(hire, start) + 90 * DAY;
        if (lo < limit - 60 * DAY) {
          moveAt = Times.working(r, lo + r.nextLong(limit - 60 * DAY - lo));
          to = teams.get((team.index + 1 + r.nextInt(teams.size() - 1)) % teams.size());
        }
      }
      long end = Times.working(r, departure(team, to, moveAt, from));
      if (end <= limit - DAY) {
        rep.end = end;
      }
      if (moveAt >= Math.min(rep.end, limit - DAY)) {
        to = null;
        moveAt = Long.MAX_VALUE;
      }
      for (Team.Handover h : team.handovers) {
        if (h.time() > hire && h.time() < Math.min(moveAt, rep.end)) {
          rep.changeManager(h.time(), h.manager(), admin);
        }
      }
      if (to != null) {
        rep.changeManager(moveAt, to.managerAt(moveAt), admin);
        for (Team.Handover h : to.handovers) {
          if (h.time() > moveAt && h.time() < rep.end) {
            rep.changeManager(h.time(), h.manager(), admin);
          }
        }
      }
      dates(rep);
      people.add(rep);
      team.reps.add(rep);
      seat.add(rep);
      if (previous != null) {
        previous.successor = rep;
      }
      previous = rep;
      if (!rep.departed()) {
        return seat;
      }
      long nextHire = Times.working(r, rep.end + (14 + r.nextInt(60)) * DAY);
      if (nextHire > limit - 5 * DAY) {
        return seat;
      }
      hire = nextHire;
      from = hire + 60 * DAY;
    }
  }

  /**
   * When a rep leaves: from {@code from} on, at a hazard of 1 / (mean tenure under the manager of
   * the moment) per day, the manager being {@code team}'s until {@code moveAt} and {@code to}'s
   * after.
   */
  private long departure(Team team, Team to, long moveAt, long from) {
    double hazard = exponential(1);
    long t = from;
    while (true) {
      Team in = t >= moveAt ? to : team;
      long next = t < moveAt ? moveAt : Long.MAX_VALUE;
      for (Team.Handover h : in.handovers) {
        if (h.time() > t && h.time() < next) {
          next = h.time();
        }
      }
      double mean = in.managerAt(t).micro ? MICRO_TENURE_DAYS : COACH_TENURE_DAYS;
      if (next == Long.MAX_VALUE || hazard <= (next - t) / (double) DAY / mean) {
        return t + (long) (hazard * mean * DAY);
      }
      hazard -= (next - t) / (double) DAY / mean;
      t = next;
    }
  }

  /**
   * Admins edit the managers of users who already left: after a manager was replaced, the reps who
   * had left that team are pointed at the new manager; a few others' manager is cleared. Their
   * LastModifiedDate is then the edit, not the departure.
   */
  private void editUsersWhoLeft() {
    for (Team team : teams) {
      for (Team.Handover h : team.handovers) {
        Person old = team.managerAt(h.time() - 1);
        if (!old.departed()) {
          continue;
        }
        long at = Times.working(r, h.time() + (20 + r.nextInt(40)) * DAY);
        for (Person rep : team.reps) {
          if (rep.departed()
              && rep.end < h.time()
              && rep.currentManager() == old
              && at < limit - DAY
              && r.nextDouble() < EDITED_AFTER_LEAVING) {
            rep.changeManager(at, h.manager(), admin);
            rep.lastModified = at;
          }
        }
      }
    }
    for (Team team : teams) {
      for (Person rep : team.reps) {
        long at = rep.end + (10 + r.nextInt(80)) * DAY;
        if (rep.departed()
            && rep.changes.stream().noneMatch(c -> c.time() > rep.end)
            && at < limit - DAY
            && r.nextDouble() < CLEARED_AFTER_LEAVING) {
          at = Times.working(r, at);
          if (at < limit - DAY) {
            rep.changeManager(at, null, admin);
            rep.lastModified = at;
          }
        }
      }
    }
  }

  /**
   * CreatedDate a few days before the hire; LastModifiedDate at the departure for those who left.
   */
  private void dates(Person p) {
    p.created = Times.working(r, p.hire - r.nextInt(7) * DAY - Times.DAY);
    p.hireDateKnown = r.nextDouble() < HIRE_DATE_KNOWN;
    p.lastModified =
        p.departed()
            ? p.end
            : Math.min(limit, Times.working(r, p.created + r.nextLong(limit - p.created)));
  }

  private double exponential(double mean) {
    return -mean * Math.log(1 - r.nextDouble());
  }
}
