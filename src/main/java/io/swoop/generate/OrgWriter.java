package io.swoop.generate;

import static io.swoop.generate.Times.DAY;
import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.EFFECT;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.FROM_OWNER_ID;
import static io.swoop.model.ColumnNames.LAST_ONE_TO_ONE;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.LEVELS_UP;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.MINUTES;
import static io.swoop.model.ColumnNames.ONE_TO_ONES;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.OUTCOME;
import static io.swoop.model.ColumnNames.PROBABILITY;
import static io.swoop.model.ColumnNames.REP_ID;
import static io.swoop.model.ColumnNames.RETURNED_AT;
import static io.swoop.model.ColumnNames.STAGE_NAME;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;

import io.swoop.model.FieldSpec;
import io.swoop.model.SfObject;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** The export files and the ground truth, written row by row as each team is planned. */
final class OrgWriter implements Closeable {
  // The export headers: every standard field swoop reads, as SfObject lists them, less those the
  // generator leaves out, then fields swoop does not read (or reads only when configured).
  static final List<String> USER = header(SfObject.USER, Set.of(), "Hire_Date__c", "Email");
  static final List<String> OPPORTUNITY = header(SfObject.OPPORTUNITY, Set.of(), "Type");
  static final List<String> OPPORTUNITY_HISTORY = header(SfObject.OPPORTUNITY_HISTORY, Set.of());
  static final List<String> OPPORTUNITY_FIELD_HISTORY =
      header(SfObject.OPPORTUNITY_FIELD_HISTORY, Set.of());
  static final List<String> TASK = header(SfObject.TASK, Set.of("DurationInMinutes"), "Status");
  static final List<String> EVENT = header(SfObject.EVENT, Set.of("EventSubtype"));
  static final List<String> EVENT_RELATION = header(SfObject.EVENT_RELATION, Set.of());

  /** UserHistory, as Salesforce exports a field history object (CONTRACT §2). */
  static final List<String> USER_HISTORY =
      List.of(
          "Id",
          "UserId",
          "Field",
          "OldValue",
          "NewValue",
          "CreatedDate",
          "CreatedById",
          "DataType",
          "IsDeleted");

  static final List<String> COACHING =
      List.of(MANAGER_ID, REP_ID, ONE_TO_ONES, MINUTES, LAST_ONE_TO_ONE);
  static final List<String> PLANTED_TAKEOVERS =
      List.of(
          OPPORTUNITY_ID,
          CHANGED_AT,
          FROM_OWNER_ID,
          TO_OWNER_ID,
          LEVELS_UP,
          RETURNED_AT,
          STAGE_NAME,
          PROBABILITY,
          AMOUNT,
          OUTCOME);
  static final List<String> LOOKALIKES =
      List.of(OPPORTUNITY_ID, CHANGED_AT, "kind", FROM_OWNER_ID, TO_OWNER_ID);
  static final List<String> MANAGERS =
      List.of(MANAGER_ID, "name", "planted_micromanager", "level", "title");
  static final List<String> TAKEOVER_EFFECT =
      List.of(LEVEL, ENTITY_ID, EFFECT, "treated_deals", "realised_effect");
  static final List<String> TAKEOVER_OUTCOMES =
      List.of(
          OPPORTUNITY_ID,
          MANAGER_ID,
          CHANGED_AT,
          "trouble",
          "win_probability_untaken",
          "win_probability_taken",
          "won_untaken",
          "won_taken");

  private static final double MICRO_EDIT_SHARE = 0.35;
  private static final double COACH_EDIT_SHARE = 0.03;
  private static final double MICRO_ACTIVITY_SHARE = 0.55;
  private static final double COACH_ACTIVITY_SHARE = 0.05;
  private static final double SHORT_ID_SHARE = 0.2;
  private static final int[] DURATIONS = {30, 45, 60, 60, 90, 120};

