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

  @Test
  void onAClusterWhatTheOperatorSetIsKept() {
    Map<String, String> sized = Spark.sizedFor(7 * MB, 16);
    Map<String, String> applied =
        Spark.unlessSet(sized, key -> key.equals("spark.sql.adaptive.enabled"));
    assertEquals(sized.size() - 1, applied.size());
    assertEquals("1", applied.get("spark.sql.shuffle.partitions"));
    assertEquals(null, applied.get("spark.sql.adaptive.enabled"));
    assertEquals(
        Map.of("spark.sql.shuffle.partitions", "32"),
        Spark.unlessSet(Spark.sizedFor(1405 * MB, 16), key -> false));
  }
}
