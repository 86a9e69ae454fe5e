package io.swoop.job;

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

  SwoopConfig config() {
    Main.logging(verbose);
    if (conf != null) {
      if (!Files.isRegularFile(conf)) {
        throw SwoopException.badInput("Configuration file %s does not exist", conf);
      }
      return SwoopConfig.load(conf);
    }
    String home = System.getProperty("swoop.home");
    Path dflt = home != null ? Paths.get(home, DEFAULT_CONF) : Paths.get(DEFAULT_CONF);
    return Files.isRegularFile(dflt) ? SwoopConfig.load(dflt) : SwoopConfig.defaults();
  }
}