  private final CsvOut users;
  private final CsvOut userHistory;
  private final CsvOut opportunities;
  private final CsvOut history;
  private final CsvOut fieldHistory;
  private final CsvOut tasks;
  private final CsvOut events;
  private final CsvOut eventRelations;
  private final CsvOut takeovers;
  private final CsvOut lookalikes;
  private final CsvOut managers;
  private final CsvOut coaching;
  private final CsvOut takeoverEffect;
  private final CsvOut takeoverOutcomes;
  private final List<CsvOut> all;
  private final SyntheticOrg.Ids ids;
  private final long limit;
  private final double effect;
  private Person admin;

  /** Per manager who took treated deals: how many, and the sum of won_taken − won_untaken. */
  private final Map<String, long[]> treated = new TreeMap<>();

  private final Map<Change.Kind, Long> kinds = new EnumMap<>(Change.Kind.class);

  /**
   * The header of {@code object}'s export: the API names of its fields in {@link SfObject}'s order,
   * without {@code leftOut}, then {@code extra}.
   */
  private static List<String> header(SfObject object, Set<String> leftOut, String... extra) {
    List<String> out = new ArrayList<>();
    for (FieldSpec f : object.fields()) {
      if (!leftOut.contains(f.apiName())) {
        out.add(f.apiName());
      }
    }
    if (out.size() + leftOut.size() != object.fields().size()) {
      throw new IllegalStateException(object.apiName() + " has no field among " + leftOut);
    }
    out.addAll(List.of(extra));
    return List.copyOf(out);
  }

  OrgWriter(Path dir, SyntheticOrg.Ids ids, long limit, double takeoverEffect) throws IOException {
    this.ids = ids;
    this.limit = limit;
    this.effect = takeoverEffect;
    Path truth = dir.resolve(SyntheticOrg.TRUTH_DIR);
    users = new CsvOut(dir.resolve("User.csv"), USER);
    userHistory = new CsvOut(dir.resolve("UserHistory.csv"), USER_HISTORY);
    opportunities = new CsvOut(dir.resolve("Opportunity.csv"), OPPORTUNITY);
    history = new CsvOut(dir.resolve("OpportunityHistory.csv"), OPPORTUNITY_HISTORY);
    fieldHistory =
        new CsvOut(dir.resolve("OpportunityFieldHistory.csv"), OPPORTUNITY_FIELD_HISTORY);
    tasks = new CsvOut(dir.resolve("Task.csv"), TASK);
    events = new CsvOut(dir.resolve("Event.csv"), EVENT);
    eventRelations = new CsvOut(dir.resolve("EventRelation.csv"), EVENT_RELATION);
    takeovers = new CsvOut(truth.resolve("planted_takeovers.csv"), PLANTED_TAKEOVERS);
    lookalikes = new CsvOut(truth.resolve("lookalikes.csv"), LOOKALIKES);
    managers = new CsvOut(truth.resolve("managers.csv"), MANAGERS);
    coaching = new CsvOut(truth.resolve("coaching.csv"), COACHING);
    this.takeoverEffect = new CsvOut(truth.resolve("takeover_effect.csv"), TAKEOVER_EFFECT);
    takeoverOutcomes = new CsvOut(truth.resolve("takeover_outcomes.csv"), TAKEOVER_OUTCOMES);
    all =
        List.of(
            users,
            opportunities,
            history,
            fieldHistory,
            tasks,
            events,
            eventRelations,
            userHistory,
            takeovers,
            lookalikes,
            managers,
            coaching,
            this.takeoverEffect,
            takeoverOutcomes);
  }

  void writeUsers(Org org, SplittableRandom r) throws IOException {
    admin = org.admin;
    int n = 0;
    for (Person p : org.people) {
      Person current = p.currentManager();
      users.row(
          p.id,
          p.name,
          current == null ? null : current.id,
          bool(!p.departed()),
          Times.timestamp(p.created),
          Times.timestamp(p.lastModified),
          p.roleId,
          p.title,
          p.hireDateKnown && p.level != Person.SYSTEM ? Times.date(Times.day(p.hire)) : null,
          Words.email(p.name, ++n));
    }
    for (Person p : org.managers) {
      managers.row(p.id, p.name, bool(p.micro), Integer.toString(p.level), p.title);
    }
    for (Person p : org.people) {
      writeUserHistory(p, r);
    }
  }

