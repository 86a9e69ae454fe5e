package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Facts written in two places stay equal. */
class RepositoryConsistencyTest {
  private static final Path ROOT = Paths.get(System.getProperty("swoop.basedir", "."));

  @Test
  void launcherAndMavenPassTheSameJvmFlags() throws Exception {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher m = Pattern.compile("<spark.jvm.flags>(.*?)</spark.jvm.flags>").matcher(pom);
    assertTrue(m.find());
    List<String> fromPom = Arrays.asList(m.group(1).trim().split("\\s+"));
    List<String> fromLauncher =
        Files.readAllLines(ROOT.resolve("jobs/lib/jvm.flags")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertEquals(fromPom, fromLauncher);
  }

  @Test
  void contractCopyIsIdenticalToTheSharedContract() throws Exception {
    Path shared = ROOT.resolve("../shared/CONTRACT.md");
    Path copy = ROOT.resolve("src/docs/CONTRACT.md");
    assertTrue(Files.exists(copy), "src/docs/CONTRACT.md is missing");
    if (Files.exists(shared)) {
      assertEquals(
          Files.readString(shared),
          Files.readString(copy),
          "src/docs/CONTRACT.md differs from ../shared/CONTRACT.md: copy it again");
    }
  }

  @Test
  void everyConfigurationKeyIsDocumentedInConf() throws Exception {
    String conf = Files.readString(ROOT.resolve("conf/swoop.properties"));
    for (var f : io.swoop.config.SwoopConfig.class.getFields()) {
      if (f.getType() == String.class
          && !f.getName().endsWith("_DEFAULT")
          && !f.getName().endsWith("_ENV")) {
        String key = (String) f.get(null);
        assertTrue(
            conf.contains("\n" + key + " ="), "conf/swoop.properties does not document " + key);
      }
    }
  }

  @Test
  void everyDefaultInConfEqualsSwoopConfigsDefault() throws Exception {
    Path file = ROOT.resolve("conf/swoop.properties");
    Properties conf = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      conf.load(r);
    }
    int checked = 0;
    for (Field f : SwoopConfig.class.getFields()) {
      if (!f.getName().endsWith("_DEFAULT")) {
        continue;
      }
      String key =
          (String) SwoopConfig.class.getField(f.getName().replace("_DEFAULT", "")).get(null);
      Object value = f.get(null);
      String documented = conf.getProperty(key, "").strip();
      String expected = String.valueOf(value);
      boolean same =
          value instanceof Number
              ? !documented.isEmpty()
                  && new BigDecimal(documented).compareTo(new BigDecimal(expected)) == 0
              : documented.equals(expected);
      assertTrue(
          same,
          "conf/swoop.properties says " + key + " = '" + documented + "', the default is " + value);
      checked++;
    }
    assertTrue(checked > 10, "found only " + checked + " defaults");
    // Keys without a default constant (blank means "not set") must read as the defaults do.
    SwoopConfig documented = SwoopConfig.load(file);
    SwoopConfig defaults = SwoopConfig.defaults();
    for (Method m : SwoopConfig.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && !Modifier.isStatic(m.getModifiers())
          && m.getParameterCount() == 0
          && !m.getName().equals("asMap")) {
        assertEquals(m.invoke(defaults), m.invoke(documented), "conf/swoop.properties: " + m);
      }
    }
  }
}
