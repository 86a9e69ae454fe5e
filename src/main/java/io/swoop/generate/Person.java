package io.swoop.generate;

/**
 * A user of the synthetic org: a rep (level 0), someone with reports (level 1 and up), or a system
 * user.
 */
final class Person {
  static final int SYSTEM = -1;

  final String id;
  final String name;
  final int level;
  Person manager;
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
