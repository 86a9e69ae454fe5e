package io.swoop.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic Salesforce org written as the CSV exports swoop reads (CONTRACT §2), with the
 * behaviour swoop looks for planted in it and the answers written next to it.
 *
 * <p>The org: a management tree (a VP or CRO, directors, about 32 first-line managers at scale 1)
 * over 250 × scale rep seats of about 8 per team; reps leave and are replaced over the three years
 * before the as-of date. About one first-line manager in five (and one second-level manager in
 * five) is a <em>micromanager</em>: they take over many of their reps' late-stage deals (some of
 * them given back later), write many of the history rows and log most of the activity on those
 * deals, their reps leave sooner (the hazard of leaving is 1/420 per day under a micromanager of
 * the moment, 1/1250 under another), and their teams' win rate is lower and falls over the last six
 * quarters. Other managers coach and rarely take a deal.
 *
 * <p>The takeover effect (issue 16). Each deal that reaches a late stage is <em>reviewed</em> once,
 * at a moment drawn over its first 60 days there; how troubled it looks then (close date pushed,
 * long in its stage) makes a takeover at that moment likelier, and lowers its chance to win without
 * a takeover, p0 = team factor × (0.78 − 0.40 × trouble), mostly on pushes (0.2 ≤ p0 ≤ 0.78). A
 * takeover (by the rules of CONTRACT §3) changes the chance to win of the deal it moves to p0 + e,
 * e = {@code takeoverEffect}; one uniform draw u per deal, made before any takeover is planned,
 * decides it: won when u &lt; p0 (+ e when taken over). So the causal effect of a takeover on each
 * taken-over deal's chance to win is exactly e, and the org and the takeovers are the same whatever
 * e: only the outcomes of taken-over deals change.
 *
 * <p>Reorganisations (issue 17), with everything planned by the manager of the moment (CONTRACT
 * §2.1): about 6% of reps move to another team (their deals stay theirs); one micromanager per 30
 * teams swaps teams with a coaching manager (under another director where there is one, so their
 * own manager changes too) and goes on taking over their new reps' deals; one coaching manager per
 * 16 teams leaves and a new hire (hired 45 days before) takes the team over the next working day;
 * afterwards an admin points half of that team's departed reps at the new manager, and clears the
 * manager of about 3% of other departed reps, so their LastModifiedDate is that edit, not the
 * departure. Every such change is in {@code UserHistory.csv}; {@code User.csv} holds today's
 * values.
 *
 * <p>Owner changes that look like takeovers but are not, by the rules of CONTRACT §3, are planted
 * too: moves to a peer, moves to the manager while the deal is early or after it closed, moves down
 * the chain (a manager giving a deal back or to a new hire), hand-overs of a departing rep's open
 * deals in the days before they leave, and night-time batch jobs moving more than ten of one rep's
 * deals to the same new owner in one minute. In the first two micromanaged teams where it fits,
 * changes sit right at the thresholds: a manager's mass transfer of exactly ten deals in one minute
 * (not bulk, so its late-stage deals are takeovers), and takeovers exactly 30 days (a hand-over)
 * and 31 days (a takeover) before the rep leaves.
 *
 * <p>Managers meet their direct reports ({@link Meetings}): a coaching manager holds a weekly or
 * biweekly one-to-one of 30 to 60 minutes with each, a micromanager few (every 6 to 10 weeks) or
 * none. Each one-to-one is an Event owned by the manager or the rep, with an EventRelation inviting
 * the other, no WhatId or WhoId, and DurationInMinutes (sometimes only StartDateTime and
 * EndDateTime). Around them sit the meetings that are not one-to-ones by the rules: the invitee's
 * child copy (IsChild), declined invitations, deleted events and deleted invitations, customer
 * meetings (a Contact as WhoId, or a Contact or Lead invited), team meetings of three or more
 * users, all-day events, and users attached without an invitation (IsInvitee false); each deal
 * event lists its deal as an EventRelation with IsWhat true.
 *
 * <p>Files written into the output directory: {@code User.csv}, {@code Opportunity.csv}, {@code
 * OpportunityHistory.csv}, {@code OpportunityFieldHistory.csv}, {@code Task.csv}, {@code
 * Event.csv}, {@code EventRelation.csv}, {@code UserHistory.csv} (each ManagerId change as an Id
 * row and a name row, Field {@code Manager}, an empty value for no manager; each departure as an
 * {@code IsActive} row true → false); and the ground truth under {@code _truth/}, where every rule
 * that names a manager uses the manager at the time (CONTRACT §2.1):
 *
 * <ul>
 *   <li>{@code planted_takeovers.csv}: opportunity_id, changed_at, from_owner_id, to_owner_id,
 *       levels_up, returned_at, stage_name, probability, amount, outcome: exactly the rows {@code
 *       deal_takeovers} must hold with the default configuration;
 *   <li>{@code lookalikes.csv}: opportunity_id, changed_at, kind, from_owner_id, to_owner_id: every
 *       other owner change, with the first rule that rejects it, in this order: {@code after_close}
 *       (the stage in force is Closed Won/Lost), {@code early} (its probability is below 70),
 *       {@code down_chain} (the new owner reports to the old one), {@code peer} (neither is in the
 *       other's chain within 3 hops), {@code handover} (the old owner left no more than 30 days
 *       after the change), {@code bulk} (more than 10 moves between the same two owners in that
 *       minute);
 *   <li>{@code managers.csv}: manager_id, name, planted_micromanager, level, title for everyone
 *       with direct reports (level 1 = first-line manager);
 *   <li>{@code coaching.csv}: manager_id, rep_id, one_to_ones, minutes, last_one_to_one: for every
 *       user active at the as-of date and their manager (zero counts included), the one-to-ones by
 *       the rules of CONTRACT §3 {@code coaching} whose ActivityDate is in the 365 days up to and
 *       including the as-of date (the default scorecard window) and on a day the rep ended
 *       reporting to that manager, their minutes, and the date of the last one (empty when none);
 *   <li>{@code takeover_effect.csv}: level ({@code org}, then {@code manager}), entity_id (empty
 *       for the org; else the manager credited with the deals as in CONTRACT §3 {@code
 *       takeover_effect}: the to_owner_id of each deal's earliest takeover), effect (the planted
 *       change in the chance to win, the same in every row), treated_deals (closed, not deleted
 *       deals with a planted takeover: the treated deals of §3), realised_effect (the mean over
 *       them of won_taken − won_untaken; empty when none);
 *   <li>{@code takeover_outcomes.csv}: per treated deal: opportunity_id, manager_id (as above),
 *       changed_at (of the earliest takeover), trouble (how troubled it looked at its review, in
 *       [0, 1]), win_probability_untaken (p0), win_probability_taken (p0 + effect), won_untaken,
 *       won_taken (its outcome in the files).
 * </ul>
 *
 * <p>All Ids in the truth are 18 characters; the exports use 18-character Ids except about 20% of
 * {@code OpportunityFieldHistory} Old/NewValue Ids and deal {@code Task}/{@code Event} WhatIds.
 * There is no termination-date field: a departed user has IsActive false, an IsActive row in
 * UserHistory at the departure, and LastModifiedDate at the departure or at a later edit. Output
 * depends only on (seed, scale, as-of date, takeover effect), and rows are written as each team is
 * planned, so memory stays flat whatever the scale.
 */
