package io.swoop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The regression behind win_rate_trends, on its own (no Spark needed). */
class WeightedTrendTest {

  @Test
  void equalWeightsGiveTheOrdinaryLeastSquaresSlopeAndPValue() {
    // scipy.stats.linregress([1,2,3,4,5], [0.30,0.35,0.32,0.45,0.50]):
    // slope 0.05, pvalue 0.031417168872367715
    WeightedTrend.Fit fit =
        WeightedTrend.fit(
            new double[] {1, 2, 3, 4, 5},
            new double[] {0.30, 0.35, 0.32, 0.45, 0.50},
            new double[] {1, 1, 1, 1, 1});
    assertEquals(0.05, fit.slope(), 1e-12);
    assertEquals(0.031417168872367715, fit.pValue(), 1e-12);
  }

  @Test
  void weightsScaleOnlyTheFitNotTheDegreesOfFreedom() {
    // Same points, every weight 7: same slope and p (s² and Σw(x−x̄)² both scale by 7).
    WeightedTrend.Fit fit =
        WeightedTrend.fit(
            new double[] {1, 2, 3, 4, 5},
            new double[] {0.30, 0.35, 0.32, 0.45, 0.50},
            new double[] {7, 7, 7, 7, 7});
    assertEquals(0.05, fit.slope(), 1e-12);
    assertEquals(0.031417168872367715, fit.pValue(), 1e-12);
  }

  @Test
  void aPerfectFitWithASlopeHasPValueZero() {
    WeightedTrend.Fit fit =
        WeightedTrend.fit(
            new double[] {212, 213, 214, 215},
            new double[] {0.1, 0.2, 0.3, 0.4},
            new double[] {3, 9, 4, 11});
    assertEquals(0.1, fit.slope(), 1e-12);
    assertEquals(0.0, fit.pValue());
  }

  @Test
  void aFlatPerfectFitHasSlopeZeroAndPValueOne() {
    // 0.6 with weights 3, 7, 10 makes a weighted mean that is not exactly 0.6 in binary.
    WeightedTrend.Fit fit =
        WeightedTrend.fit(
            new double[] {212, 213, 214}, new double[] {0.6, 0.6, 0.6}, new double[] {3, 7, 10});
    assertEquals(0.0, fit.slope());
    assertEquals(1.0, fit.pValue());
  }

  @Test
  void fewerThanThreePointsHaveNoFit() {
    assertNull(
        WeightedTrend.fit(new double[] {1, 2}, new double[] {0.1, 0.2}, new double[] {1, 1}));
  }
}
