package io.swoop.job;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** {@link OutputFiles} on any Hadoop file system; loaded only when Hadoop is on the classpath. */
final class HadoopOutputFiles implements OutputFiles {
  private static final String SPARK_HADOOP = "spark.hadoop.";

  private final Path root;
  private final Configuration conf = new Configuration();

  HadoopOutputFiles(String output) {
    root = new Path(output);
    // Hadoop settings as spark-submit hands them to the job: spark.hadoop.* system properties.
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(SPARK_HADOOP)) {
        conf.set(key.substring(SPARK_HADOOP.length()), System.getProperty(key));
      }
    }
  }

  @Override
  public String resolve(String relative) {
    return new Path(root, relative).toString();
  }

  @Override
  public boolean exists(String file) throws IOException {
    Path p = new Path(file);
    return p.getFileSystem(conf).exists(p);
  }

  @Override
  public InputStream open(String file) throws IOException {
    Path p = new Path(file);
    return p.getFileSystem(conf).open(p);
  }
}
