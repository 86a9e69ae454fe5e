package io.swoop.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@value #SCHEME}, which stops the process at one rename a
 * test names, so that the test can kill the job at a known step of its publishing without any hook
 * in the job. The job is given {@code --output pausefs:///abs/path} and, through its configuration:
 *
 * <ul>
 *   <li>{@code spark.hadoop.fs.pausefs.impl} = this class;
 *   <li>{@code spark.hadoop.}{@value #FLAG}: the file it creates when it stops (the test waits for
 *       it, then kills the process);
 *   <li>{@code spark.hadoop.}{@value #AT}: {@value #BEFORE_JOURNAL} stops before the rename that
 *       creates a run's {@code _tables} journal (every table staged, nothing live touched yet);
 *       {@value #AFTER_FIRST_SWAP} stops after the first rename from the staging folder into the
 *       live tables.
 * </ul>
 */
public final class PausingFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "pausefs";
  public static final String FLAG = "pausefs.flag";
  public static final String AT = "pausefs.at";
  public static final String BEFORE_JOURNAL = "before-journal";
  public static final String AFTER_FIRST_SWAP = "after-first-swap";

  /**
   * Stops after the first Delta commit ({@code _delta_log/<version>.json} renamed into place, as
   * Delta's LocalLogStore commits; the job is given {@code spark.delta.logStore.pausefs.impl =
   * io.delta.storage.LocalLogStore}).
   */
  public static final String AFTER_FIRST_COMMIT = "after-first-commit";

  private static final String STAGING = "/_staging/";

  private String flag;
  private String at;

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    flag = conf.get(FLAG);
    at = conf.get(AT, "");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    if (at.equals(BEFORE_JOURNAL) && dst.getName().equals("_tables")) {
      stop("before writing the journal " + dst);
    }
    boolean done = super.rename(src, dst);
    if (at.equals(AFTER_FIRST_SWAP)
        && src.toUri().getPath().contains(STAGING)
        && !dst.toUri().getPath().contains(STAGING)) {
      stop("after swapping " + dst + " into place");
    }
    if (at.equals(AFTER_FIRST_COMMIT)
        && dst.getParent() != null
        && dst.getParent().getName().equals("_delta_log")
        && dst.getName().matches("\\d{20}\\.json")) {
      stop("after the Delta commit " + dst);
    }
    return done;
  }

  /** Says where it stopped in the flag file and waits to be killed. */
  private void stop(String where) throws IOException {
    if (flag == null) {
      throw new IOException(FLAG + " is not set");
    }
    Files.writeString(Paths.get(flag), "stopped " + where);
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopped " + where, e);
    }
  }
}
