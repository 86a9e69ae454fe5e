package io.swoop.signals;

import static io.swoop.signals.Fixture.assertRows;
import static io.swoop.signals.Fixture.user;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_timestamp;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ManagerHistoryTest extends SignalsTestBase {

  private static Dataset<Row> at(String userId, String moment) {
    StructType schema =
        new StructType().add("who", DataTypes.StringType).add("when", DataTypes.StringType);
    return spark
        .createDataFrame(List.of(row(userId, moment)), schema)
        .withColumn("when", to_timestamp(col("when")));
  }

  @Test
  void withoutManagerChangesEveryMomentHasTodaysManager() {
    Fixture f = new Fixture().user("mgr", null).user("rep", "mgr");
    Dataset<Row> stretches = ManagerHistory.of(f.model(spark, "2024-12-31").users());
    Dataset<Row> rows =
        at(user("rep"), "2020-01-01 00:00:00")
            .unionByName(at(user("mgr"), "2024-06-01 00:00:00"))
            .unionByName(at(user("nobody"), "2024-06-01 00:00:00"));
    assertRows(
        List.of(row(user("rep"), user("mgr")), row(user("mgr"), null), row(user("nobody"), null)),
        ManagerHistory.managerAt(rows, "who", "when", stretches, "boss").select("who", "boss"));
  }
}