  /**
   * A user's field history: each change of ManagerId as the two rows Salesforce writes for a lookup
   * (user Ids, sometimes 15-character, or empty; and names), and the deactivation of one who left.
   */
  private void writeUserHistory(Person p, SplittableRandom r) throws IOException {
    List<FieldRow> rows = new ArrayList<>();
    Person old = p.manager;
    for (Person.ManagerChange c : p.changes) {
      Person to = c.to();
      FieldRow idRow =
          new FieldRow(
              c.time(),
              "Manager",
              old == null ? null : someForm(old.id, r),
              to == null ? null : someForm(to.id, r),
              c.by(),
              "EntityId");
      FieldRow nameRow =
          new FieldRow(
              c.time(),
              "Manager",
              old == null ? null : old.name,
              to == null ? null : to.name,
              c.by(),
              "Text");
      boolean idFirst = r.nextBoolean();
      rows.add(idFirst ? idRow : nameRow);
      rows.add(idFirst ? nameRow : idRow);
      old = to;
    }
    if (p.departed()) {
      rows.add(new FieldRow(p.end, "IsActive", "true", "false", admin, "Boolean"));
    }
    writeFieldRows(userHistory, p.id, rows, "false");
  }

  void writeDeals(List<Deal> deals, SplittableRandom r) throws IOException {
    for (Deal d : deals) {
      Person[] editors = editors(d, r);
      writeOpportunity(d, r);
      writeHistory(d, editors);
      writeFieldHistory(d, editors, r);
      writeActivities(d, r);
      writeTruth(d);
    }
  }

  /**
   * Who wrote each history row: the owner then, or a micromanager editing a deal they do not own.
   */
  private static Person[] editors(Deal d, SplittableRandom r) {
    Person[] editors = new Person[d.rows];
    for (int i = 0; i < d.rows; i++) {
      Person owner = d.ownerAt(d.time[i]);
      Person manager = managerOf(d, d.time[i]);
      double share = manager.micro ? MICRO_EDIT_SHARE : COACH_EDIT_SHARE;
      boolean byManager =
          i > 0 && owner != manager && Deal.late(d.probability[i]) && r.nextDouble() < share;
      editors[i] = byManager ? manager : owner;
    }
    return editors;
  }

  private void writeOpportunity(Deal d, SplittableRandom r) throws IOException {
    int last = d.rows - 1;
    long modified = Math.max(d.lastTime(), d.lastChangeTime());
    if (d.deleted) {
      modified = Math.min(limit, modified + DAY + r.nextLong(30 * DAY));
    }
    long modstamp =
        r.nextDouble() < 0.3 ? Math.min(limit, modified + r.nextLong(3 * DAY)) : modified;
    opportunities.row(
        d.id,
        d.owner().id,
        d.lastStage().label,
        money(d.cents[last]),
        Integer.toString(d.probability[last]),
        Times.date(d.closeDay[last]),
        bool(d.closed()),
        bool(d.won()),
        Times.timestamp(d.created()),
        bool(d.deleted),
        d.name,
        d.accountId,
        "USD",
        Times.timestamp(modified),
        Times.timestamp(modstamp),
        r.nextDouble() < 0.7 ? "New Business" : "Existing Business");
  }

  private void writeHistory(Deal d, Person[] editors) throws IOException {
    String deleted = bool(d.deleted);
    for (int i = 0; i < d.rows; i++) {
      String at = Times.timestamp(d.time[i]);
      history.row(
          ids.history().next(),
          d.id,
          d.stage(i).label,
          Integer.toString(d.probability[i]),
          money(d.cents[i]),
          Times.date(d.closeDay[i]),
          at,
          editors[i].id,
          d.stage(i).forecastCategory,
          deleted,
          at);
    }
  }

  private record FieldRow(
      long time, String field, String oldValue, String newValue, Person by, String type) {}

