package io.swoop.source.export;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The job's Hadoop configuration, for executors. A {@code new Configuration()} there holds only the
 * defaults: the {@code spark.hadoop.*} settings (object store credentials and endpoints, file
 * system implementations) exist in the driver's configuration alone. Hadoop's Configuration is
 * Writable but not Serializable; this carries its properties across.
 */
final class JobHadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient Configuration conf;

  JobHadoopConf(Configuration conf) {
    this.conf = conf;
  }

  Configuration get() {
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
