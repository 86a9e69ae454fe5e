package io.swoop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.testing.Fixtures;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The defaults the README and the contract state are {@link SwoopConfig}'s: the README's
 * configuration table, and every "`key` (default X)" in either (conf/swoop.properties is checked by
 * RepositoryConsistencyTest).
 */
class ConfigDefaultsDocumentedTest {
  private static final Pattern TABLE_ROW =
      Pattern.compile("^\\| `([a-z_]+\\.[a-z_*]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);
  private static final Pattern PROSE =
      Pattern.compile("`([a-z_]+\\.[a-z_]+)`\\s+\\(default ([^)]+)\\)");

  /** Every configuration key, mapped to its default constant's value (null: no default). */
  private static Map<String, Object> keys() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Field f : SwoopConfig.class.getFields()) {
      String name = f.getName();
      if (f.getType() == String.class && !name.endsWith("_DEFAULT") && !name.endsWith("_ENV")) {
        Field dflt = fieldOrNull(name + "_DEFAULT");
        m.put((String) f.get(null), dflt == null ? null : dflt.get(null));
      }
    }
    return m;
  }

  private static Field fieldOrNull(String name) {
    try {
      return SwoopConfig.class.getField(name);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  /** Whether the documented text says {@code value}: 1 % = 0.01, 50,000 = 50000, 0.10 = 0.1. */
  static boolean says(String documented, Object value) {
    String d = documented.strip().replace(",", "").replace("`", "");
    if (value instanceof Number n) {
      boolean percent = d.endsWith("%");
      try {
        BigDecimal v = new BigDecimal(percent ? d.replace("%", "").strip() : d);
        if (percent) {
          v = v.movePointLeft(2);
        }
        return v.compareTo(new BigDecimal(n.toString())) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return d.equals(String.valueOf(value));
  }

  @Test
  void theReadmesTableListsEveryKeyWithSwoopConfigsDefault() throws Exception {
    String readme = Files.readString(Fixtures.basedir().resolve("README.md"));
    Map<String, Object> keys = keys();
    Set<String> listed = new LinkedHashSet<>();
    Matcher m = TABLE_ROW.matcher(readme);
    while (m.find()) {
      String key = m.group(1);
      String documented = m.group(2).strip();
      if (key.endsWith(".*")) {
        listed.add(key);
        continue;
      }
      assertTrue(keys.containsKey(key), "README's table lists " + key + ", not a key of swoop");
      listed.add(key);
      Object value = keys.get(key);
      if (value == null) {
        assertEquals("(none)", documented, "README: " + key + " has no default in SwoopConfig");
      } else {
        assertTrue(
            says(documented, value),
            "README says " + key + " defaults to '" + documented + "', SwoopConfig to " + value);
      }
    }
    for (String key : keys.keySet()) {
      String family = key.substring(0, key.indexOf('.')) + ".*";
      assertTrue(
          listed.contains(key) || listed.contains(family),
          "README's configuration table does not list " + key);
    }
  }

  @Test
  void everyDefaultTheReadmeOrTheContractNamesIsSwoopConfigs() throws Exception {
    Map<String, Object> keys = keys();
    int checked = 0;
    for (String doc : new String[] {"README.md", "src/docs/CONTRACT.md"}) {
      Matcher m = PROSE.matcher(Files.readString(Fixtures.basedir().resolve(doc)));
      while (m.find()) {
        String key = m.group(1);
        assertTrue(keys.containsKey(key), doc + " names a default of " + key + ", not a key");
        Object value = keys.get(key);
        assertTrue(
            value != null && says(m.group(2), value),
            doc + " says " + key + " (default " + m.group(2) + "), SwoopConfig's is " + value);
        checked++;
      }
    }
    assertTrue(checked >= 10, "found only " + checked + " stated defaults");
  }

  @Test
  void documentedValuesAreReadAsTheirNumbers() {
    assertTrue(says("1 %", 0.01));
    assertTrue(says("50,000", 50_000));
    assertTrue(says("0.10", 0.1));
    assertTrue(says("false", false));
    assertTrue(!says("0.2", 0.1));
    assertTrue(!says("(none)", 5));
  }
}
