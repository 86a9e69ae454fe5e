package io.swoop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/** Column names live in ColumnNames only; the schemas take theirs from there. */
class ColumnNamesTest {

  private static Map<String, String> constants() throws IllegalAccessException {
    Map<String, String> byValue = new HashMap<>();
    for (Field f : ColumnNames.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String previous = byValue.put((String) f.get(null), f.getName());
        assertEquals(null, previous, f.getName() + " names the same column as " + previous);
      }
    }
    return byValue;
  }

  @Test
  void everyColumnHasOneConstant() throws Exception {
    assertTrue(constants().size() > 50);
  }

  @Test
  void everyOutputColumnIsInColumnNames() throws Exception {
    Set<String> names = constants().keySet();
    OutputTables.ALL.forEach(
        (table, schema) -> {
          for (StructField f : schema.fields()) {
            assertTrue(names.contains(f.name()), table + "." + f.name() + " is not in ColumnNames");
          }
        });
  }

  @Test
  void everyCanonicalColumnIsInColumnNames() throws Exception {
    Set<String> names = constants().keySet();
    Set<String> seen = new HashSet<>();
    for (SfObject o : SfObject.values()) {
      for (StructField f : Canonical.schema(o).fields()) {
        assertTrue(names.contains(f.name()), o.table() + "." + f.name() + " is not in ColumnNames");
        seen.add(f.name());
      }
    }
    assertTrue(seen.contains(ColumnNames.HIRE_DATE) && seen.contains(ColumnNames.IS_INVITEE));
  }
}
