package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swoop.config.SwoopConfig;
import io.swoop.model.OutputTables;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The entry point the job calls: every signal table, in the contract's schemas. */
class SignalsTest extends SignalsTestBase {

  @Test
  void everySignalTableHasExactlyItsContractSchema() {
    Fixture f =
        new Fixture()
            .user("mgr", null)
            .user("rep", "mgr")
            .openDeal("d1", "mgr")
            .lateFromMarch("d1")
            .meeting("m", "mgr", "2024-06-03", "duration_in_minutes", 30.0)
            .relation("m", Fixture.user("rep"));
    f.ownerChange("d1", "2024-03-05T10:00:00", "rep", "mgr");
    Map<String, Dataset<Row>> tables =
        Signals.compute(
            f.model(spark, "2024-12-31"),
            SwoopConfig.defaults(),
            (name, ds) -> ds.localCheckpoint(true));
    assertEquals(
        List.of(
            OutputTables.REP_TENURE,
            OutputTables.DEAL_TAKEOVERS,
            OutputTables.WIN_RATES,
            OutputTables.WIN_RATE_TRENDS,
            OutputTables.COACHING,
            OutputTables.TAKEOVER_EFFECT,
            OutputTables.TAKEOVER_EFFECT_BALANCE,
            OutputTables.REP_SURVIVAL,
            OutputTables.MANAGER_SCORECARD),
        List.copyOf(tables.keySet()));
    tables.forEach((name, ds) -> assertEquals(OutputTables.ALL.get(name), ds.schema(), name));
    assertEquals(1, tables.get(OutputTables.DEAL_TAKEOVERS).count());
    assertEquals(2, tables.get(OutputTables.REP_TENURE).count());
    assertEquals(1, tables.get(OutputTables.MANAGER_SCORECARD).count());
    assertEquals(1, tables.get(OutputTables.COACHING).count());
    // d1 is open: no treated deal.
    assertEquals(0, tables.get(OutputTables.TAKEOVER_EFFECT).count());
    assertEquals(0, tables.get(OutputTables.TAKEOVER_EFFECT_BALANCE).count());
    // rep's one spell under mgr, still there: one censored row for mgr and one for the org.
    assertEquals(2, tables.get(OutputTables.REP_SURVIVAL).count());
  }
}
