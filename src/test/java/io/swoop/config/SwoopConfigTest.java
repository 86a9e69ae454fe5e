package io.swoop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.core.SwoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwoopConfigTest {
  @Test
  void defaultsAreTheContractsDefaults() {
    SwoopConfig c = SwoopConfig.defaults();
    assertEquals(0.01, c.maxRejectRatio());
    assertEquals(70, c.lateProbability());
    assertEquals(List.of(), c.lateStages());
    assertEquals(3, c.maxLevels());
    assertEquals(30, c.departureDays());
    assertEquals(10, c.bulkMin());
    assertEquals(6, c.trendQuarters());
    assertEquals(0.10, c.trendAlpha());
    assertEquals(365, c.windowDays());
    assertEquals(0.5, c.sfdcMaxApiShare());
  }

  @Test
  void shippedConfFileEqualsTheDefaults() {
    Path conf = Paths.get(System.getProperty("swoop.basedir", "."), "conf/swoop.properties");
    SwoopConfig c = SwoopConfig.load(conf);
    assertEquals(SwoopConfig.defaults().maxRejectRatio(), c.maxRejectRatio());
    assertEquals(SwoopConfig.defaults().lateProbability(), c.lateProbability());
    assertEquals(SwoopConfig.defaults().windowDays(), c.windowDays());
    assertEquals(SwoopConfig.defaults().sfdcBatchSize(), c.sfdcBatchSize());
  }

  @Test
  void unknownKeyIsRefusedNamingIt() {
    SwoopException e =
        assertThrows(
            SwoopException.class, () -> SwoopConfig.from(Map.of("takeover.late_probabilty", "80")));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith("Unknown configuration key 'takeover.late_probabilty'. Known keys: "));
  }

  @Test
  void badValueIsRefusedNamingKeyAndValue() {
    SwoopException e =
        assertThrows(
            SwoopException.class, () -> SwoopConfig.from(Map.of("takeover.max_levels", "three")));
    assertEquals(
        "Configuration key takeover.max_levels = 'three' is not a whole number", e.getMessage());
    e = assertThrows(SwoopException.class, () -> SwoopConfig.from(Map.of("trend.alpha", "2")));
    assertEquals(
        "Configuration key trend.alpha = '2' is out of range (allowed: between 0 and 1)",
        e.getMessage());
  }

  @Test
  void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.properties");
    Files.writeString(f, "bogus.key = 1\n");
    SwoopException e = assertThrows(SwoopException.class, () -> SwoopConfig.load(f));
    assertTrue(
        e.getMessage().startsWith(f + ": Unknown configuration key 'bogus.key'"), e.getMessage());
  }

  @Test
  void lateStagesAreAList() {
    assertEquals(
        List.of("Negotiation/Review", "Proposal"),
        SwoopConfig.from(Map.of("takeover.late_stages", " Negotiation/Review , Proposal ,"))
            .lateStages());
  }

  @Test
  void sparkKeysPassThrough() {
    assertEquals(
        Map.of("spark.sql.shuffle.partitions", "4"),
        SwoopConfig.from(Map.of("spark.sql.shuffle.partitions", "4")).sparkSettings());
  }
}
