package io.swoop.job;

/** swoop's version, from the jar's manifest when packaged. */
public final class Version {
  public static final String SWOOP = version();

  private Version() {}

  private static String version() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}
