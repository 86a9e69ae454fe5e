package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The index formula on its own (no Spark needed). */
class MicromanagementIndexTest {

  @Test
  void nullPartsDropOutAndTheOtherWeightsAreRenormalised() {
    // No late-stage deals, so no takeover part; only attrition: (0.425 - 0.25) / 0.35 = 0.5.
    assertEquals(50.0, MicromanagementIndex.of(0, 0, null, null, 0.425, null, false), 1e-9);
    // activity (0.175 - 0.05) / 0.25 = 0.5 (weight 0.2), attrition 1 (weight 0.1):
    // 100 × (0.1 + 0.1) / 0.3 = 66.666667.
    assertEquals(66.666667, MicromanagementIndex.of(0, 0, 0.175, null, 0.9, null, false), 1e-6);
  }

  @Test
  void takeoversScoreTheWilsonLowerBoundOnALogScale() {
    // 10 of 100: scipy binomtest(10, 100).proportion_ci(0.95, 'wilson').low = 0.0552291;
    // log10(0.0552291 / 0.001) / 2 = 0.8710841.
    assertEquals(87.10841, MicromanagementIndex.of(10, 100, null, null, null, null, false), 1e-4);
    // One takeover among 4 deals is weaker evidence than 10 among 100, at a higher rate:
    // low 0.0455873 -> 0.8294217.
    assertEquals(82.94217, MicromanagementIndex.of(1, 4, null, null, null, null, false), 1e-4);
    assertEquals(0.0, MicromanagementIndex.of(0, 100, null, null, null, null, false), 1e-12);
  }

  @Test
  void onlyADecliningTrendCounts() {
    // slope -0.025 -> 0.5 when declining; the same slope not significant counts 0.
    assertEquals(50.0, MicromanagementIndex.of(0, 0, null, null, null, -0.025, true), 1e-9);
    assertEquals(0.0, MicromanagementIndex.of(0, 0, null, null, null, -0.025, false), 1e-9);
  }

  @Test
  void scoresAreClampedToTheirScale() {
    assertEquals(100.0, MicromanagementIndex.of(50, 50, 0.9, 0.9, 0.9, -0.5, true), 1e-9);
    assertEquals(0.0, MicromanagementIndex.of(0, 80, 0.01, 0.05, 0.1, 0.3, false), 1e-9);
  }

  @Test
  void noKnownPartMeansNoIndex() {
    assertNull(MicromanagementIndex.of(0, 0, null, null, null, null, false));
  }
}
