package io.swoop.source.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ModelBuilder;
import io.swoop.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSourceSmokeTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void readsUsers() throws Exception {
    Files.writeString(dir.resolve("User.csv"),
        "\uFEFFid,NAME,managerid,IsActive,CreatedDate,Extra\n"
            + "005000000000001,\"Smith, \"\"Jo\"\"\n2nd\",,true,2024-03-05T14:22:10.000Z,x\n"
            + "005000000000002,Bob,005000000000001,0,2024-03-05T14:22:10.000+0000,y\n"
            + "bad,Bob,005000000000001,0,2024-03-05T14:22:10Z,y\n");
    Files.writeString(dir.resolve("Opportunity.csv"), "Id,OwnerId,StageName,Amount,Probability,CloseDate,IsClosed,IsWon,CreatedDate\n");
    Files.writeString(dir.resolve("OpportunityHistory.csv"), "Id,OpportunityId,StageName,Probability,Amount,CloseDate,CreatedDate\n");
    Files.writeString(dir.resolve("OpportunityFieldHistory.csv"), "Id,OpportunityId,Field,OldValue,NewValue,CreatedDate\n");
    CanonicalModel m = ModelBuilder.build(spark, new ExportSource(dir.toString()),
        SwoopConfig.from(java.util.Map.of("input.max_reject_ratio", "0.5")), LocalDate.of(2025, 1, 1));
    m.users().show(false);
    m.rejected().show(false);
    assertEquals(2, m.users().count());
    assertEquals(1, m.rejected().count());
    System.out.println(m.stats());
  }
}
