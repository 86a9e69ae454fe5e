package io.swoop.job;

import io.swoop.config.SwoopConfig;
import io.swoop.source.sfdc.Salesforce;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code swoop extract}: Salesforce → raw mirror only. */
@Command(
    name = "extract",
    mixinStandardHelpOptions = true,
    description = "Pull Salesforce into the raw mirror (incremental after the first run).",
    footer = {
      "",
      "Example:",
      "  SFDC_INSTANCE_URL=... SFDC_ACCESS_TOKEN=... jobs/swoop extract --raw raw --format csv"
    })
final class ExtractCommand implements Callable<Integer>, Main.NeedsSpark {
  enum Format {
    parquet,
    csv
  }

  @Option(
      names = "--raw",
      required = true,
      paramLabel = "DIR",
      description = "The raw mirror folder.")
  String raw;

  @Option(
      names = "--format",
      paramLabel = "parquet|csv",
      description = "csv also writes the mirror as CSV exports (default: parquet).")
  Format format = Format.parquet;

  @Option(names = "--full", description = "Pull everything, ignoring the watermarks.")
  boolean full;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*]).")
  String master;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    SwoopConfig config = common.config();
    SparkSession spark = Spark.session(RunCommand.sparkMaster(master), config.sparkSettings());
    try {
      Map<String, Object> summary =
          Salesforce.extract(spark, config, Main.env(), raw, format.name(), full);
      System.out.println(NightlyJob.toJson(summary));
      return 0;
    } finally {
      spark.stop();
    }
  }
}
