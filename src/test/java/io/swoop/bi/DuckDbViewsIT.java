package io.swoop.bi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.model.OutputTables;
import io.swoop.testing.DuckDb;
import io.swoop.testing.SampleOutput;
import io.swoop.testing.SqlFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every output table read by an independent reader, DuckDB over JDBC, through the views of
 * conf/bi/duckdb.sql: the types a dashboard sees, Parquet's physical timestamp type, and the
 * example dashboard query of each table (conf/bi/dashboard-examples.sql).
 */
class DuckDbViewsIT {
  private static SampleOutput.Run run;
  private static DuckDb db;

  @BeforeAll
  static void views() throws Exception {
    run = SampleOutput.get();
    db = new DuckDb();
    for (String s : SqlFiles.statements(SqlFiles.bi("duckdb.sql"), run.output().toString())) {
      db.execute(s);
    }
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void everyViewShowsTheTypesADashboardExpects() throws Exception {
    for (Map.Entry<String, org.apache.spark.sql.types.StructType> t : OutputTables.ALL.entrySet()) {
      Map<String, String> expected = new LinkedHashMap<>();
      for (StructField f : t.getValue().fields()) {
        expected.put(f.name(), duckType(f.dataType()));
      }
      expected.put("snapshot_date", "DATE");
      assertEquals(expected, db.types("SELECT * FROM " + t.getKey()), t.getKey());
      List<String> dates = db.rows("SELECT DISTINCT snapshot_date FROM " + t.getKey());
      if (!dates.isEmpty()) {
        assertEquals(
            List.of(run.snapshotDate().toString()), dates, t.getKey() + " has the run's date");
      }
    }
  }

  @Test
  void timestampsAreInt64MicrosInUtcNeverInt96() throws Exception {
    for (String table : OutputTables.ALL.keySet()) {
      String files = "'" + run.output().resolve(table) + "/*/*.parquet'";
      assertEquals(
          List.of(),
          db.rows("SELECT DISTINCT name FROM parquet_schema(" + files + ") WHERE type = 'INT96'"),
          table);
      for (StructField f : OutputTables.ALL.get(table).fields()) {
        if (f.dataType().equals(DataTypes.TimestampType)) {
          List<String> schema =
              db.rows(
                  "SELECT DISTINCT type, logical_type FROM parquet_schema("
                      + files
                      + ") WHERE name = '"
                      + f.name()
                      + "'");
          assertEquals(1, schema.size(), schema.toString());
          String s = schema.get(0);
          assertTrue(s.startsWith("INT64 | "), table + "." + f.name() + ": " + s);
          assertTrue(
              s.contains("isAdjustedToUTC=1") && s.contains("MICROS=MicroSeconds()"),
              table + "." + f.name() + ": " + s);
        }
      }
    }
  }

  @Test
  void everyTableHasADashboardQueryThatRuns() throws Exception {
    Map<String, String> queries = SqlFiles.labelled(SqlFiles.bi("dashboard-examples.sql"), "table");
    assertEquals(OutputTables.ALL.keySet(), queries.keySet());
    for (Map.Entry<String, String> q : queries.entrySet()) {
      List<String> rows = db.rows(q.getValue());
      long tableRows = Long.parseLong(db.rows("SELECT count(*) FROM " + q.getKey()).get(0));
      assertEquals(tableRows > 0, !rows.isEmpty(), q.getKey() + ": " + rows);
    }
    List<String> ranking = db.rows(queries.get(OutputTables.MANAGER_SCORECARD));
    assertFalse(ranking.isEmpty());
  }

  /** The DuckDB type of a column of this Spark type, as swoop writes it to Parquet. */
  static String duckType(DataType t) {
    if (t instanceof DecimalType d) {
      return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
    }
    if (t.equals(DataTypes.StringType)) {
      return "VARCHAR";
    }
    if (t.equals(DataTypes.TimestampType)) {
      return "TIMESTAMP WITH TIME ZONE";
    }
    if (t.equals(DataTypes.LongType)) {
      return "BIGINT";
    }
    if (t.equals(DataTypes.IntegerType)) {
      return "INTEGER";
    }
    if (t.equals(DataTypes.DoubleType)) {
      return "DOUBLE";
    }
    if (t.equals(DataTypes.DateType)) {
      return "DATE";
    }
    if (t.equals(DataTypes.BooleanType)) {
      return "BOOLEAN";
    }
    throw new IllegalArgumentException("no DuckDB type for " + t);
  }
}
