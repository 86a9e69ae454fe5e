package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link Spark#sizedFor} sizes a local session from the input's bytes. */
class SparkSizingTest {
  private static final long MB = 1L << 20;

  @Test
  void smallInputRunsOnOnePartitionWithoutCodegenAdaptivePlansOrBroadcasts() {
    assertEquals(
        Map.of(
            "spark.sql.shuffle.partitions", "1",
            "spark.sql.codegen.wholeStage", "false",
            "spark.sql.codegen.factoryMode", "NO_CODEGEN",
            "spark.sql.adaptive.enabled", "false",
            "spark.sql.autoBroadcastJoinThreshold", "-1"),
        Spark.sizedFor(7 * MB, 2));
  }

  @Test
  void largeInputGetsAPartitionPer64MegabytesAndAtLeastTwoPerCore() {
    assertEquals(Map.of("spark.sql.shuffle.partitions", "22"), Spark.sizedFor(1405 * MB, 2));
    assertEquals(Map.of("spark.sql.shuffle.partitions", "16"), Spark.sizedFor(283 * MB, 8));
    assertEquals(Map.of("spark.sql.shuffle.partitions", "5"), Spark.sizedFor(283 * MB, 2));
  }

  @Test
  void unknownInputSizeGetsTwoPartitionsPerCore() {
    assertEquals(Map.of("spark.sql.shuffle.partitions", "8"), Spark.sizedFor(-1, 4));
  }
}
