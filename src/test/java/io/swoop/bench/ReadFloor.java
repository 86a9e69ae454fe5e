package io.swoop.bench;

import io.swoop.config.SwoopConfig;
import io.swoop.model.FieldSpec;
import io.swoop.model.ObjectSpec;
import io.swoop.model.SfObject;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code jobs/bench}'s read floor: how long DuckDB takes to parse the same CSV exports into tables
 * with the column types swoop gives them (all cores, in memory). Prints {@code seconds rows} on one
 * line. Run from the test classpath: {@code java -cp ... io.swoop.bench.ReadFloor DIR}.
 */
public final class ReadFloor {
  private ReadFloor() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    SwoopConfig config = SwoopConfig.defaults();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      long rows = 0;
      long t0 = System.nanoTime();
      for (SfObject o : SfObject.values()) {
        Path file = dir.resolve(o.fileName());
        if (!Files.exists(file)) {
          continue;
        }
        ObjectSpec spec = ObjectSpec.of(o, config.hireDateField(), config.terminationDateField());
        Set<String> header = header(file);
        StringJoiner types = new StringJoiner(", ", "{", "}");
        for (FieldSpec f : spec.fields()) {
          if (header.contains(f.apiName())) {
            types.add("'" + f.apiName() + "': '" + duckType(f) + "'");
          }
        }
        String table = "t_" + o.name().toLowerCase();
        st.execute(
            "CREATE TABLE "
                + table
                + " AS SELECT * FROM read_csv('"
                + file.toString().replace("'", "''")
                + "', header = true, types = "
                + types
                + ", ignore_errors = true)");
        try (ResultSet r = st.executeQuery("SELECT count(*) FROM " + table)) {
          r.next();
          rows += r.getLong(1);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%.2f %d%n", seconds, rows);
    }
  }

  private static Set<String> header(Path file) throws Exception {
    try (BufferedReader r = Files.newBufferedReader(file)) {
      Set<String> names = new HashSet<>();
      for (String n : r.readLine().split(",")) {
        names.add(n.strip().replace("\"", ""));
      }
      return names;
    }
  }

  private static String duckType(FieldSpec f) {
    return switch (f.type()) {
      case ID, TEXT -> "VARCHAR";
      case TIMESTAMP -> "TIMESTAMP";
      case DATE -> "DATE";
      case BOOLEAN -> "BOOLEAN";
      case MONEY -> "DECIMAL(18,2)";
      case NUMBER -> "DOUBLE";
    };
  }
}
