package io.swoop.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A first-line team: its managers over time, and the seats of its reps; each seat holds its reps in
 * hiring order. A rep who moves to another team stays in the seat (and the team's planning) they
 * were hired into.
 */
final class Team {
  final int index;

  /** The first manager; {@link #handovers} follow. */
  final Person manager;

  final String repRoleId;
  final List<List<Person>> seats = new ArrayList<>();
  final List<Person> reps = new ArrayList<>();

  /** A new manager from {@code time} on. */
  record Handover(long time, Person manager) {}

  final List<Handover> handovers = new ArrayList<>(0);

  Team(int index, Person manager, String repRoleId) {
    this.index = index;
    this.manager = manager;
    this.repRoleId = repRoleId;
  }

  Person managerAt(long t) {
    Person m = manager;
    for (Handover h : handovers) {
      if (h.time() > t) {
        break;
      }
      m = h.manager();
    }
    return m;
  }
}
