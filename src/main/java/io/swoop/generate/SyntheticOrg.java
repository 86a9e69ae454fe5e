package io.swoop.generate;

import java.nio.file.Path;

/** Placeholder until the generator lands (branch gen). */
public final class SyntheticOrg {
  private SyntheticOrg() {}

  public static Object generate(Path dir, long seed, double scale) {
    throw new UnsupportedOperationException("generator not merged yet");
  }
}