public final class SyntheticOrg {
  /** The default as-of date: the last day of data, fixed so that output never depends on today. */
  public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 9, 30);

  /** The folder, inside the output directory, holding the ground truth. */
  public static final String TRUTH_DIR = "_truth";

  /** The largest scale accepted (25 million rep seats' worth of data is more than a disk holds). */
  public static final double MAX_SCALE = 10_000;

  /**
   * The largest takeover effect, either way, that every deal's chance to win can take without
   * leaving [0, 1]: the chance to win without a takeover lies between 0.2 and 0.78.
   */
  public static final double MAX_TAKEOVER_EFFECT = 0.2;

  private static final int YEARS = 3;
  private static final int EDGE_CASE_TEAMS = 2;
  private static final String[] INSTANCES = {"5g", "8c", "Hs", "4x", "1U", "Dn", "7Q", "Bb"};

  /**
   * What was generated.
   *
   * @param rowsPerFile data rows (header excluded) per file, by path relative to the output
   *     directory, e.g. {@code Opportunity.csv} and {@code _truth/planted_takeovers.csv}
   * @param repSeats rep seats (250 × scale, at least 3); each is held by one rep at a time
   * @param reps every rep who ever held a seat, including those who left
   * @param activeReps reps still active at the as-of date
   * @param managers users with direct reports
   * @param micromanagers of those, the ones planted as micromanagers
   * @param plantedTakeovers rows of {@code _truth/planted_takeovers.csv}
   * @param lookalikesByKind rows of {@code _truth/lookalikes.csv} per kind
   */
  public record Summary(
      long seed,
      double scale,
      LocalDate asOf,
      Map<String, Long> rowsPerFile,
      int repSeats,
      int reps,
      int activeReps,
      int managers,
      int micromanagers,
      long plantedTakeovers,
      Map<String, Long> lookalikesByKind) {}

  /** Id sequences, one per object. */
  record Ids(
      GenIds.Sequence user,
      GenIds.Sequence role,
      GenIds.Sequence account,
      GenIds.Sequence opportunity,
      GenIds.Sequence history,
      GenIds.Sequence fieldHistory,
      GenIds.Sequence task,
      GenIds.Sequence event,
      GenIds.Sequence eventRelation,
      GenIds.Sequence contact,
      GenIds.Sequence lead) {
    static Ids forSeed(long seed) {
      String instance = INSTANCES[(int) Math.floorMod(mix(seed, 7), (long) INSTANCES.length)];
      return new Ids(
          new GenIds.Sequence("005", instance, mix(seed, 10)),
          new GenIds.Sequence("00E", instance, mix(seed, 11)),
          new GenIds.Sequence("001", instance, mix(seed, 12)),
          new GenIds.Sequence("006", instance, mix(seed, 13)),
          new GenIds.Sequence("008", instance, mix(seed, 14)),
          new GenIds.Sequence("017", instance, mix(seed, 15)),
          new GenIds.Sequence("00T", instance, mix(seed, 16)),
          new GenIds.Sequence("00U", instance, mix(seed, 17)),
          new GenIds.Sequence("0RE", instance, mix(seed, 18)),
          new GenIds.Sequence("003", instance, mix(seed, 19)),
          new GenIds.Sequence("00Q", instance, mix(seed, 20)));
    }
  }

  private SyntheticOrg() {}

  /** {@link #generate(Path, long, double, LocalDate, double)} as of {@link #DEFAULT_AS_OF}. */
  public static Summary generate(Path dir, long seed, double scale) throws IOException {
    return generate(dir, seed, scale, DEFAULT_AS_OF, 0);
  }

  /**
   * {@link #generate(Path, long, double, LocalDate, double)} with takeovers that change nothing.
   */
  public static Summary generate(Path dir, long seed, double scale, LocalDate asOf)
      throws IOException {
    return generate(dir, seed, scale, asOf, 0);
  }

  /**
   * Writes the exports and the truth into {@code dir} (created if missing; files of the same names
   * are replaced). Data covers the three years up to {@code asOf}; nothing is dated after it.
   *
   * @param scale rep seats = 250 × scale (at least 3); 0.1 gives a small sample, 100 a big org
   * @param takeoverEffect what a takeover adds to the chance to win of every deal it moves, in
   *     [−{@value #MAX_TAKEOVER_EFFECT}, {@value #MAX_TAKEOVER_EFFECT}]; the same seed and scale
   *     give the same org and takeovers whatever the effect, only the outcomes of taken-over deals
   *     differ
   * @throws IllegalArgumentException when scale is not a number in (0, {@value #MAX_SCALE}] or the
   *     effect is out of its range
   */
  public static Summary generate(
      Path dir, long seed, double scale, LocalDate asOf, double takeoverEffect) throws IOException {
    if (!(scale > 0 && scale <= MAX_SCALE)) {
      throw new IllegalArgumentException(
          "scale must be a number above 0 and at most " + MAX_SCALE + ", got " + scale);
    }
    if (!(Math.abs(takeoverEffect) <= MAX_TAKEOVER_EFFECT)) {
      throw new IllegalArgumentException(
          "the takeover effect must be a number from -"
              + MAX_TAKEOVER_EFFECT
              + " to "
              + MAX_TAKEOVER_EFFECT
              + " (a change in the chance to win), got "
              + takeoverEffect);
    }
    Files.createDirectories(dir.resolve(TRUTH_DIR));
    long limit = Times.startOf(asOf.plusDays(1)) - Times.HOUR; // the last day's data ends at 23:00
    long start = Times.startOf(asOf.minusYears(YEARS));
    Ids ids = Ids.forSeed(seed);
    Org org =
        Org.build(new SplittableRandom(mix(seed, 1)), ids.user(), ids.role(), scale, start, limit);
    try (OrgWriter writer = new OrgWriter(dir, ids, limit, takeoverEffect)) {
      writer.writeUsers(org, new SplittableRandom(mix(seed, 2)));
      int edgeCaseTeams = 0;
      for (Team team : org.teams) {
        SplittableRandom random = new SplittableRandom(mix(seed, 1_000 + team.index));
        boolean edgeCases = team.manager.micro && edgeCaseTeams < EDGE_CASE_TEAMS;
        TeamPlanner planner =
            new TeamPlanner(
                team,
                random,
                start,
                limit,
                org.integration,
                ids.opportunity(),
                ids.account(),
                edgeCases,
                takeoverEffect);
        writer.writeDeals(planner.plan(), random);
        edgeCaseTeams += planner.edgeCasesPlanted() ? 1 : 0;
      }
      // After every deal, so the deals' Event Ids do not depend on the meetings.
      new Meetings(writer, start, limit).write(org, seed);
      writer.writeEffectTruth();
      return summary(dir, seed, scale, asOf, org, writer);
    }
  }

  private static Summary summary(
      Path dir, long seed, double scale, LocalDate asOf, Org org, OrgWriter writer) {
    int reps = 0;
    int active = 0;
    for (Team team : org.teams) {
      for (Person rep : team.reps) {
        reps++;
        active += rep.departed() ? 0 : 1;
      }
    }
    int micro = (int) org.managers.stream().filter(p -> p.micro).count();
    Map<String, Long> kinds = new LinkedHashMap<>();
    long takeovers = 0;
    for (Map.Entry<Change.Kind, Long> e : writer.changesByKind().entrySet()) {
      if (e.getKey() == Change.Kind.TAKEOVER) {
        takeovers = e.getValue();
      } else {
        kinds.put(e.getKey().label, e.getValue());
      }
    }
    return new Summary(
        seed,
        scale,
        asOf,
        Collections.unmodifiableMap(writer.rowsPerFile(dir)),
        org.repSeats,
        reps,
        active,
        org.managers.size(),
        micro,
        takeovers,
        Collections.unmodifiableMap(kinds));
  }

  static long mix(long seed, long salt) {
    long z = seed + salt * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
