package io.swoop.job;

import io.swoop.config.SwoopConfig;
import io.swoop.core.Printable;
import io.swoop.core.SwoopException;
import io.swoop.model.ObjectSpec;
import io.swoop.model.Source;
import io.swoop.sink.DateLease;
import io.swoop.sink.DeltaTables;
import io.swoop.sink.ParquetSink;
import io.swoop.sink.Pseudonymizer;
import io.swoop.source.export.ExportSource;
import io.swoop.source.sfdc.Salesforce;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code swoop run}: source → canonical model → signals → Parquet. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Compute every output table for one snapshot date and publish it.",
    footer = {
      "",
      "Examples:",
      "  jobs/swoop run --source export --input src/sample/exports --output out --snapshot-date 2026-09-30",
      "  SFDC_INSTANCE_URL=... SFDC_ACCESS_TOKEN=... jobs/swoop run --source sfdc --output out --raw raw"
    })
final class RunCommand implements Callable<Integer>, Main.NeedsSpark {
  enum Kind {
    export,
    sfdc
  }

  @Option(
      names = "--source",
      required = true,
      paramLabel = "export|sfdc",
      description =
          "export: a folder of CSV exports (--input); sfdc: Salesforce, credentials from the environment.")
  Kind source;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Folder of <Object>.csv exports (--source export).")
  String input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Output folder (local path or Hadoop URI).")
  String output;

  @Option(
      names = "--raw",
      paramLabel = "DIR",
      description = "Keep the Salesforce raw mirror here for incremental pulls (--source sfdc).")
  String raw;

  @Option(
      names = "--full",
      description = "Pull everything from Salesforce, ignoring the mirror's watermarks.")
  boolean full;

  @Option(
      names = "--snapshot-date",
      paramLabel = "YYYY-MM-DD",
      description =
          "Run as of the end of this day, UTC; also 'today' or 'yesterday' (UTC) for schedulers that cannot compute a date (default: today).")
  String snapshotDate;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "Recorded as run_id in the run manifest, so a wrapper can check the manifest is this run's (default: a random UUID).")
  String runId;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (default: local[*], or what spark-submit set).")
  String master;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    SwoopConfig config = common.config();
    LocalDate date = snapshotDate(snapshotDate);
    if (source == Kind.export && input == null) {
      throw SwoopException.badInput(
          "--source export needs --input DIR (a folder of <Object>.csv exports)");
    }
    if (source == Kind.export && (raw != null || full)) {
      throw SwoopException.badInput("--raw and --full apply only to --source sfdc");
    }
    if (source == Kind.sfdc && input != null) {
      throw SwoopException.badInput("--input applies only to --source export");
    }
    // Every mistake that can be seen without Spark is reported before it starts (seconds, not
    // the minute a session and the first stages take): the key, the output folder, the input's
    // files and headers, the credentials' presence.
    Map<String, String> env = Main.env();
    Pseudonymizer.from(config, env);
    Configuration hadoop = Spark.hadoopConf(config.sparkSettings());
    OutputFolder.check(output, hadoop);
    String id = runId != null ? runId : UUID.randomUUID().toString();
    // One run of a date at a time: the lease comes before anything of the date is touched.
    try (DateLease lease =
        DateLease.take(
            hadoop, output, date, id, Duration.ofSeconds(config.leaseTimeoutSeconds()))) {
      // No method of this class may name a Hadoop or Spark type (see OutputFolder): the run goes on
      // here, not in a method taking the Configuration.
      // A run of this date that died is rolled back first, even when this one stops on its input.
      ParquetSink.recover(hadoop, output, date);
      long inputBytes = -1;
      ExportSource export = null;
      if (source == Kind.export) {
        export = new ExportSource(input);
        inputBytes =
            export.check(
                hadoop, ObjectSpec.all(config.hireDateField(), config.terminationDateField()));
      } else {
        Salesforce.requireCredentials(env);
      }
      Map<String, String> settings = new java.util.TreeMap<>(config.sparkSettings());
      if (config.outputFormat().equals(DeltaTables.DELTA)) {
        DeltaTables.SESSION.forEach(settings::putIfAbsent);
      }
      SparkSession spark = Spark.session(sparkMaster(master), settings, inputBytes);
      Source src = null;
      try {
        NightlyJob job = new NightlyJob(spark, config, date, env, id);
        src =
            export != null
                ? export
                : job.extract(new SalesforcePull(spark, config, env, raw, full));
        job.run(src, output);
        return 0;
      } finally {
        if (src instanceof AutoCloseable closeable) {
          try {
            closeable.close();
          } catch (Exception e) {
            // Only a temporary mirror is removed here; the run's result stands.
          }
        }
        spark.stop();
      }
    }
  }

  static LocalDate snapshotDate(String text) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (text == null || text.equals("today")) {
      return today;
    }
    if (text.equals("yesterday")) {
      return today.minusDays(1);
    }
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw SwoopException.badInput(
          "--snapshot-date '%s' is not a date (expected YYYY-MM-DD, today or yesterday)",
          Printable.quote(text));
    }
    if (date.isAfter(today)) {
      // CONTRACT §1: records created after it may still appear, so its run could not be repeated.
      throw SwoopException.badInput(
          "--snapshot-date %s is after today (%s, UTC): a run of a day that has not ended could"
              + " not be reproduced",
          date, today);
    }
    return date;
  }

  /** local[*] unless --master or spark-submit (spark.master) said otherwise. */
  static String sparkMaster(String option) {
    if (option != null) {
      return option;
    }
    return System.getProperty("spark.master") != null ? null : "local[*]";
  }

  /**
   * The Salesforce pull that the run opens as its extract stage. A class rather than a lambda: a
   * lambda capturing the session compiles to a method of this class whose signature names
   * SparkSession, and picocli reads this class's methods in a JVM without Spark (`--help` from the
   * plain jar).
   */
  private record SalesforcePull(
      SparkSession spark, SwoopConfig config, Map<String, String> env, String raw, boolean full)
      implements Supplier<Source> {
    @Override
    public Source get() {
      return Salesforce.source(spark, config, env, raw, full);
    }
  }
}
