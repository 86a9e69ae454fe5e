package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The index formula on its own (no Spark needed). */
class MicromanagementIndexTest {

  @Test
  void nullPartsDropOutAndTheOtherWeightsAreRenormalised() {
    // Only takeovers (0.35) and attrition (0.15) known: takeover 0.125 -> 0.5, attrition 0.5 -> 1.
    // 100 × (0.35 × 0.5 + 0.15 × 1) / 0.5 = 65.
    assertEquals(65.0, MicromanagementIndex.of(0.125, null, null, 0.5, null, false), 1e-9);
  }

  @Test
  void onlyADecliningTrendCounts() {
    // slope -0.025 -> 0.5 when declining; the same slope not significant counts 0.
    assertEquals(50.0, MicromanagementIndex.of(null, null, null, null, -0.025, true), 1e-9);
    assertEquals(0.0, MicromanagementIndex.of(null, null, null, null, -0.025, false), 1e-9);
  }

  @Test
  void scoresAreClampedToTheirScale() {
    assertEquals(100.0, MicromanagementIndex.of(0.9, 0.9, 0.9, 0.9, -0.5, true), 1e-9);
    assertEquals(0.0, MicromanagementIndex.of(0.0, 0.05, 0.0, 0.0, 0.3, false), 1e-9);
  }

  @Test
  void noKnownPartMeansNoIndex() {
    assertNull(MicromanagementIndex.of(null, null, null, null, null, false));
  }
}