  /**
   * Tracked field changes; an owner change is the two rows Salesforce writes for a lookup, one with
   * user Ids (sometimes 15-character) and one with names, in either order.
   */
  private void writeFieldHistory(Deal d, Person[] editors, SplittableRandom r) throws IOException {
    List<FieldRow> rows = new ArrayList<>(d.rows * 2 + d.changes.size() * 2);
    rows.add(new FieldRow(d.created(), "created", null, null, d.creator, "Text"));
    for (int i = 1; i < d.rows; i++) {
      long t = d.time[i];
      if (d.stage[i] != d.stage[i - 1]) {
        rows.add(
            new FieldRow(
                t, "StageName", d.stage(i - 1).label, d.stage(i).label, editors[i], "Picklist"));
      }
      if (d.cents[i] != d.cents[i - 1]) {
        rows.add(
            new FieldRow(
                t, "Amount", money(d.cents[i - 1]), money(d.cents[i]), editors[i], "Currency"));
      }
      if (d.closeDay[i] != d.closeDay[i - 1]) {
        rows.add(
            new FieldRow(
                t,
                "CloseDate",
                Times.date(d.closeDay[i - 1]),
                Times.date(d.closeDay[i]),
                editors[i],
                "Date"));
      }
    }
    for (Change c : d.changes) {
      FieldRow idRow =
          new FieldRow(
              c.time, "Owner", someForm(c.from.id, r), someForm(c.to.id, r), c.by, "EntityId");
      FieldRow nameRow = new FieldRow(c.time, "Owner", c.from.name, c.to.name, c.by, "Text");
      boolean idFirst = r.nextBoolean();
      rows.add(idFirst ? idRow : nameRow);
      rows.add(idFirst ? nameRow : idRow);
    }
    writeFieldRows(fieldHistory, d.id, rows, bool(d.deleted));
  }

  /**
   * A field history file's rows of one record (OpportunityFieldHistory, UserHistory), in time
   * order.
   */
  private void writeFieldRows(CsvOut out, String parentId, List<FieldRow> rows, String deleted)
      throws IOException {
    rows.sort(Comparator.comparingLong(FieldRow::time));
    for (FieldRow row : rows) {
      out.row(
          ids.fieldHistory().next(),
          parentId,
          row.field(),
          row.oldValue(),
          row.newValue(),
          Times.timestamp(row.time()),
          row.by().id,
          row.type(),
          deleted);
    }
  }

  /** Calls, emails and meetings while the deal is open; micromanagers log many on late deals. */
  private void writeActivities(Deal d, SplittableRandom r) throws IOException {
    long from = d.created();
    long to = Math.min(limit, d.closed() ? d.closeTime() + 3 * DAY : limit);
    double days = (to - from) / (double) DAY;
    int nTasks = poisson(r, Math.min(60, days / 7 + 1));
    for (int k = 0; k < nTasks; k++) {
      long t = Times.working(r, from + r.nextLong(Math.max(1, to - from)));
      if (t > limit) {
        continue;
      }
      Person owner = activityOwner(d, t, r);
      long due = Times.day(t) + (r.nextDouble() < 0.6 ? 0 : 1 + r.nextInt(6));
      String type = pickType(r);
      tasks.row(
          ids.task().next(),
          someForm(d.id, r),
          owner.id,
          Times.date(due),
          Times.timestamp(t),
          creator(d, owner, t, r).id,
          Words.taskSubject(r),
          type,
          type.equals("Call") ? "Call" : type.equals("Email") ? "Email" : "Task",
          bool(d.deleted || r.nextDouble() < 0.003),
          due <= Times.day(limit) ? "Completed" : "Not Started");
    }
    if (r.nextDouble() < 0.05) {
      long t = Times.working(r, from + r.nextLong(Math.max(1, to - from)));
      if (t <= limit) {
        Person owner = activityOwner(d, t, r);
        tasks.row(
            ids.task().next(),
            someForm(d.accountId, r),
            owner.id,
            Times.date(Times.day(t)),
            Times.timestamp(t),
            owner.id,
            "Account review, " + Words.taskSubject(r),
            "Other",
            "Task",
            "false",
            "Completed");
      }
    }
    int nEvents = poisson(r, Math.min(20, days / 20 + 0.5));
    for (int k = 0; k < nEvents; k++) {
      long t = Times.working(r, from + r.nextLong(Math.max(1, to - from)));
      if (t > limit) {
        continue;
      }
      Person owner = activityOwner(d, t, r);
      String id = ids.event().next();
      String what = someForm(d.id, r);
      long day = Times.day(t) + 1 + r.nextInt(10);
      String creator = creator(d, owner, t, r).id;
      String subject = Words.eventSubject(r);
      String type = r.nextDouble() < 0.8 ? "Meeting" : "Call";
      int minutes = DURATIONS[r.nextInt(DURATIONS.length)];
      String deleted = bool(d.deleted || r.nextDouble() < 0.003);
      // Held on its ActivityDate at the hour it was booked.
      long startsAt = day * DAY + (t - Times.day(t) * DAY);
      events.row(
          id,
          what,
          owner.id,
          Times.date(day),
          Times.timestamp(t),
          creator,
          subject,
          type,
          Integer.toString(minutes),
          deleted,
          null,
          "false",
          "false",
          Times.timestamp(startsAt),
          Times.timestamp(startsAt + minutes * Times.MINUTE));
      // The deal, as Salesforce lists an event's What among its relations.
      eventRelations.row(
          ids.eventRelation().next(), id, d.id, "false", "true", null, deleted, Times.timestamp(t));
    }
  }

