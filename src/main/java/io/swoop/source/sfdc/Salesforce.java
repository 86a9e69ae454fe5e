package io.swoop.source.sfdc;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.model.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Salesforce source: pulls the org through the SOAP Partner API into a raw mirror (see {@link
 * RawMirror} for its layout) and reads the mirror as a {@link Source}.
 *
 * <p>Credentials come from the environment only (CONTRACT §1, {@link Credentials}). Each extract
 * asks every object for the records whose SystemModstamp (CreatedDate for OpportunityFieldHistory,
 * which has no SystemModstamp) is later than the object's watermark minus {@code
 * sfdc.lookback_minutes}; the first extract, or one with {@code full}, takes everything. Deleted
 * records come too ({@code queryAll}) and are removed from the mirror. A failed extract leaves the
 * mirror and its watermarks as they were.
 *
 * <p>Exit codes: 2 when no credentials are set or the key file is unreadable, 3 when Salesforce
 * refuses or cannot be reached, or the org's API budget ({@code sfdc.max_api_share}) is spent. No
 * message, summary or file holds a password, token, key or session id.
 */
public final class Salesforce {
  private Salesforce() {}

  /**
   * {@code jobs/swoop extract --raw DIR [--format parquet|csv] [--full]}: pulls into the raw mirror
   * in {@code rawDir}; with {@code csv}, also writes the mirror as CSV exports into {@code
   * rawDir/csv/<Object>.csv}, ready for {@code run --source export --input rawDir/csv}.
   *
   * @param env the environment holding the credentials ({@code System.getenv()})
   * @param format {@code parquet} (or null) or {@code csv}
   * @return a JSON-able summary: {@code api_calls} (every request sent, authentication included),
   *     {@code auth_calls}, {@code org_api_usage} (current/limit of the org's API requests when
   *     Salesforce reported it), {@code version}, {@code watermarks} per object, and per object
   *     under {@code objects}: mode (full/incremental), rows_fetched (pulled), deleted_fetched,
   *     rows (in the mirror now), rows_kept (from earlier pulls), rows_removed (rows_hard_deleted
   *     of them: records Salesforce no longer has, found by their Ids), queries, pages, api_calls,
   *     data_calls and min_data_calls (also in total; for a Bulk pull every Bulk API request
   *     counts, and the minimum is one job's creation, one poll and its results pages), api ({@code
   *     soap} or {@code bulk}: see {@code sfdc.bulk}), bulk_jobs, watermark, absent_fields, and the
   *     reconciliation: salesforce_rows, mirror_rows_compared (for history also salesforce_oldest,
   *     mirror_oldest, rows_only_in_mirror), and for User versions (the User versions the mirror
   *     keeps) and versions_added (by this pull); {@code warnings} (reconciliation differences,
   *     history Salesforce has purged); {@code csv} the folder of the CSV exports when asked for
   */
  public static Map<String, Object> extract(
      SparkSession spark,
      SwoopConfig config,
      Map<String, String> env,
      String rawDir,
      String format,
      boolean full) {
    String f = format == null ? "parquet" : format.strip().toLowerCase(Locale.ROOT);
    if (!f.equals("parquet") && !f.equals("csv")) {
      throw SwoopException.badInput(
          "--format '%s' is not supported (allowed: parquet, csv)", format);
    }
    if (rawDir == null || rawDir.isBlank()) {
      throw SwoopException.badInput("extract needs --raw DIR: the folder of the raw mirror");
    }
    return new Extractor(spark, config, env, rawDir, full).run(f).summary();
  }

  /**
   * Fails (exit 2, naming the variables) when the environment holds no complete set of credentials;
   * checks presence only, before anything is started or sent.
   */
  public static void requireCredentials(Map<String, String> env) {
    Credentials.requirePresent(env);
  }

  /**
   * {@code run --source sfdc [--raw DIR] [--full]}: extracts into {@code rawDir} (or, when null,
   * into a temporary folder deleted when the returned source is closed or the JVM exits), then
   * returns a {@link Source} reading the mirror. Its {@code describe()} is the extract's summary.
   * The returned source is {@link AutoCloseable}.
   */
  public static Source source(
      SparkSession spark,
      SwoopConfig config,
      Map<String, String> env,
      String rawDir,
      boolean full) {
    Path temporary = null;
    String dir = rawDir;
    if (dir == null || dir.isBlank()) {
      try {
        temporary = Files.createTempDirectory("swoop-sfdc-");
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot create a temporary folder for the Salesforce extract", e);
      }
      Path t = temporary;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> MirrorSource.deleteTree(t)));
      dir = temporary.toString();
    }
    try {
      Extractor.Outcome outcome = new Extractor(spark, config, env, dir, full).run("parquet");
      return new MirrorSource(outcome.version(), outcome.summary(), temporary);
    } catch (RuntimeException e) {
      if (temporary != null) {
        MirrorSource.deleteTree(temporary);
      }
      throw e;
    }
  }
}
