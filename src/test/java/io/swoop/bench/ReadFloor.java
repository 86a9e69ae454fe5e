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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code jobs/bench}'s read floor: how long DuckDB takes to parse the same CSV exports into tables
 * with the column types swoop gives them (all cores, in memory). Prints {@code seconds rows} on one
 * line. Run from the test classpath: {@code java -cp ... io.swoop.bench.ReadFloor DIR}.
 */
public final class ReadFloor {
  private ReadFloor() {}

  public static void main(String[] args) throws Exception {
    Floor floor = measure(Paths.get(args[0]));
    System.out.printf("%.2f %d%n", floor.seconds(), floor.rows());
  }

  /** Seconds DuckDB took to read every export of {@code dir}, and the rows it read. */
  record Floor(double seconds, long rows) {}

  static Floor measure(Path dir) throws Exception {
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
        // The job matches header names case-insensitively (and past a BOM): so must the floor,
        // which names each column as the file spells it.
        Map<String, String> header = header(file);
        StringJoiner types = new StringJoiner(", ", "{", "}");
        for (FieldSpec f : spec.fields()) {
          String spelled = header.get(f.apiName().toLowerCase(Locale.ROOT));
          if (spelled != null) {
            types.add("'" + spelled.replace("'", "''") + "': '" + duckType(f) + "'");
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
      return new Floor((System.nanoTime() - t0) / 1e9, rows);
    }
  }

  /** The header's names, each under its lower-case form. */
  static Map<String, String> header(Path file) throws Exception {
    try (BufferedReader r = Files.newBufferedReader(file)) {
      Map<String, String> names = new HashMap<>();
      for (String n : r.readLine().replace("\uFEFF", "").split(",")) {
        String name = n.strip().replace("\"", "");
        names.put(name.toLowerCase(Locale.ROOT), name);
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