  /** The manager of the deal's rep at t, or the team's when the rep has none then. */
  private static Person managerOf(Deal d, long t) {
    Person m = d.creator.managerAt(t);
    return m != null ? m : d.team.managerAt(t);
  }

  private static Person activityOwner(Deal d, long t, SplittableRandom r) {
    Person manager = managerOf(d, t);
    Person owner = d.ownerAt(t);
    if (owner != manager && d.lateAt(t)) {
      double share = manager.micro ? MICRO_ACTIVITY_SHARE : COACH_ACTIVITY_SHARE;
      if (r.nextDouble() < share) {
        return manager;
      }
      Person director = manager.managerAt(t);
      if (director != null && director.micro && r.nextDouble() < 0.05) {
        return director;
      }
    }
    return owner.activeAt(t) ? owner : manager;
  }

  private static Person creator(Deal d, Person owner, long t, SplittableRandom r) {
    Person manager = managerOf(d, t);
    return owner != manager && r.nextDouble() < 0.05 ? manager : owner;
  }

  private void writeTruth(Deal d) throws IOException {
    for (Change c : d.changes) {
      kinds.merge(c.kind, 1L, Long::sum);
      String at = Times.timestamp(c.time);
      if (c.kind == Change.Kind.TAKEOVER) {
        int row = d.rowAt(c.time);
        takeovers.row(
            d.id,
            at,
            c.from.id,
            c.to.id,
            Integer.toString(c.levelsUp),
            c.returnedAt < 0 ? null : Times.timestamp(c.returnedAt),
            d.stage(row).label,
            Integer.toString(d.probability[row]),
            money(d.cents[row]),
            d.won() ? "won" : d.closed() ? "lost" : "open");
      } else {
        lookalikes.row(d.id, at, c.kind.label, c.from.id, c.to.id);
      }
    }
    if (d.takenOver && d.closed() && !d.deleted) {
      Change first =
          d.changes.stream().filter(c -> c.kind == Change.Kind.TAKEOVER).findFirst().get();
      double untaken = d.winProbability;
      double taken = d.winProbability + effect;
      boolean wonUntaken = d.draw < untaken;
      boolean wonTaken = d.draw < taken;
      if (wonTaken != d.won()) {
        throw new IllegalStateException("outcome of " + d.id + " not decided by its draw");
      }
      takeoverOutcomes.row(
          d.id,
          first.to.id,
          Times.timestamp(first.time),
          Double.toString(d.trouble),
          Double.toString(untaken),
          Double.toString(taken),
          bool(wonUntaken),
          bool(wonTaken));
      long[] sums = treated.computeIfAbsent(first.to.id, k -> new long[2]);
      sums[0]++;
      sums[1] += (wonTaken ? 1 : 0) - (wonUntaken ? 1 : 0);
    }
  }

