package io.swoop.job;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.model.ObjectSpec;
import io.swoop.model.Source;
import io.swoop.sink.ParquetSink;
import io.swoop.sink.Pseudonymizer;
import io.swoop.source.export.ExportSource;
import io.swoop.source.sfdc.Salesforce;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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
    checkOutput(output, hadoop);
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
    SparkSession spark = Spark.session(sparkMaster(master), config.sparkSettings(), inputBytes);
    Source src = null;
    try {
      NightlyJob job = new NightlyJob(spark, config, date, env, runId);
      src =
          export != null ? export : job.extract(new SalesforcePull(spark, config, env, raw, full));
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

  /**
   * The output must be a folder this process can create and write in: it is not a file, nor under
   * one, and a folder can be made in it (or in its nearest existing parent), which is then removed.
   * Trying is the only test that holds for root, read-only mounts and object stores alike. A Hadoop
   * URI (s3a://, hdfs://) is checked through its file system with the job's settings.
   */
  static void checkOutput(String output, Configuration conf) {
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

  static LocalDate snapshotDate(String text) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (text == null || text.equals("today")) {
      return today;
    }
    if (text.equals("yesterday")) {
      return today.minusDays(1);
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw SwoopException.badInput(
          "--snapshot-date '%s' is not a date (expected YYYY-MM-DD, today or yesterday)", text);
    }
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
