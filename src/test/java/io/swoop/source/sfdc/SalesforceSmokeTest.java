package io.swoop.source.sfdc;

import io.swoop.config.SwoopConfig;
import io.swoop.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SalesforceSmokeTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void pulls() {
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      SwoopConfig config = SwoopConfig.from(Map.of("sfdc.batch_size", "200", "sfdc.backoff_millis", "1", "user.hire_date_field", "Hire_Date__c"));
      Map<String, Object> s = Salesforce.extract(spark, config, sf.accessTokenEnv(), dir.resolve("raw").toString(), "csv", false);
      System.out.println(s);
      System.out.println(sf.allCalls());
    }
  }
}
