package io.swoop.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A user of the synthetic org: a rep (level 0), someone with reports (level 1 and up), or a system
 * user.
 */
final class Person {
  static final int SYSTEM = -1;

  final String id;
  final String name;
  final int level;

  /** The manager when the user was created; {@link #changes} follow. */
  Person manager;

  /** Changes of ManagerId in time order, each written to UserHistory. */
  final List<ManagerChange> changes = new ArrayList<>(0);

  Team team;
  String title;
  String roleId;
  long hire;
  long created;
  boolean hireDateKnown;

  /** Departure instant; {@code Long.MAX_VALUE} while active at the as-of date. */
  long end = Long.MAX_VALUE;

  long lastModified;
  boolean micro;
  double intensity = 1;

  /** The rep hired into the same seat after this one left. */
  Person successor;

  Person(String id, String name, int level) {
    this.id = id;
    this.name = name;
    this.level = level;
  }

  /** A change of ManagerId at {@code time} to {@code to} (null = none), made by {@code by}. */
  record ManagerChange(long time, Person to, Person by) {}

  /** The manager as of t, by the rule of CONTRACT §2.1 (null = none). */
  Person managerAt(long t) {
    Person m = manager;
    for (ManagerChange c : changes) {
      if (c.time() > t) {
        break;
      }
      m = c.to();
    }
    return m;
  }

  /** Today's ManagerId: the last change's, else the first manager. */
  Person currentManager() {
    return changes.isEmpty() ? manager : changes.get(changes.size() - 1).to();
  }

  void changeManager(long t, Person to, Person by) {
    if (!changes.isEmpty() && changes.get(changes.size() - 1).time() >= t) {
      throw new IllegalStateException("manager changes of " + this + " out of order");
    }
    if (to != currentManager()) {
      changes.add(new ManagerChange(t, to, by));
    }
  }

  boolean departed() {
    return end != Long.MAX_VALUE;
  }

  long endDay() {
    return Times.day(end);
  }

  boolean activeAt(long t) {
    return t >= hire && t < end;
  }

  /** Active at t, hired at least a week before, and staying at least {@code days} more. */
  boolean availableAt(long t, int days) {
    return t >= hire + 7 * Times.DAY && t < end && end - t > days * Times.DAY;
  }

  @Override
  public String toString() {
    return name + " (" + id + ")";
  }
}