  /**
   * The true effect of a takeover, for the org and per manager who took treated deals (CONTRACT §3
   * {@code takeover_effect}): the planted change in the chance to win, the treated deals, and the
   * mean of won_taken − won_untaken over them.
   */
  void writeEffectTruth() throws IOException {
    long n = 0;
    long realised = 0;
    for (long[] sums : treated.values()) {
      n += sums[0];
      realised += sums[1];
    }
    takeoverEffect.row("org", null, Double.toString(effect), Long.toString(n), ratio(realised, n));
    for (Map.Entry<String, long[]> e : treated.entrySet()) {
      long[] sums = e.getValue();
      takeoverEffect.row(
          "manager",
          e.getKey(),
          Double.toString(effect),
          Long.toString(sums[0]),
          ratio(sums[1], sums[0]));
    }
  }

  private static String ratio(long sum, long n) {
    return n == 0 ? null : Double.toString(sum / (double) n);
  }

  /**
   * A meeting of users, with no WhatId; returns its Id.
   *
   * @param who a Contact or Lead, or null
   * @param withDuration DurationInMinutes is written, else only StartDateTime and EndDateTime
   */
  String meeting(
      Person owner,
      String who,
      long startsAt,
      int minutes,
      boolean withDuration,
      boolean child,
      boolean allDay,
      long created,
      String subject,
      boolean deleted)
      throws IOException {
    String id = ids.event().next();
    events.row(
        id,
        null,
        owner.id,
        Times.date(Times.day(startsAt)),
        Times.timestamp(created),
        owner.id,
        subject,
        "Meeting",
        withDuration ? Integer.toString(minutes) : null,
        bool(deleted),
        who,
        bool(child),
        bool(allDay),
        Times.timestamp(startsAt),
        Times.timestamp(startsAt + minutes * Times.MINUTE));
    return id;
  }

  void relation(
      String eventId,
      String relationId,
      boolean invitee,
      boolean what,
      String status,
      long created,
      boolean deleted)
      throws IOException {
    eventRelations.row(
        ids.eventRelation().next(),
        eventId,
        relationId,
        bool(invitee),
        bool(what),
        status,
        bool(deleted),
        Times.timestamp(created));
  }

  String contactId() {
    return ids.contact().next();
  }

  String leadId() {
    return ids.lead().next();
  }

  void coaching(String managerId, String repId, long count, long minutes, String last)
      throws IOException {
    coaching.row(managerId, repId, Long.toString(count), Long.toString(minutes), last);
  }

  Map<String, Long> rowsPerFile(Path dir) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (CsvOut out : all) {
      rows.put(dir.relativize(out.file()).toString().replace('\\', '/'), out.rows());
    }
    return rows;
  }

  Map<Change.Kind, Long> changesByKind() {
    return kinds;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (CsvOut out : all) {
      try {
        out.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static String someForm(String id18, SplittableRandom r) {
    return r.nextDouble() < SHORT_ID_SHARE ? id18.substring(0, 15) : id18;
  }

  private static String pickType(SplittableRandom r) {
    double u = r.nextDouble();
    return u < 0.45 ? "Call" : u < 0.85 ? "Email" : u < 0.93 ? "Meeting" : "Other";
  }

  static String money(long cents) {
    long c = Math.abs(cents % 100);
    return (cents / 100) + (c < 10 ? ".0" : ".") + c;
  }

  private static String bool(boolean b) {
    return b ? "true" : "false";
  }

  static int poisson(SplittableRandom r, double mean) {
    double limit = Math.exp(-mean);
    double p = r.nextDouble();
    int k = 0;
    while (p > limit) {
      k++;
      p *= r.nextDouble();
    }
    return k;
  }
}
