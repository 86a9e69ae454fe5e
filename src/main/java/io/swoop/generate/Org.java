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

  final List<Person> people = new ArrayList<>();

  /** Everyone with direct reports, top of the tree first. */
  final List<Person> managers = new ArrayList<>();

  final List<Team> teams = new ArrayList<>();
  final Person integration;
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

    Person admin = system("Sales Ops Admin", "Salesforce Administrator");
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
    buildTeams(above, seatsPerTeam(nTeams));
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

  private void buildTeams(List<Person> firstLine, int[] sizes) {
    for (int t = 0; t < firstLine.size(); t++) {
      Person manager = firstLine.get(t);
      Team team = new Team(t, manager, roleIds.next());
      for (int s = 0; s < sizes[t]; s++) {
        team.seats.add(seat(team));
      }
      teams.add(team);
    }
  }

  /** The reps who held one seat: people leave sooner under a micromanager. */
  private List<Person> seat(Team team) {
    double mean = team.manager.micro ? MICRO_TENURE_DAYS : COACH_TENURE_DAYS;
    List<Person> seat = new ArrayList<>(2);
    long hire = Times.working(r, start - (30 + r.nextInt(4 * 365)) * DAY);
    long end = Times.working(r, start + (long) (exponential(mean) * DAY));
    Person previous = null;
    while (true) {
      Person rep = new Person(userIds.next(), Words.personName(r), 0);
      rep.manager = team.manager;
      rep.team = team;
      rep.roleId = team.repRoleId;
      rep.hire = hire;
      rep.title = hire < start - 2 * 365 * DAY ? "Senior Account Executive" : "Account Executive";
      if (end <= limit - DAY) {
        rep.end = end;
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
      end = Times.working(r, hire + (long) (Math.max(60, exponential(mean)) * DAY));
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
