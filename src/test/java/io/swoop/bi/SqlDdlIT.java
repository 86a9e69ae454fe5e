package io.swoop.bi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.job.Spark;
import io.swoop.model.OutputTables;
import io.swoop.testing.DuckDb;
import io.swoop.testing.SampleOutput;
import io.swoop.testing.SqlFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The table definitions of conf/bi for Spark SQL, Hive, Athena and Trino: each declares every
 * output table with the contract's columns and types and snapshot_date as its DATE partition; the
 * Spark SQL file creates tables that read the sample output; the Hive and Athena files parse.
 */
class SqlDdlIT {
  private static final Pattern CREATE =
      Pattern.compile(
          "CREATE (?:EXTERNAL )?TABLE IF NOT EXISTS (?:hive\\.)?swoop\\.(\\w+) \\((.*?)\\n\\)\\s*(.*)",
          Pattern.DOTALL);

  private static SampleOutput.Run run;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    run = SampleOutput.get();
    spark =
        Spark.session(
            "local[2]",
            Map.of(
                "spark.sql.shuffle.partitions",
                "2",
                "spark.sql.warehouse.dir",
                Files.createTempDirectory("swoop-warehouse").toString()));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void sparkSqlTablesReadTheOutputWithTheContractsSchema() throws Exception {
    spark.sql("DROP DATABASE IF EXISTS swoop CASCADE");
    for (String s : SqlFiles.statements(SqlFiles.bi("spark.sql"), run.output().toString())) {
      spark.sql(s);
    }
    for (Map.Entry<String, StructType> t : OutputTables.ALL.entrySet()) {
      StructType schema = spark.table("swoop." + t.getKey()).schema();
      StructType expected = t.getValue().add("snapshot_date", DataTypes.DateType);
      assertEquals(names(expected), names(schema), t.getKey());
      long sparkRows = spark.table("swoop." + t.getKey()).count();
      long duckRows;
      try (DuckDb db = new DuckDb()) {
        duckRows =
            Long.parseLong(
                db.rows(
                        "SELECT count(*) FROM '"
                            + run.output().resolve(t.getKey())
                            + "/*/*.parquet'")
                    .get(0));
      }
      assertEquals(duckRows, sparkRows, t.getKey());
      if (sparkRows > 0) {
        List<Row> dates =
            spark
                .sql("SELECT DISTINCT CAST(snapshot_date AS STRING) FROM swoop." + t.getKey())
                .collectAsList();
        assertEquals(
            List.of(run.snapshotDate().toString()),
            dates.stream().map(r -> r.getString(0)).toList());
      }
    }
  }

  @Test
  void hiveAndAthenaDefinitionsParse() throws Exception {
    for (String file : List.of("hive.sql", "athena.sql", "spark.sql")) {
      List<String> statements = SqlFiles.statements(SqlFiles.bi(file), "s3://bucket/swoop");
      assertTrue(statements.size() >= OutputTables.ALL.size());
      for (String s : statements) {
        spark.sessionState().sqlParser().parsePlan(s);
      }
    }
  }

  @Test
  void everyDefinitionHasTheContractsColumnsAndTheDatePartition() throws Exception {
    check("hive.sql", SqlDdlIT::hive, "PARTITIONED BY (`snapshot_date` DATE)", false);
    check("athena.sql", SqlDdlIT::hive, "'projection.snapshot_date.type' = 'date'", false);
    check("spark.sql", SqlDdlIT::hive, "PARTITIONED BY (`snapshot_date`)", true);
    check("trino.sql", SqlDdlIT::trino, "partitioned_by = ARRAY['snapshot_date']", true);
  }

  private static void check(
      String file,
      java.util.function.Function<DataType, String> types,
      String partition,
      boolean dateLast)
      throws Exception {
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    for (String s : SqlFiles.statements(SqlFiles.bi(file), "s3://bucket/swoop")) {
      Matcher m = CREATE.matcher(s);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> columns = new LinkedHashMap<>();
      for (String c : columns(m.group(2))) {
        String[] nameType = c.strip().split("\\s+", 2);
        columns.put(nameType[0].replace("`", ""), nameType[1].strip());
      }
      tables.put(m.group(1), columns);
      assertTrue(m.group(3).contains(partition), file + " " + m.group(1) + ": " + m.group(3));
      assertTrue(m.group(3).contains("/" + m.group(1)), file + " " + m.group(1) + " location");
    }
    assertEquals(OutputTables.ALL.keySet(), tables.keySet(), file);
    for (Map.Entry<String, StructType> t : OutputTables.ALL.entrySet()) {
      Map<String, String> expected = new LinkedHashMap<>();
      for (StructField f : t.getValue().fields()) {
        expected.put(f.name(), types.apply(f.dataType()));
      }
      if (dateLast) {
        expected.put("snapshot_date", types.apply(DataTypes.DateType));
      }
      assertEquals(expected, tables.get(t.getKey()), file + " " + t.getKey());
    }
  }

  /** Splits a column list at the commas outside parentheses (DECIMAL(18,2) has one). */
  private static List<String> columns(String list) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    StringBuilder c = new StringBuilder();
    for (char ch : list.toCharArray()) {
      depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
      if (ch == ',' && depth == 0) {
        out.add(c.toString());
        c.setLength(0);
      } else {
        c.append(ch);
      }
    }
    out.add(c.toString());
    return out;
  }

  private static List<String> names(StructType s) {
    List<String> out = new ArrayList<>();
    for (StructField f : s.fields()) {
      out.add(f.name() + " " + f.dataType().simpleString());
    }
    return out;
  }

  private static String hive(DataType t) {
    if (t instanceof DecimalType d) {
      return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
    }
    return switch (t.simpleString()) {
      case "string" -> "STRING";
      case "timestamp" -> "TIMESTAMP";
      case "int" -> "INT";
      case "bigint" -> "BIGINT";
      case "double" -> "DOUBLE";
      case "date" -> "DATE";
      case "boolean" -> "BOOLEAN";
      default -> throw new IllegalArgumentException(t.simpleString());
    };
  }

  private static String trino(DataType t) {
    if (t instanceof DecimalType d) {
      return "decimal(" + d.precision() + "," + d.scale() + ")";
    }
    return switch (t.simpleString()) {
      case "string" -> "varchar";
      case "timestamp" -> "timestamp(3)";
      case "int" -> "integer";
      case "bigint" -> "bigint";
      case "double" -> "double";
      case "date" -> "date";
      case "boolean" -> "boolean";
      default -> throw new IllegalArgumentException(t.simpleString());
    };
  }
}
