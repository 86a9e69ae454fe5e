package io.swoop.sink;

import io.swoop.model.OutputTables;
import java.time.LocalDate;

/**
 * Where a run's manifest lives in the output folder. Free of Spark and Hadoop types: {@code swoop
 * check} finds manifests from the plain jar, without either on the classpath.
 */
public final class RunManifests {
  /** The folder of the run manifests, one per snapshot date. */
  public static final String FOLDER = "_runs";

  private RunManifests() {}

  /** The manifest of {@code date}, relative to the output folder. */
  public static String relativePath(LocalDate date) {
    return FOLDER + "/" + OutputTables.SNAPSHOT_DATE + "=" + date + ".json";
  }
}
