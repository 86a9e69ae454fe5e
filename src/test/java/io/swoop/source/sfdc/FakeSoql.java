package io.swoop.source.sfdc;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough SOQL for {@link FakeSalesforce}: {@code SELECT f, ... | COUNT() FROM Object [WHERE
 * cond] [ORDER BY f, ...] [LIMIT n]} where cond combines comparisons ({@code = != < <= > >=}) of a
 * field with a dateTime, date, string, number, boolean or null literal by AND, OR and parentheses.
 */
final class FakeSoql {
  private static final Pattern SHAPE =
      Pattern.compile(
          "(?is)^\\s*SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)(?:\\s+WHERE\\s+(.+?))?(?:\\s+ORDER\\s+BY\\s+(.+?))?(?:\\s+LIMIT\\s+(\\d+))?\\s*$");
  private static final Pattern TOKEN =
      Pattern.compile(
          "\\s*(\\(|\\)|<=|>=|!=|=|<|>|'(?:[^'\\\\]|\\\\.)*'"
              + "|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})"
              + "|\\d{4}-\\d{2}-\\d{2}|-?\\d+(?:\\.\\d+)?|[A-Za-z_][A-Za-z0-9_.]*)");

  final List<String> fields = new ArrayList<>();
  final String object;
  final Node where;
  final List<String> orderBy = new ArrayList<>();

  /** {@code SELECT COUNT()}: the answer is the number of rows, no records. */
  final boolean count;

  /** At most this many rows; -1 = no LIMIT. */
  final int limit;

  interface Node {
    boolean test(Map<String, Object> row);

    void fields(List<String> out);
  }

  private FakeSoql(String soql) {
    Matcher m = SHAPE.matcher(soql);
    if (!m.matches()) {
      throw new IllegalArgumentException("malformed query: " + soql);
    }
    count = m.group(1).strip().equalsIgnoreCase("COUNT()");
    if (!count) {
      for (String f : m.group(1).split(",")) {
        fields.add(f.strip());
      }
    }
    limit = m.group(5) == null ? -1 : Integer.parseInt(m.group(5));
    object = m.group(2);
    where = m.group(3) == null ? null : new Parser(tokens(m.group(3))).parse();
    if (m.group(4) != null) {
      for (String f : m.group(4).split(",")) {
        orderBy.add(f.strip().split("\\s+")[0]);
      }
    }
  }

  static FakeSoql parse(String soql) {
    return new FakeSoql(soql);
  }

  /** Every field the query names. */
  List<String> referenced() {
    List<String> out = new ArrayList<>(fields);
    if (where != null) {
      where.fields(out);
    }
    out.addAll(orderBy);
    return out;
  }

  Comparator<Map<String, Object>> order() {
    Comparator<Map<String, Object>> c = (a, b) -> 0;
    for (String f : orderBy) {
      c = c.thenComparing((a, b) -> compare(a.get(f), b.get(f)));
    }
    return c;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return ((Comparable) a).compareTo(b);
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(s);
    int at = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      out.add(m.group(1));
      at = m.end();
    }
    if (!s.substring(at).isBlank()) {
      throw new IllegalArgumentException("cannot read WHERE at: " + s.substring(at));
    }
    return out;
  }

  private static final class Parser {
    private final List<String> t;
    private int i;

    Parser(List<String> tokens) {
      this.t = tokens;
    }

    Node parse() {
      Node n = or();
      if (i != t.size()) {
        throw new IllegalArgumentException("unexpected " + t.get(i));
      }
      return n;
    }

    private boolean word(String w) {
      if (i < t.size() && t.get(i).equalsIgnoreCase(w)) {
        i++;
        return true;
      }
      return false;
    }

    private Node or() {
      List<Node> parts = new ArrayList<>(List.of(and()));
      while (word("OR")) {
        parts.add(and());
      }
      return parts.size() == 1
          ? parts.get(0)
          : new Node() {
            public boolean test(Map<String, Object> r) {
              return parts.stream().anyMatch(p -> p.test(r));
            }

            public void fields(List<String> out) {
              parts.forEach(p -> p.fields(out));
            }
          };
    }

    private Node and() {
      List<Node> parts = new ArrayList<>(List.of(factor()));
      while (word("AND")) {
        parts.add(factor());
      }
      return parts.size() == 1
          ? parts.get(0)
          : new Node() {
            public boolean test(Map<String, Object> r) {
              return parts.stream().allMatch(p -> p.test(r));
            }

            public void fields(List<String> out) {
              parts.forEach(p -> p.fields(out));
            }
          };
    }

    private Node factor() {
      if (word("(")) {
        Node n = or();
        if (!word(")")) {
          throw new IllegalArgumentException("missing )");
        }
        return n;
      }
      String field = t.get(i++);
      String op = t.get(i++);
      Object literal = literal(t.get(i++));
      return new Node() {
        public boolean test(Map<String, Object> r) {
          Object v = r.get(field);
          if (literal == null || v == null) {
            boolean same = literal == v;
            return op.equals("=") ? same : op.equals("!=") && !same;
          }
          int c = compare(v, literal);
          return switch (op) {
            case "=" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalArgumentException("operator " + op);
          };
        }

        public void fields(List<String> out) {
          out.add(field);
        }
      };
    }

    private static Object literal(String s) {
      if (s.startsWith("'")) {
        return s.substring(1, s.length() - 1).replace("\\'", "'");
      }
      if (s.contains("T") && s.length() > 10 && Character.isDigit(s.charAt(0))) {
        return Instant.parse(s);
      }
      if (s.length() == 10 && s.charAt(4) == '-') {
        return LocalDate.parse(s);
      }
      switch (s.toLowerCase(Locale.ROOT)) {
        case "null":
          return null;
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        default:
          return Double.parseDouble(s);
      }
    }
  }
}
