package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.generate.ContractRules;
import io.swoop.generate.SyntheticOrg;
import io.swoop.job.Spark;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ColumnNames;
import io.swoop.model.ColumnValues;
import io.swoop.model.ModelBuilder;
import io.swoop.model.OutputTables;
import io.swoop.source.export.ExportSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The takeover effect on generated orgs whose true effect is planted (CONTRACT §3 {@code
 * takeover_effect}): managers there take over the deals that look troubled, and troubled deals win
 * less whoever owns them, so a comparison that ignores this is biased. At two seeds, with no effect
 * and with a negative one, the org's 95 % interval contains the planted effect, and the old design
 * (controls from the whole org, matched on stage and amount only, {@link
 * NaiveTakeoverEffect.Design#OLD}) run on the same org does not: the confounding is there, and the
 * contract's design removes it.
 *
 * <p>Measured 2026-12-07 at scale 2 with the generator as merged (contract design; old design):
 * seed 20240917, effect 0: -0.037 [-0.080, 0.006]; -0.137 [-0.172, -0.101]. Effect -0.10: -0.122
 * [-0.164, -0.079]; -0.221 [-0.257, -0.186]. Seed 7, effect 0: -0.021 [-0.063, 0.021]; -0.136
 * [-0.170, -0.102]. Effect -0.10: -0.105 [-0.147, -0.062]; -0.210 [-0.244, -0.177]. (An earlier
 * generator, before its same-team bias was reduced, gave seed 7 with no effect [0.001, 0.128].)
 */
class PlantedTakeoverEffectIT extends SignalsTestBase {
  /**
   * Large enough for the old design's bias to stand clear of its interval at both seeds: at scale 1
   * seed 7 with no effect gave -0.080 [-0.162, 0.002] over 163 deals.
   */
  private static final double SCALE = 2;

  /** What the signals keep to compute the effect; every other table is left unplanned. */
  private static final Set<String> NEEDED =
      Set.of(
          "owner changes",
          "management chain",
          "manager history",
          "tenure",
          OutputTables.DEAL_TAKEOVERS,
          Signals.MATCHES);

  /** About the CSV size of a scale-2 org. */
  private static final long SCALE_2_BYTES = 176L << 20;

  /**
   * A scale-2 org is not a few inline rows: the session is the one swoop's job starts for an input
   * that size ({@code Spark.session} sizes it), instead of {@link SignalsTestBase}'s single shuffle
   * partition and interpreted evaluation, which left a core idle and evaluated millions of rows
   * without generated code. The results are the same either way.
   */
  @BeforeAll
  static void sizeForTheOrg() {
    spark.stop();
    spark = Spark.session("local[2]", Map.of(), SCALE_2_BYTES);
  }

  @ParameterizedTest(name = "seed {0}, planted effect {1}")
  @CsvSource({"20240917, 0.0", "20240917, -0.10", "7, 0.0", "7, -0.10"})
  void theOrgsIntervalContainsThePlantedEffectAndTheOldDesignsDoesNot(long seed, double planted)
      throws Exception {
    Path dir = Files.createTempDirectory("swoop-planted-effect");
    try {
      SyntheticOrg.generate(dir, seed, SCALE, SyntheticOrg.DEFAULT_AS_OF, planted);
      assertTruthIs(dir, planted);
      SwoopConfig config = SwoopConfig.defaults();
      CanonicalModel model =
          ModelBuilder.build(
              spark, new ExportSource(dir.toString()), config, SyntheticOrg.DEFAULT_AS_OF);
      Map<String, Dataset<Row>> tables =
          Signals.plan(
              model, config, (name, ds) -> NEEDED.contains(name) ? ds.localCheckpoint(true) : ds);
      Row org =
          tables.get(OutputTables.TAKEOVER_EFFECT).collectAsList().stream()
              .filter(r -> ColumnValues.LEVEL_ORG.equals(r.getAs(ColumnNames.LEVEL)))
              .findFirst()
              .orElseThrow();
      double low = org.getAs(ColumnNames.EFFECT_LOW);
      double high = org.getAs(ColumnNames.EFFECT_HIGH);
      String contract =
          String.format(
              "contract design: effect %.3f [%.3f, %.3f] over %s matched deals",
              (Double) org.getAs(ColumnNames.EFFECT),
              low,
              high,
              org.getAs(ColumnNames.MATCHED_TAKEOVERS));

      List<NaiveTakeoverEffect.Matched> old =
          new NaiveTakeoverEffect(
                  model, tables.get(OutputTables.DEAL_TAKEOVERS), new ContractRules(dir)::managerAt)
              .compute(NaiveTakeoverEffect.Design.OLD, config.effectControls())
              .get("org")
              .matched();
      int n = old.size();
      double mean = old.stream().mapToDouble(NaiveTakeoverEffect.Matched::d).sum() / n;
      double ss = old.stream().mapToDouble(m -> (m.d() - mean) * (m.d() - mean)).sum();
      TakeoverEffect.Interval oldInterval =
          TakeoverEffect.interval((long) n, mean, Math.sqrt(ss / (n - 1)));
      String oldDesign =
          String.format(
              "old design: effect %.3f [%.3f, %.3f] over %d matched deals",
              mean, oldInterval.low(), oldInterval.high(), n);

      String both = contract + "; " + oldDesign + "; planted " + planted;
      System.out.println("seed " + seed + ": " + both);
      assertTrue(low <= planted && planted <= high, both);
      assertFalse(oldInterval.low() <= planted && planted <= oldInterval.high(), both);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The generator's truth names the planted effect for the org. */
  private static void assertTruthIs(Path dir, double planted) {
    Row org =
        spark
            .read()
            .option("header", "true")
            .csv(dir.resolve(SyntheticOrg.TRUTH_DIR).resolve("takeover_effect.csv").toString())
            .collectAsList()
            .stream()
            .filter(r -> ColumnValues.LEVEL_ORG.equals(r.getAs(ColumnNames.LEVEL)))
            .findFirst()
            .orElseThrow();
    assertTrue(
        Math.abs(Double.parseDouble(org.getAs(ColumnNames.EFFECT)) - planted) < 1e-12,
        "truth: " + org);
  }
}
