package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.testing.Fixtures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * jobs/swoop's classpath holds what production needs: the dependency plugin is asked for the
 * compile scope (compile, provided and system: Spark for local runs), never the test scope. The
 * classpath the launcher actually built is checked by .ci/run after the sample run.
 */
class LauncherClasspathTest {
  /** The user properties maven-dependency-plugin's build-classpath goal reads. */
  private static final List<String> PLUGIN_PROPERTIES =
      List.of("mdep.outputFile", "includeScope", "excludeScope", "style.color", "skipTests");

  @Test
  void theLauncherAsksForTheCompileScopeByThePluginsPropertyName() throws Exception {
    String script = Files.readString(Fixtures.basedir().resolve("jobs/swoop"));
    // The command as the shell sees it: continuation lines joined.
    String invocation =
        script
            .replace("\\\n", " ")
            .lines()
            .filter(l -> l.contains("mvn ") && l.contains("dependency:build-classpath"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("jobs/swoop runs dependency:build-classpath"));
    List<String> properties = new ArrayList<>();
    Matcher d = Pattern.compile("-D([\\w.]+)=(\"[^\"]*\"|[^\\s)]+)").matcher(invocation);
    while (d.find()) {
      properties.add(d.group(1));
      if (d.group(1).equals("includeScope")) {
        assertEquals("compile", d.group(2), invocation);
      }
    }
    assertTrue(properties.contains("includeScope"), invocation);
    for (String p : properties) {
      // A misspelt property (mdep.includeScope) is ignored by Maven without a word.
      assertTrue(PLUGIN_PROPERTIES.contains(p), "not a property Maven reads: -D" + p);
    }
  }
}
