package io.swoop.signals;

import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import io.swoop.model.OutputTables;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Every signal table of CONTRACT §3 (all but rejected_rows) from the canonical model, as Spark
 * plans over the whole org.
 *
 * <p>Each intermediate several tables share (owner changes, the management chain, tenure,
 * takeovers, credited reps, win rates and their trends, coaching, the takeover effect) is computed
 * here once and kept as a local checkpoint (executor memory, spilling to disk): the plans built on
 * it then start from its rows instead of repeating its whole lineage, which keeps planning time
 * flat (with kept-but-not-checkpointed intermediates, Spark re-analysed and matched ever deeper
 * plans, 13 of the sample's 30 seconds). A table no other is computed from is left lazy and
 * computed when the job writes it. On a cluster, losing an executor loses its checkpointed
 * blocks and fails the run (exit 1; rerun), where recomputing would have been possible.
 */
public final class Signals {
  private Signals() {}

  /**
   * All signal tables, keyed by {@link OutputTables} name in the order the job writes them ({@code
   * rep_tenure, deal_takeovers, win_rates, win_rate_trends, coaching, takeover_effect,
   * manager_scorecard}), each with exactly
   * its {@link OutputTables} schema.
   *
   * @param spark the session the model's tables belong to
   * @param model the canonical model, as of its snapshot date
   * @param config the takeover, trend, scorecard and effect settings
   */
  public static LinkedHashMap<String, Dataset<Row>> compute(
      SparkSession spark, CanonicalModel model, SwoopConfig config) {
    return compute(model, config, (name, ds) -> ds.localCheckpoint(true));
  }

  /**
   * The same tables, each shared intermediate passed through {@code keep} (with its name) as soon
   * as it is planned; the job checkpoints it there and times it. Tables nothing else is computed
   * from are returned lazy.
   */
  public static LinkedHashMap<String, Dataset<Row>> compute(
      CanonicalModel model,
      SwoopConfig config,
      BiFunction<String, Dataset<Row>, Dataset<Row>> keep) {
    return plan(model, config, (name, ds) -> WRITTEN_ONLY.contains(name) ? ds : keep.apply(name, ds));
  }

  /** Tables nothing else is computed from: they are read once, by their write, so not kept. */
  private static final Set<String> WRITTEN_ONLY =
      Set.of(OutputTables.REP_TENURE, OutputTables.MANAGER_SCORECARD);

  /**
   * The same tables, each intermediate and table passed through {@code keep} (with its name) as
   * soon as it is planned; {@code (name, ds) -> ds} leaves the plan without any caching.
   */
  static LinkedHashMap<String, Dataset<Row>> plan(
      CanonicalModel model,
      SwoopConfig config,
      BiFunction<String, Dataset<Row>, Dataset<Row>> keep) {
    Dataset<Row> changes =
        keep.apply("owner changes", OwnerChanges.from(model.opportunityFieldHistory()));
    Dataset<Row> chain =
        keep.apply("management chain", ManagementChain.of(model.users(), config.maxLevels()));
    Dataset<Row> tenureOfAll =
        keep.apply("tenure", RepTenure.all(model.users(), model.snapshotDate(), config.terminationDateField() != null));
    Dataset<Row> repTenure =
        keep.apply(
            OutputTables.REP_TENURE,
            RepTenure.compute(tenureOfAll, model.users(), model.opportunities(), changes));
    Dataset<Row> takeovers =
        keep.apply(
            OutputTables.DEAL_TAKEOVERS,
            Takeovers.compute(
                changes,
                model.opportunityHistory(),
                model.opportunities(),
                chain,
                tenureOfAll,
                config));
    Dataset<Row> credited =
        keep.apply("credited reps", CreditedReps.of(model.opportunities(), changes, takeovers));
    Dataset<Row> winRates =
        keep.apply(OutputTables.WIN_RATES, WinRates.compute(credited, model.users()));
    Dataset<Row> trends =
        keep.apply(
            OutputTables.WIN_RATE_TRENDS,
            WinRateTrends.compute(
                winRates, model.snapshotDate(), config.trendQuarters(), config.trendAlpha()));
    Dataset<Row> coaching =
        keep.apply(
            OutputTables.COACHING,
            Coaching.compute(
                tenureOfAll,
                model.events(),
                model.eventRelations(),
                model.snapshotDate(),
                config.windowDays()));
    Dataset<Row> effect =
        keep.apply(
            OutputTables.TAKEOVER_EFFECT,
            TakeoverEffect.compute(
                takeovers,
                model.opportunities(),
                model.opportunityHistory(),
                model.snapshotDate(),
                config.effectControls()));
    Dataset<Row> scorecard =
        keep.apply(
            OutputTables.MANAGER_SCORECARD,
            ManagerScorecard.compute(
                new ManagerScorecard.Inputs(
                    model.users(),
                    tenureOfAll,
                    chain,
                    credited,
                    takeovers,
                    model.opportunityHistory(),
                    ManagerScorecard.activities(model.tasks(), model.events()),
                    trends,
                    coaching,
                    effect),
                model.snapshotDate(),
                config));

    LinkedHashMap<String, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(OutputTables.REP_TENURE, repTenure);
    out.put(OutputTables.DEAL_TAKEOVERS, takeovers);
    out.put(OutputTables.WIN_RATES, winRates);
    out.put(OutputTables.WIN_RATE_TRENDS, trends);
    out.put(OutputTables.COACHING, coaching);
    out.put(OutputTables.TAKEOVER_EFFECT, effect);
    out.put(OutputTables.MANAGER_SCORECARD, scorecard);
    return out;
  }
}
