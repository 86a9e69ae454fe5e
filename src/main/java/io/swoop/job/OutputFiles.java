package io.swoop.job;

import io.swoop.core.SwoopException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The files of an output folder, as {@code swoop check} reads them: through Hadoop when it is on
 * the classpath (under spark-submit: s3a://, hdfs://, with the job's {@code spark.hadoop.*}
 * settings), else through java.nio (the plain jar, local paths only).
 */
interface OutputFiles {
  /** {@code relative} (slash-separated) inside the output folder, as the messages name it. */
  String resolve(String relative);

  boolean exists(String file) throws IOException;

  InputStream open(String file) throws IOException;

  static OutputFiles of(String output) {
    return Main.onClasspath("org.apache.hadoop.fs.FileSystem")
        ? new HadoopOutputFiles(output)
        : new Local(output);
  }

  /** Local files, for a plain {@code java -jar}. */
  final class Local implements OutputFiles {
    private final Path root;

    Local(String output) {
      URI uri;
      try {
        uri = new URI(output);
      } catch (URISyntaxException e) {
        uri = null;
      }
      String scheme = uri == null ? null : uri.getScheme();
      // A one-letter scheme is a Windows drive, not a file system.
      if (scheme != null && scheme.length() > 1 && !scheme.equals("file")) {
        throw SwoopException.badInput(
            "--output %s: without Spark, check reads local folders only; run it under"
                + " spark-submit to read %s:// paths",
            output, scheme);
      }
      root = scheme != null && scheme.equals("file") ? Paths.get(uri) : Paths.get(output);
    }

    @Override
    public String resolve(String relative) {
      return root.resolve(relative).toString();
    }

    @Override
    public boolean exists(String file) {
      return Files.exists(Paths.get(file));
    }

    @Override
    public InputStream open(String file) throws IOException {
      return Files.newInputStream(Paths.get(file));
    }
  }
}
