package io.swoop.signals;

import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import io.swoop.model.OutputTables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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
     * Runs branches of the plan that do not depend on one another (each may keep intermediates of
     * its own), returning each one's result under its name; the job may run them at once. By
     * default one after another.
     */
    default <T> Map<String, T> atOnce(Map<String, Supplier<T>> branches) {
      Map<String, T> out = new LinkedHashMap<>();
      branches.forEach((name, branch) -> out.put(name, branch.get()));
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
          public <T> Map<String, T> atOnce(Map<String, Supplier<T>> branches) {
            return keeper.atOnce(branches);
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
    // Each intermediate is kept as soon as what it needs is: branches that do not depend on one
    // another run at once, so the driver plans one while the executors compute another.
    Map<String, Dataset<Row>> kept = new ConcurrentHashMap<>();
    Map<String, Supplier<Dataset<Row>>> first = new LinkedHashMap<>();
    // The management chain as of any moment (CONTRACT §2.1): every rule naming a manager uses it.
    first.put(
        MANAGERS, () -> keep.keep(MANAGERS, ManagerHistory.of(model.users(), model.userHistory())));
    first.put(
        CHANGES, () -> keep.keep(CHANGES, OwnerChanges.from(model.opportunityFieldHistory())));
    kept.putAll(keep.atOnce(first));
    Dataset<Row> managers = kept.get(MANAGERS);
    Dataset<Row> changes = kept.get(CHANGES);
    Dataset<Row> tenureOfAll =
        keep.keep(
            TENURE,
            RepTenure.all(
                model.users(),
                model.snapshotDate(),
                config.terminationDateField() != null,
                managers,
                ManagerHistory.deactivations(model.userHistory())));
    Dataset<Row> repTenure =
        keep.keep(
            OutputTables.REP_TENURE,
            RepTenure.compute(tenureOfAll, model.users(), model.opportunities(), changes));
    Map<String, Supplier<Dataset<Row>>> second = new LinkedHashMap<>();
    second.put(
        OutputTables.DEAL_TAKEOVERS,
        () -> {
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
          Map<String, Supplier<Dataset<Row>>> fromTakeovers = new LinkedHashMap<>();
          fromTakeovers.put(
              MATCHES,
              () -> {
                Dataset<Row> matches =
                    keep.keep(
                        MATCHES,
                        TakeoverEffect.matches(
                            takeovers,
                            model.opportunities(),
                            model.opportunityHistory(),
                            changes,
                            managers,
                            model.snapshotDate(),
                            config.effectControls()));
                kept.put(
                    OutputTables.TAKEOVER_EFFECT,
                    keep.keep(OutputTables.TAKEOVER_EFFECT, TakeoverEffect.effect(matches)));
                return matches;
              });
          fromTakeovers.put(
              CREDITED,
              () -> {
                Dataset<Row> credited =
                    keep.keep(CREDITED, CreditedReps.of(model.opportunities(), changes, takeovers));
                Dataset<Row> winRates =
                    keep.keep(OutputTables.WIN_RATES, WinRates.compute(credited, managers));
                kept.put(OutputTables.WIN_RATES, winRates);
                kept.put(
                    OutputTables.WIN_RATE_TRENDS,
                    keep.keep(
                        OutputTables.WIN_RATE_TRENDS,
                        WinRateTrends.compute(
                            winRates,
                            model.snapshotDate(),
                            config.trendQuarters(),
                            config.trendAlpha())));
                return credited;
              });
          kept.putAll(keep.atOnce(fromTakeovers));
          return takeovers;
        });
    second.put(
        OutputTables.COACHING,
        () ->
            keep.keep(
                OutputTables.COACHING,
                Coaching.compute(
                    tenureOfAll,
                    managers,
                    model.events(),
                    model.eventRelations(),
                    model.snapshotDate(),
                    config.windowDays())));
    second.put(
        OutputTables.REP_SURVIVAL,
        () ->
            keep.keep(
                OutputTables.REP_SURVIVAL,
                RepSurvival.table(
                    RepSurvival.spells(
                        tenureOfAll,
                        managers,
                        model.opportunities(),
                        changes,
                        model.snapshotDate()))));
    kept.putAll(keep.atOnce(second));
    Dataset<Row> takeovers = kept.get(OutputTables.DEAL_TAKEOVERS);
    Dataset<Row> credited = kept.get(CREDITED);
    Dataset<Row> coaching = kept.get(OutputTables.COACHING);
    Dataset<Row> matches = kept.get(MATCHES);
    Dataset<Row> survival = kept.get(OutputTables.REP_SURVIVAL);
    Dataset<Row> effect = kept.get(OutputTables.TAKEOVER_EFFECT);
    Dataset<Row> winRates = kept.get(OutputTables.WIN_RATES);
    Dataset<Row> trends = kept.get(OutputTables.WIN_RATE_TRENDS);
    Dataset<Row> balance =
        keep.keep(OutputTables.TAKEOVER_EFFECT_BALANCE, TakeoverEffect.balance(matches));
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
