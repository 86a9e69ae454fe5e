package io.swoop.source.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The raw local file system for the CSV tests' range reads, made once: a new {@link Configuration}
 * per read parsed Hadoop's default resources again each time (tens of thousands of reads).
 */
final class LocalFs {
  private static final FileSystem RAW;

  static {
    try {
      RAW = FileSystem.getLocal(new Configuration()).getRaw();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LocalFs() {}

  static FileSystem raw() {
    return RAW;
  }
}
