package io.swoop.generate;

import io.swoop.config.SwoopConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One opportunity while its team is planned: its stage history (one entry per OpportunityHistory
 * row, strictly increasing in time) and its owner changes. Lives only until the team is written.
 */
final class Deal {
  /** The default {@code takeover.late_probability}. */
  static final int LATE_PROBABILITY = (int) SwoopConfig.LATE_PROBABILITY_DEFAULT;

  /** Rows of the history are kept at least this far apart, and owner changes this far from them. */
  static final long GAP = 2 * Times.MINUTE;

  final Team team;
  final Person creator;
  final String accountId;
  final String name;
  String id;
  boolean deleted;

  long[] time = new long[8];
  byte[] stage = new byte[8];
  byte[] probability = new byte[8];
  long[] cents = new long[8];
  int[] closeDay = new int[8];
  int rows;
  List<Change> changes = new ArrayList<>(0);

  /**
   * Whether the deal closed after a late stage: its closing row is written Closed Lost until the
   * outcome is decided ({@link #decide}), because a takeover changes the chance to win.
   */
  boolean outcomePending;

  /** The moment its manager reviewed it in a late stage, or -1 (see TeamPlanner#review). */
  long reviewAt = -1;

  /** How troubled it looked to its manager at the review, in [0, 1]. */
  double trouble;

  /** The chance to win without a takeover, set at the review. */
  double winProbability;

  /** The draw that decides the outcome: won when below the chance to win. */
  double draw;

  /** Whether a takeover (by the rules of CONTRACT §3) moved the deal. */
  boolean takenOver;

  Deal(Team team, Person creator, String accountId, String name) {
    this.team = team;
    this.creator = creator;
    this.accountId = accountId;
    this.name = name;
  }

  static boolean late(int probability) {
    return probability >= LATE_PROBABILITY && probability < 100;
  }

  /**
   * Appends a history row at t, or just after the previous row when t is too close to it. Returns
   * false, adding nothing, when that moment is after {@code limit}. A negative closeDay means the
   * date of the row itself (closing a deal sets its close date to the day it closed).
   */
  boolean add(long t, Stage s, int prob, long amountCents, int closeDay, long limit) {
    if (rows > 0 && t < time[rows - 1] + GAP) {
      t = time[rows - 1] + GAP + 60 + (t & 0x1ff);
    }
    if (t > limit) {
      return false;
    }
    if (rows == time.length) {
      int n = rows * 2;
      time = Arrays.copyOf(time, n);
      stage = Arrays.copyOf(stage, n);
      probability = Arrays.copyOf(probability, n);
      cents = Arrays.copyOf(cents, n);
      this.closeDay = Arrays.copyOf(this.closeDay, n);
    }
    time[rows] = t;
    stage[rows] = (byte) s.ordinal();
    probability[rows] = (byte) prob;
    cents[rows] = amountCents;
    this.closeDay[rows] = closeDay < 0 ? (int) Times.day(t) : closeDay;
    rows++;
    return true;
  }

  long created() {
    return time[0];
  }

  long lastTime() {
    return time[rows - 1];
  }

  Stage stage(int row) {
    return Stage.ALL[stage[row]];
  }

  Stage lastStage() {
    return stage(rows - 1);
  }

  boolean closed() {
    return lastStage().closed();
  }

  boolean won() {
    return lastStage() == Stage.CLOSED_WON;
  }

  /** The closing moment, or {@code Long.MAX_VALUE} while open. */
  long closeTime() {
    return closed() ? lastTime() : Long.MAX_VALUE;
  }

  /** The latest row with time ≤ t (the stage in force at t), or -1 before creation. */
  int rowAt(long t) {
    int lo = 0;
    int hi = rows - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (time[mid] <= t) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  boolean lateAt(long t) {
    int row = rowAt(t);
    return row >= 0 && late(probability[row]);
  }

  boolean nearHistory(long t, long margin) {
    int row = rowAt(t);
    return (row >= 0 && t - time[row] < margin) || (row + 1 < rows && time[row + 1] - t < margin);
  }

  int firstLateRow() {
    for (int i = 0; i < rows; i++) {
      if (late(probability[i])) {
        return i;
      }
    }
    return -1;
  }

  /** When the run of late rows starting at {@code row} ends, or {@code Long.MAX_VALUE}. */
  long lateRunEnd(int row) {
    for (int i = row + 1; i < rows; i++) {
      if (!late(probability[i])) {
        return time[i];
      }
    }
    return Long.MAX_VALUE;
  }

  /** When the deal first reaches a late or closed stage, or {@code Long.MAX_VALUE}. */
  long earlyEnd() {
    for (int i = 0; i < rows; i++) {
      if (late(probability[i]) || stage(i).closed()) {
        return time[i];
      }
    }
    return Long.MAX_VALUE;
  }

  /** Rows up to t whose close date is later than the row's before: the pushes of CONTRACT §3. */
  int pushesAt(long t) {
    int n = 0;
    for (int i = 1; i < rows && time[i] <= t; i++) {
      if (closeDay[i] > closeDay[i - 1]) {
        n++;
      }
    }
    return n;
  }

  /** Days from the start of the stage in force at t (its unbroken run of rows) to t. */
  double stageDaysAt(long t) {
    int row = rowAt(t);
    int first = row;
    while (first > 0 && stage[first - 1] == stage[row]) {
      first--;
    }
    return (t - time[first]) / (double) Times.DAY;
  }

  /**
   * Writes the outcome of a deal whose closing row waited for it: won when the draw is below the
   * chance to win, raised by {@code takeoverEffect} when it was taken over.
   */
  void decide(double takeoverEffect) {
    double p = winProbability + (takenOver ? takeoverEffect : 0);
    Stage end = draw < p ? Stage.CLOSED_WON : Stage.CLOSED_LOST;
    stage[rows - 1] = (byte) end.ordinal();
    probability[rows - 1] = (byte) end.probability;
    outcomePending = false;
  }

  Person ownerAt(long t) {
    Person owner = creator;
    for (Change c : changes) {
      if (c.time > t) {
        break;
      }
      owner = c.to;
    }
    return owner;
  }

  Person owner() {
    return changes.isEmpty() ? creator : changes.get(changes.size() - 1).to;
  }

  long lastChangeTime() {
    return changes.isEmpty() ? Long.MIN_VALUE : changes.get(changes.size() - 1).time;
  }
}
