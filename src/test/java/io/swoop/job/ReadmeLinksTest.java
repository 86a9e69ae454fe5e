package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md's links work in a clone: each relative link names a file or folder of the repo. */
class ReadmeLinksTest {
  private static final Path ROOT = Fixtures.basedir();

  /** Markdown links and images: [text](target) and ![alt](target), outside code spans. */
  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

  @Test
  void everyRelativeLinkResolvesInsideTheRepository() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Set<String> anchors = anchors(readme);
    List<String> broken = new ArrayList<>();
    int checked = 0;
    Matcher m = LINK.matcher(readme.replaceAll("(?s)```.*?```", ""));
    while (m.find()) {
      String target = m.group(1);
      if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
        continue; // https:, mailto:
      }
      checked++;
      int hash = target.indexOf('#');
      String file = hash < 0 ? target : target.substring(0, hash);
      if (file.isEmpty()) {
        if (!anchors.contains(target.substring(1))) {
          broken.add(target + " (no such heading)");
        }
        continue;
      }
      Path p = ROOT.resolve(file).normalize();
      if (!p.startsWith(ROOT) || !Files.exists(p)) {
        broken.add(target);
      }
    }
    assertTrue(checked > 0, "README.md has relative links to check");
    assertEquals(List.of(), broken, "links in README.md that do not resolve in a clone");
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  private static Set<String> anchors(String markdown) {
    Set<String> out = new HashSet<>();
    for (String line : markdown.replaceAll("(?s)```.*?```", "").lines().toList()) {
      if (line.startsWith("#")) {
        String title = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
        out.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return out;
  }
}
