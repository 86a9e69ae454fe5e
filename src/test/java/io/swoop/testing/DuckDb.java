package io.swoop.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DuckDB over JDBC: an independent reader of the Parquet output, as BI tools see it. */
public final class DuckDb implements AutoCloseable {
  private final Connection connection;

  public DuckDb() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
  }

  public Connection connection() {
    return connection;
  }

  public void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /** Every row of {@code sql}, each as its values joined by " | ", in the query's order. */
  public List<String> rows(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? " | " : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  /** Column name → DuckDB type name of the result of {@code sql}, as DESCRIBE reports them. */
  public Map<String, String> types(String sql) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("DESCRIBE " + sql)) {
      while (rs.next()) {
        out.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    }
    return out;
  }

  /** The rows of one table's partition of one date, sorted: equal lists mean equal tables. */
  public static List<String> partition(Path output, String table, LocalDate date)
      throws SQLException {
    try (DuckDb db = new DuckDb()) {
      List<String> rows =
          db.rows(
              "SELECT * FROM read_parquet('"
                  + output.resolve(table).resolve("snapshot_date=" + date).resolve("*.parquet")
                  + "')");
      Collections.sort(rows);
      return rows;
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
