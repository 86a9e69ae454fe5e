package io.swoop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFloorTest {

  @Test
  void theFloorReadsAHeaderInAnyCaseAsTheJobDoes(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("Event.csv"),
        "\uFEFFid,ownerid,subject,startdatetime,enddatetime,durationinminutes,whatid,whoid\n"
            + "00U000000000001AAA,005000000000001AAA,1:1,2026-01-05T10:00:00.000Z,"
            + "2026-01-05T10:30:00.000Z,30,,\n"
            + "00U000000000002AAA,005000000000001AAA,1:1,2026-01-12T10:00:00.000Z,"
            + "2026-01-12T10:30:00.000Z,30,,\n");
    assertEquals(2, ReadFloor.measure(dir).rows());
    assertEquals("startdatetime", ReadFloor.header(dir.resolve("Event.csv")).get("startdatetime"));
  }
}
