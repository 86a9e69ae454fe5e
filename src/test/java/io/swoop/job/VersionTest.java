package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swoop.testing.Fixtures;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The version swoop reports (--version, every manifest) is pom.xml's, filled in by the build. */
class VersionTest {
  /** {@code project/version} of pom.xml. */
  static String pomVersion() throws Exception {
    Element project =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Fixtures.basedir().resolve("pom.xml").toFile())
            .getDocumentElement();
    for (var n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("version")) {
        return e.getTextContent().strip();
      }
    }
    throw new AssertionError("pom.xml has no project/version");
  }

  @Test
  void theVersionIsThePoms() throws Exception {
    assertEquals(pomVersion(), Version.SWOOP);
  }
}
