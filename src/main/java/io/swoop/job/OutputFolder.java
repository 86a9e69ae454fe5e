package io.swoop.job;

import io.swoop.core.SwoopException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The check of {@code run --output} made before Spark starts. A class of its own: picocli reads
 * every method of a command, and one that names a Hadoop type would need Hadoop on the classpath
 * for {@code --help} from the plain jar.
 */
final class OutputFolder {
  private OutputFolder() {}

  /**
   * The output must be a folder this process can create and write in: it is not a file, nor under
   * one, and a folder can be made in it (or in its nearest existing parent), which is then removed.
   * Trying is the only test that holds for root, read-only mounts and object stores alike. A Hadoop
   * URI (s3a://, hdfs://) is checked through its file system with the job's settings.
   */
  static void check(String output, Configuration conf) {
    URI uri;
    try {
      uri = new URI(output);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri != null && uri.getScheme() != null && !uri.getScheme().equals("file")) {
      checkRemoteOutput(output, conf);
      return;
    }
    java.nio.file.Path p =
        uri != null && uri.getScheme() != null ? Paths.get(uri) : Paths.get(output);
    p = p.toAbsolutePath();
    java.nio.file.Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw SwoopException.badInput("--output %s: no part of that path exists", output);
    }
    if (!Files.isDirectory(existing)) {
      throw SwoopException.badInput(
          "--output %s: %s is a file, not a folder",
          output, existing.equals(p) ? output : existing);
    }
    try {
      Files.delete(Files.createTempDirectory(existing, WRITE_CHECK));
    } catch (IOException | RuntimeException e) {
      throw SwoopException.badInput(
          "--output %s: cannot write in %s (%s)", output, existing, reason(e));
    }
  }

  private static final String WRITE_CHECK = ".swoop-write-check-";

  private static void checkRemoteOutput(String output, Configuration conf) {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
    org.apache.hadoop.fs.Path probe =
        new org.apache.hadoop.fs.Path(out, WRITE_CHECK + java.util.UUID.randomUUID());
    try {
      FileSystem fs = out.getFileSystem(conf);
      if (fs.exists(out) && fs.getFileStatus(out).isFile()) {
        throw SwoopException.badInput("--output %s: %s is a file, not a folder", output, output);
      }
      if (!fs.mkdirs(probe)) {
        throw new IOException("could not create a folder there");
      }
      fs.delete(probe, true);
    } catch (IOException | RuntimeException e) {
      if (e instanceof SwoopException s) {
        throw s;
      }
      throw SwoopException.badInput("--output %s: cannot write there (%s)", output, reason(e));
    }
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      return f.getReason() != null ? f.getReason() : "no folder can be made there";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
