package io.swoop.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** swoop's version, as the build wrote it into io/swoop/version.properties (pom.xml's version). */
public final class Version {
  static final String RESOURCE = "/io/swoop/version.properties";

  public static final String SWOOP = version();

  private Version() {}

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String v = p.getProperty("version");
    // An IDE that copies resources without Maven's filtering leaves the placeholder: say so
    // rather than stamp manifests with a made-up version.
    if (v == null || v.isBlank() || v.contains("${")) {
      throw new IllegalStateException(
          RESOURCE + " holds no version; build with Maven, which fills it in from pom.xml");
    }
    return v;
  }
}
