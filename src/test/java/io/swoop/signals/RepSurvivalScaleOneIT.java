package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.generate.SyntheticOrg;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ModelBuilder;
import io.swoop.source.export.ExportSource;
import io.swoop.testing.ScaleOneOrg;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeds' story on the generated org at scale 1 ({@link ScaleOneOrg}): the reps of managers who
 * swoop leave sooner. The log-rank test of {@code rep_survival} (the scorecard's
 * attrition_logrank_p) finds it for the planted micromanagers, and mostly not for the managers who
 * coach.
 */
class RepSurvivalScaleOneIT extends SignalsTestBase {
  private static Path dir;
  private static Map<String, Double> swoopers;
  private static Map<String, Double> coaches;

  @BeforeAll
  static void generateAndCompute() throws Exception {
    dir = ScaleOneOrg.get().dir();
    SwoopConfig config = SwoopConfig.defaults();
    CanonicalModel m =
        ModelBuilder.build(
            spark, new ExportSource(dir.toString()), config, SyntheticOrg.DEFAULT_AS_OF);
    Dataset<Row> stretches = ManagerHistory.of(m.users(), m.userHistory());
    Dataset<Row> tenure =
        RepTenure.all(
            m.users(),
            m.snapshotDate(),
            config.terminationDateField() != null,
            stretches,
            ManagerHistory.deactivations(m.userHistory()));
    Dataset<Row> survival =
        RepSurvival.table(
            RepSurvival.spells(
                tenure,
                stretches,
                m.opportunities(),
                OwnerChanges.from(m.opportunityFieldHistory()),
                m.snapshotDate()));
    Map<String, Double> p = new TreeMap<>();
    for (Row r : RepSurvival.logRank(survival).collectAsList()) {
      p.put(r.getString(0), r.isNullAt(1) ? null : r.getDouble(1));
    }
    Map<String, Boolean> micro =
        spark
            .read()
            .option("header", "true")
            .csv(dir.resolve(SyntheticOrg.TRUTH_DIR).resolve("managers.csv").toString())
            .collectAsList()
            .stream()
            .collect(
                Collectors.toMap(
                    r -> r.getAs("manager_id"),
                    r -> "true".equals(r.getAs("planted_micromanager"))));
    swoopers = new TreeMap<>();
    coaches = new TreeMap<>();
    p.forEach((manager, value) -> (micro.get(manager) ? swoopers : coaches).put(manager, value));
  }

  @Test
  void theSwoopersRepsLeaveSignificantlySooner() {
    // Seed 7 plants 6 swoopers with spells; 5 have p < 0.0001..0.013, one small team p = 0.48: a
    // log-rank test on one team of a few reps has little power, so the test asks for 4 in 5.
    assertTrue(swoopers.size() >= 5, "swoopers with spells: " + swoopers);
    long significant = swoopers.values().stream().filter(p -> p != null && p < 0.05).count();
    assertTrue(
        significant * 5 >= swoopers.size() * 4L,
        significant + " of " + swoopers.size() + " swoopers have p < 0.05: " + swoopers);
  }

  @Test
  void mostCoachingManagersAreNotSignificant() {
    long significant = coaches.values().stream().filter(p -> p != null && p < 0.05).count();
    assertTrue(coaches.size() >= 10, "coaching managers with spells: " + coaches);
    assertTrue(
        significant * 4 < coaches.size(),
        significant + " of " + coaches.size() + " coaching managers have p < 0.05: " + coaches);
  }
}
