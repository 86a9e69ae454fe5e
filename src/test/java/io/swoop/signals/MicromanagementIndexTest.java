package io.swoop.signals;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swoop.model.MicromanagementIndex;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The index as the scorecard computes it ({@link MicromanagementIndex#column}), and the report's
 * breakdown of it ({@link MicromanagementIndex#contributions}), which must add up to the same.
 */
class MicromanagementIndexTest extends SignalsTestBase {
  private static final StructType INPUT =
      new StructType()
          .add("takeovers", DataTypes.LongType)
          .add("late_stage_deals", DataTypes.LongType)
          .add("activity_share", DataTypes.DoubleType)
          .add("edit_share", DataTypes.DoubleType)
          .add("attrition_rate", DataTypes.DoubleType)
          .add("trend_slope", DataTypes.DoubleType)
          .add("declining", DataTypes.BooleanType);

  /** The index of each input row, as the scorecard's column computes it. */
  private static List<Double> index(Row... inputs) {
    List<Row> out =
        spark
            .createDataFrame(List.of(inputs), INPUT)
            .select(
                MicromanagementIndex.column(
                    col("takeovers"),
                    col("late_stage_deals"),
                    col("activity_share"),
                    col("edit_share"),
                    col("attrition_rate"),
                    col("trend_slope"),
                    col("declining")))
            .collectAsList();
    List<Double> values = new ArrayList<>();
    for (Row r : out) {
      values.add(r.isNullAt(0) ? null : r.getDouble(0));
    }
    return values;
  }

  private static Double index(
      long takeovers,
      long lateStageDeals,
      Double activity,
      Double edits,
      Double attrition,
      Double slope,
      boolean declining) {
    return index(row(takeovers, lateStageDeals, activity, edits, attrition, slope, declining))
        .get(0);
  }

  @Test
  void nullPartsDropOutAndTheOtherWeightsAreRenormalised() {
    // No late-stage deals, so no takeover part; only attrition: (0.425 - 0.25) / 0.35 = 0.5.
    assertEquals(50.0, index(0, 0, null, null, 0.425, null, false), 1e-9);
    // activity (0.175 - 0.05) / 0.25 = 0.5 (weight 0.2), attrition 1 (weight 0.1):
    // 100 × (0.1 + 0.1) / 0.3 = 66.666667.
    assertEquals(66.666667, index(0, 0, 0.175, null, 0.9, null, false), 1e-6);
  }

  @Test
  void takeoversScoreTheWilsonLowerBoundOnALogScale() {
    // 10 of 100: scipy binomtest(10, 100).proportion_ci(0.95, 'wilson').low = 0.0552291;
    // log10(0.0552291 / 0.001) / 2 = 0.8710841.
    assertEquals(87.10841, index(10, 100, null, null, null, null, false), 1e-4);
    // One takeover among 4 deals is weaker evidence than 10 among 100, at a higher rate:
    // low 0.0455873 -> 0.8294217.
    assertEquals(82.94217, index(1, 4, null, null, null, null, false), 1e-4);
    assertEquals(0.0, index(0, 100, null, null, null, null, false), 1e-12);
  }

  @Test
  void onlyADecliningTrendCounts() {
    // slope -0.025 -> 0.5 when declining; the same slope not significant counts 0.
    assertEquals(50.0, index(0, 0, null, null, null, -0.025, true), 1e-9);
    assertEquals(0.0, index(0, 0, null, null, null, -0.025, false), 1e-9);
  }

  @Test
  void scoresAreClampedToTheirScale() {
    assertEquals(100.0, index(50, 50, 0.9, 0.9, 0.9, -0.5, true), 1e-9);
    assertEquals(0.0, index(0, 80, 0.01, 0.05, 0.1, 0.3, false), 1e-9);
  }

  @Test
  void noKnownPartMeansNoIndex() {
    assertNull(index(0, 0, null, null, null, null, false));
  }

  @Test
  void theReportsContributionsAddUpToTheIndex() {
    Object[][] cases = {
      {3L, 40L, 0.2, 0.11, 0.5, -0.03, true},
      {7L, 339L, 0.0, 0.0, 0.0, null, false},
      {0L, 0L, null, null, 0.425, null, false},
      {1L, 4L, 0.06, null, null, 0.01, false},
      {50L, 50L, 0.9, 0.9, 0.9, -0.5, true},
      {0L, 0L, null, null, null, null, false}
    };
    Row[] inputs = new Row[cases.length];
    for (int i = 0; i < cases.length; i++) {
      inputs[i] = row(cases[i]);
    }
    List<Double> indexes = index(inputs);
    for (int i = 0; i < cases.length; i++) {
      Object[] c = cases[i];
      Double[] parts =
          MicromanagementIndex.contributions(
              (Long) c[0],
              (Long) c[1],
              (Double) c[2],
              (Double) c[3],
              (Double) c[4],
              (Double) c[5],
              (Boolean) c[6]);
      Double sum = null;
      for (Double p : parts) {
        if (p != null) {
          sum = (sum == null ? 0.0 : sum) + p;
        }
      }
      if (indexes.get(i) == null) {
        assertNull(sum, "case " + i);
      } else {
        assertEquals(indexes.get(i), sum, 1e-9, "case " + i);
      }
    }
  }
}
