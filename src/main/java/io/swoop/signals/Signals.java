package io.swoop.signals;

import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import io.swoop.model.OutputTables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every signal table of CONTRACT §3 (all but rejected_rows) from the canonical model, as Spark
 * plans over the whole org.
 *
 * <p>Each intermediate several tables share (owner changes, the manager history, tenure, takeovers,
 * credited reps, win rates and their trends, coaching, the takeover matches) is computed here once
 * and kept as a local checkpoint (executor memory, spilling to disk): the plans built on it then
 * start from its rows instead of repeating its whole lineage, which keeps planning time flat (with
 * kept-but-not-checkpointed intermediates, Spark re-analysed and matched ever deeper plans, 13 of
 * the sample's 30 seconds). A table no other is computed from is left lazy and computed when the
 * job writes it. On a cluster, losing an executor loses its checkpointed blocks and fails the run
 * (exit 1; rerun), where recomputing would have been possible.
 */
public final class Signals {
  private Signals() {}

  /**
   * What the job does with each shared intermediate as soon as it is planned (the job checkpoints
   * and times it); the later plans are built on what it returns.
   */
  @FunctionalInterface
  public interface Keeper {
    Dataset<Row> keep(String name, Dataset<Row> intermediate);

    /**
     * Keeps intermediates that do not depend on one another, returned under their names; the job
     * may compute them at once. By default one after another.
     */
    default Map<String, Dataset<Row>> keepAll(Map<String, Dataset<Row>> independent) {
      Map<String, Dataset<Row>> out = new LinkedHashMap<>();
      independent.forEach((name, ds) -> out.put(name, keep(name, ds)));
      return out;
    }
  }

  /**
   * The same tables, each shared intermediate passed through {@code keeper}. Tables nothing else is
   * computed from are returned lazy.
   */
  public static LinkedHashMap<String, Dataset<Row>> compute(
      CanonicalModel model, SwoopConfig config, Keeper keeper) {
    return plan(
        model,
        config,
        new Keeper() {
          @Override
          public Dataset<Row> keep(String name, Dataset<Row> ds) {
            return WRITTEN_ONLY.contains(name) ? ds : keeper.keep(name, ds);
          }

          @Override
          public Map<String, Dataset<Row>> keepAll(Map<String, Dataset<Row>> independent) {
            return keeper.keepAll(independent);
          }
        });
  }

  private static final String CHANGES = "owner changes";
  private static final String MANAGERS = "manager history";
  private static final String TENURE = "tenure";
  private static final String CREDITED = "credited reps";

  /**
   * Each treated deal with its controls ({@link TakeoverEffect#matches}); the job keeps it for the
   * report's balance before matching ({@link TakeoverEffect#poolBalance}).
   */
  public static final String MATCHES = "takeover matches";

  /** Tables nothing else is computed from: they are read once, by their write, so not kept. */
  private static final Set<String> WRITTEN_ONLY =
      Set.of(
          OutputTables.REP_TENURE,
          OutputTables.MANAGER_SCORECARD,
          OutputTables.TAKEOVER_EFFECT_BALANCE);

  /**
   * The same tables, each intermediate and table passed through {@code keep} (with its name) as
   * soon as it is planned; {@code (name, ds) -> ds} leaves the plan without any caching.
   */
  static LinkedHashMap<String, Dataset<Row>> plan(
      CanonicalModel model, SwoopConfig config, Keeper keep) {
    // The management chain as of any moment (CONTRACT §2.1): every rule naming a manager uses it.
    Dataset<Row> managers =
        keep.keep(MANAGERS, ManagerHistory.of(model.users(), model.userHistory()));
    Map<String, Dataset<Row>> base = new LinkedHashMap<>();
    base.put(CHANGES, OwnerChanges.from(model.opportunityFieldHistory()));
    base.put(
        TENURE,
        RepTenure.all(
            model.users(),
            model.snapshotDate(),
            config.terminationDateField() != null,
            managers,
            ManagerHistory.deactivations(model.userHistory())));
    base = keep.keepAll(base);
    Dataset<Row> changes = base.get(CHANGES);
    Dataset<Row> tenureOfAll = base.get(TENURE);
    Dataset<Row> repTenure =
        keep.keep(
            OutputTables.REP_TENURE,
            RepTenure.compute(tenureOfAll, model.users(), model.opportunities(), changes));
    Dataset<Row> takeovers =
        keep.keep(
            OutputTables.DEAL_TAKEOVERS,
            Takeovers.compute(
                changes,
                model.opportunityHistory(),
                model.opportunities(),
                managers,
                tenureOfAll,
                config));
    Map<String, Dataset<Row>> next = new LinkedHashMap<>();
    next.put(CREDITED, CreditedReps.of(model.opportunities(), changes, takeovers));
    next.put(
        OutputTables.COACHING,
        Coaching.compute(
            tenureOfAll,
            managers,
            model.events(),
            model.eventRelations(),
            model.snapshotDate(),
            config.windowDays()));
    next.put(
        MATCHES,
        TakeoverEffect.matches(
            takeovers,
            model.opportunities(),
            model.opportunityHistory(),
            changes,
            managers,
            model.snapshotDate(),
            config.effectControls()));
    next = keep.keepAll(next);
    Dataset<Row> survival =
        keep.keep(
            OutputTables.REP_SURVIVAL,
            RepSurvival.table(
                RepSurvival.spells(
                    tenureOfAll, managers, model.opportunities(), changes, model.snapshotDate())));
    Dataset<Row> credited = next.get(CREDITED);
    Dataset<Row> coaching = next.get(OutputTables.COACHING);
    Dataset<Row> matches = next.get(MATCHES);
    Dataset<Row> effect = keep.keep(OutputTables.TAKEOVER_EFFECT, TakeoverEffect.effect(matches));
    Dataset<Row> balance =
        keep.keep(OutputTables.TAKEOVER_EFFECT_BALANCE, TakeoverEffect.balance(matches));
    Dataset<Row> winRates = keep.keep(OutputTables.WIN_RATES, WinRates.compute(credited, managers));
    Dataset<Row> trends =
        keep.keep(
            OutputTables.WIN_RATE_TRENDS,
            WinRateTrends.compute(
                winRates, model.snapshotDate(), config.trendQuarters(), config.trendAlpha()));
    Dataset<Row> scorecard =
        keep.keep(
            OutputTables.MANAGER_SCORECARD,
            ManagerScorecard.compute(
                new ManagerScorecard.Inputs(
                    model.users(),
                    tenureOfAll,
                    managers,
                    credited,
                    takeovers,
                    model.opportunityHistory(),
                    ManagerScorecard.activities(model.tasks(), model.events()),
                    trends,
                    coaching,
                    effect,
                    survival),
                model.snapshotDate(),
                config));

    LinkedHashMap<String, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(OutputTables.REP_TENURE, repTenure);
    out.put(OutputTables.DEAL_TAKEOVERS, takeovers);
    out.put(OutputTables.WIN_RATES, winRates);
    out.put(OutputTables.WIN_RATE_TRENDS, trends);
    out.put(OutputTables.COACHING, coaching);
    out.put(OutputTables.TAKEOVER_EFFECT, effect);
    out.put(OutputTables.TAKEOVER_EFFECT_BALANCE, balance);
    out.put(OutputTables.REP_SURVIVAL, survival);
    out.put(OutputTables.MANAGER_SCORECARD, scorecard);
    return out;
  }
}
