package io.swoop.sink;

import static io.swoop.sink.PseudonymizerTest.ENV;
import static io.swoop.sink.PseudonymizerTest.KEY;
import static io.swoop.sink.PseudonymizerTest.assertNothingOf;
import static io.swoop.sink.PseudonymizerTest.userIdsAndNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.job.NightlyJob;
import io.swoop.source.export.ExportSource;
import io.swoop.testing.DuckDb;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole pseudonymized run (the tiny org, every table and the manifest) leaks nothing. */
class PseudonymizedRunIT extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void jobOutputHoldsNoNameNoUserIdAndNoKey() throws Exception {
    Path out = tmp.resolve("out");
    Map<String, String> settings = new HashMap<>(SwoopConfig.load(Fixtures.tinyOrgConf()).asMap());
    settings.put(SwoopConfig.PSEUDONYMIZE, "true");
    SwoopConfig config = SwoopConfig.from(settings);
    Map<String, Object> manifest =
        new NightlyJob(spark, config, Fixtures.TINY_SNAPSHOT, ENV, null)
            .run(new ExportSource(Fixtures.tinyOrg().toString()), out.toString());
    assertEquals(true, manifest.get("pseudonymized"));

    List<String> secrets = new ArrayList<>(userIdsAndNames(Fixtures.tinyOrg().resolve("User.csv")));
    secrets.add(KEY);
    assertTrue(secrets.contains("Zed Zimmer") && secrets.contains("NOT-AN-ID"), secrets.toString());
    assertNothingOf(out, secrets);
    try (DuckDb db = new DuckDb()) {
      List<String> users =
          db.rows(
              "SELECT record_id FROM '"
                  + out
                  + "/rejected_rows/*/*.parquet' WHERE object = 'User'");
      assertEquals(1, users.size());
      assertTrue(users.get(0).matches("u_[0-9a-f]{16}"), users.toString());
    }
  }
}
