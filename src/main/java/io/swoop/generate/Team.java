package io.swoop.generate;

import java.util.ArrayList;
import java.util.List;

/** A first-line manager and the seats of their reps; each seat holds its reps in hiring order. */
final class Team {
  final int index;
  final Person manager;
  final String repRoleId;
  final List<List<Person>> seats = new ArrayList<>();
  final List<Person> reps = new ArrayList<>();

  Team(int index, Person manager, String repRoleId) {
    this.index = index;
    this.manager = manager;
    this.repRoleId = repRoleId;
  }
}
