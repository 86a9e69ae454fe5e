package io.swoop.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Whether two output folders hold the same tables row for row (as multisets, file layout and row
 * order aside), read by DuckDB as a BI tool would. Used to check that a speed change moved no
 * number: {@code java -cp ... io.swoop.bench.CompareOutputs BEFORE AFTER}; exits 1 on any
 * difference, printing it.
 */
public final class CompareOutputs {
  private CompareOutputs() {}

  public static void main(String[] args) throws Exception {
    System.exit(compare(Paths.get(args[0]), Paths.get(args[1])) ? 0 : 1);
  }

  static boolean compare(Path a, Path b) throws Exception {
    TreeSet<String> ta = tables(a);
    TreeSet<String> tb = tables(b);
    boolean same = ta.equals(tb);
    if (!same) {
      System.out.println("tables differ: " + ta + " vs " + tb);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      for (String t : ta) {
        if (!tb.contains(t)) {
          continue;
        }
        String ra = scan(a, t);
        String rb = scan(b, t);
        long na = count(st, "SELECT count(*) FROM " + ra);
        long nb = count(st, "SELECT count(*) FROM " + rb);
        long onlyA = count(st, "SELECT count(*) FROM (FROM " + ra + " EXCEPT ALL FROM " + rb + ")");
        long onlyB = count(st, "SELECT count(*) FROM (FROM " + rb + " EXCEPT ALL FROM " + ra + ")");
        boolean ok = na == nb && onlyA == 0 && onlyB == 0;
        System.out.printf(
            "%-20s %s  rows %d vs %d, only in first %d, only in second %d, files %d vs %d%n",
            t, ok ? "same" : "DIFFERENT", na, nb, onlyA, onlyB, files(a, t), files(b, t));
        same &= ok;
      }
    }
    return same;
  }

  private static TreeSet<String> tables(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      TreeSet<String> names = new TreeSet<>();
      s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_"))
          .forEach(names::add);
      return names;
    }
  }

  private static String scan(Path dir, String table) {
    return "read_parquet('" + dir.resolve(table) + "/*/*.parquet', hive_partitioning = true)";
  }

  private static long files(Path dir, String table) throws Exception {
    try (Stream<Path> s = Files.walk(dir.resolve(table))) {
      return s.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  private static long count(Statement st, String sql) throws Exception {
    try (ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
