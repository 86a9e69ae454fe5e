package io.swoop.generate;

/** One change of an opportunity's owner, and what the contract's rules make of it. */
final class Change {
  /**
   * The verdict of CONTRACT §3 on an owner change; for a non-takeover, the first rule that rejects
   * it.
   */
  enum Kind {
    TAKEOVER("takeover"),
    AFTER_CLOSE("after_close"),
    EARLY("early"),
    DOWN_CHAIN("down_chain"),
    PEER("peer"),
    HANDOVER("handover"),
    BULK("bulk");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  final long time;
  final Person from;
  final Person to;
  final Person by;
  Kind kind;
  int levelsUp;
  long returnedAt = -1;

  Change(long time, Person from, Person to, Person by) {
    this.time = time;
    this.from = from;
    this.to = to;
    this.by = by;
  }
}
