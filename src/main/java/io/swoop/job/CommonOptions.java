package io.swoop.job;

import io.swoop.config.Redaction;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/** Options every subcommand takes. */
final class CommonOptions {
  /** Where the defaults live when {@code --conf} is not given and the file exists. */
  static final String DEFAULT_CONF = "conf/swoop.properties";

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "Configuration file (properties); default: conf/swoop.properties when present.")
  Path conf;

  @Option(names = "--verbose", description = "More log output, and stack traces on failure.")
  boolean verbose;

  /** The configuration {@link #config} loaded, for the redaction of a failure; null before. */
  private SwoopConfig loaded;

  SwoopConfig config() {
    Main.logging(verbose);
    if (conf != null) {
      if (!Files.isRegularFile(conf)) {
        throw SwoopException.badInput("Configuration file %s does not exist", conf);
      }
      loaded = SwoopConfig.load(conf);
      return loaded;
    }
    String home = System.getProperty("swoop.home");
    Path dflt = home != null ? Paths.get(home, DEFAULT_CONF) : Paths.get(DEFAULT_CONF);
    loaded = Files.isRegularFile(dflt) ? SwoopConfig.load(dflt) : SwoopConfig.defaults();
    return loaded;
  }

  /**
   * What a failure's message and trace must not show: the secret settings of the configuration once
   * it is loaded (before, those of spark-submit alone).
   */
  Redaction redaction() {
    return Redaction.of(loaded);
  }
}
