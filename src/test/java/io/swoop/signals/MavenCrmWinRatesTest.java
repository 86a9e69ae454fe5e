package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ModelBuilder;
import io.swoop.model.OutputTables;
import io.swoop.source.export.ExportSource;
import io.swoop.testing.SparkTestBase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Win rates on real-world-shaped data nobody on this project wrote: the public "CRM + Sales +
 * Opportunities" sample (8,800 deals of 30 agents under 6 managers, in ../shared/datasets), turned
 * into Salesforce exports. The expected counts are tallied here straight from the original CSV,
 * independently of swoop's code.
 */
class MavenCrmWinRatesTest extends SparkTestBase {
  private static final Path DATASET =
      Paths.get(System.getProperty("swoop.basedir", "."), "../shared/datasets/maven-crm");

  @TempDir Path exports;

  private static String id(String prefix, int n) {
    return prefix + String.format("%012d", n);
  }

  /** M/D/YYYY → YYYY-MM-DD. */
  private static String isoDate(String mdy) {
    String[] p = mdy.split("/");
    return String.format("%s-%02d-%02d", p[2], Integer.parseInt(p[0]), Integer.parseInt(p[1]));
  }

  private static String quarter(String isoDate) {
    LocalDate d = LocalDate.parse(isoDate);
    return LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1).toString();
  }

  @Test
  void winRatesPerRepManagerAndOrgMatchATallyOfTheOriginalData() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(DATASET), "../shared/datasets/maven-crm is not beside the repo");
    Map<String, String> userId = new HashMap<>();
    Map<String, String> managerOf = new HashMap<>();
    List<String> users = new ArrayList<>(List.of("Id,Name,ManagerId,IsActive,CreatedDate"));
    List<String> teams = Files.readAllLines(DATASET.resolve("sales_teams.csv"));
    for (String line : teams.subList(1, teams.size())) {
      String[] f = line.split(",");
      for (String person : new String[] {f[1], f[0]}) {
        if (!userId.containsKey(person)) {
          userId.put(person, id("005", userId.size() + 1));
          String manager = person.equals(f[0]) ? userId.get(f[1]) : "";
          users.add(
              userId.get(person) + "," + person + "," + manager + ",true,2016-01-01T00:00:00.000Z");
        }
      }
      managerOf.put(f[0], f[1]);
    }
    // tallies: level|entity|quarter -> {won, lost, bookings}
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal> bookings = new TreeMap<>();
    List<String> opps =
        new ArrayList<>(
            List.of(
                "Id,OwnerId,StageName,Amount,Probability,CloseDate,IsClosed,IsWon,CreatedDate"));
    List<String> pipeline = Files.readAllLines(DATASET.resolve("sales_pipeline.csv"));
    int n = 0;
    for (String line : pipeline.subList(1, pipeline.size())) {
      String[] f = line.split(",", -1);
      String agent = f[1];
      String stage = f[4];
      boolean won = stage.equals("Won");
      boolean closed = won || stage.equals("Lost");
      String created = f[5].isEmpty() ? "2016-10-01" : isoDate(f[5]);
      String close = f[6].isEmpty() ? "" : isoDate(f[6]);
      String amount = f[7];
      opps.add(
          String.join(
              ",",
              id("006", ++n),
              userId.get(agent),
              won ? "Closed Won" : closed ? "Closed Lost" : stage,
              amount,
              won ? "100" : closed ? "0" : "30",
              close,
              String.valueOf(closed),
              String.valueOf(won),
              created + "T00:00:00.000Z"));
      if (!closed) {
        continue;
      }
      String q = quarter(close);
      for (String key :
          new String[] {
            "rep|" + userId.get(agent) + "|" + q,
            "manager|" + userId.get(managerOf.get(agent)) + "|" + q,
            "org||" + q
          }) {
        counts.computeIfAbsent(key, k -> new long[2])[won ? 0 : 1]++;
        if (won) {
          bookings.merge(key, new BigDecimal(amount).setScale(2), BigDecimal::add);
        }
      }
    }
    Files.write(exports.resolve("User.csv"), users);
    Files.write(exports.resolve("Opportunity.csv"), opps);
    // The dataset has no history; a required export must not be empty (CONTRACT §2), so each
    // history file holds one row: the first deal's creation, which changes no win rate.
    String[] first = opps.get(1).split(",", -1);
    Files.writeString(
        exports.resolve("OpportunityHistory.csv"),
        "Id,OpportunityId,StageName,Probability,Amount,CloseDate,CreatedDate\n"
            + String.join(
                ",", id("008", 1), first[0], first[2], first[4], first[3], first[5], first[8])
            + "\n");
    Files.writeString(
        exports.resolve("OpportunityFieldHistory.csv"),
        "Id,OpportunityId,Field,OldValue,NewValue,CreatedDate\n"
            + String.join(",", id("017", 1), first[0], "created", "", "", first[8])
            + "\n");

    CanonicalModel model =
        ModelBuilder.build(
            spark,
            new ExportSource(exports.toString()),
            SwoopConfig.defaults(),
            LocalDate.of(2018, 1, 31));
    assertEquals(8800, model.opportunities().count());
    List<Row> rates =
        Signals.compute(model, SwoopConfig.defaults(), (name, ds) -> ds.localCheckpoint(true))
            .get(OutputTables.WIN_RATES)
            .collectAsList();

    assertEquals(counts.size(), rates.size());
    for (Row r : rates) {
      String entity = r.isNullAt(1) ? "" : io.swoop.model.Ids.to18(r.getString(1)).substring(0, 15);
      String key = r.getString(0) + "|" + entity + "|" + r.getDate(2).toLocalDate();
      long[] expected = counts.get(key);
      assertTrue(expected != null, "unexpected win_rates row " + key);
      assertEquals(expected[0], r.getLong(3), key + " won");
      assertEquals(expected[1], r.getLong(4), key + " lost");
      assertEquals((double) expected[0] / (expected[0] + expected[1]), r.getDouble(5), 1e-12, key);
      assertEquals(
          bookings.getOrDefault(key, BigDecimal.ZERO.setScale(2)),
          r.getDecimal(8),
          key + " bookings");
      assertTrue(
          r.getDouble(6) <= r.getDouble(5) && r.getDouble(5) <= r.getDouble(7), key + " interval");
    }
  }
}
