package io.swoop.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swoop.config.Redaction;
import io.swoop.config.SwoopConfig;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ColumnNames;
import io.swoop.model.Futures;
import io.swoop.model.InputWarnings;
import io.swoop.model.ModelBuilder;
import io.swoop.model.OutputTables;
import io.swoop.model.Source;
import io.swoop.signals.Signals;
import io.swoop.signals.TakeoverEffect;
import io.swoop.sink.ParquetSink;
import io.swoop.sink.Pseudonymizer;
import io.swoop.sink.report.BeforeMatching;
import io.swoop.sink.report.Report;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The whole product in one screen: read the source into the canonical model, compute the signals,
 * stage every table, publish them together, manifest last.
 */
public final class NightlyJob {
  private static final Logger LOG = LogManager.getLogger(NightlyJob.class);

  private final SparkSession spark;
  private final SwoopConfig config;
  private final LocalDate snapshotDate;
  private final Map<String, String> env;
  private final String runId;
  private final Map<String, Double> stageSeconds = new LinkedHashMap<>();

  /** Prefix of a shared intermediate's stage: its computation, before any table is written. */
  static final String COMPUTE = "compute ";

  /** Most tables written at once. */
  private static final int WRITERS = 4;

  /**
   * @param env where secrets come from ({@code SWOOP_PSEUDONYM_KEY}); the process environment in
   *     production, a plain map in tests
   * @param runId recorded in the manifest as {@code run_id}, so a wrapper can tell that the
   *     manifest is this run's; null for a random UUID
   */
  public NightlyJob(
      SparkSession spark,
      SwoopConfig config,
      LocalDate snapshotDate,
      Map<String, String> env,
      String runId) {
    this.spark = spark;
    this.config = config;
    this.snapshotDate = snapshotDate;
    this.env = env;
    this.runId = runId != null ? runId : UUID.randomUUID().toString();
  }

  /**
   * Opens the source as the run's first stage, {@code extract}: for Salesforce, the pull into the
   * raw mirror, which the manifest's {@code stage_seconds} then counts with the other stages.
   */
  public Source extract(Supplier<Source> open) {
    LOG.info("extracting from the source");
    Source source = timed("extract", open);
    LOG.info("extracted in {} s", String.format("%.1f", stageSeconds.get("extract")));
    return source;
  }

  /** Runs the job and returns the manifest it published. */
  public Map<String, Object> run(Source source, String outputDir) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Pseudonymizer privacy = Pseudonymizer.from(config, env);
    Redaction redaction = Redaction.of(config).withUris(List.of(outputDir));
    ParquetSink sink = new ParquetSink(spark, outputDir, snapshotDate, config.outputFormat());
    RunMetrics metrics = RunMetrics.on(spark.sparkContext());
    try {
      LOG.info("reading the input (1 of {})", OutputTables.ALL.size() + 4);
      CanonicalModel model =
          timed("model", () -> ModelBuilder.build(spark, source, config, snapshotDate));
      reportInputs(source, model);
      InputWarnings warnings = InputWarnings.of(model);
      Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
      tables.put(OutputTables.REJECTED_ROWS, model.rejected());
      Checkpoints checkpoints = new Checkpoints();
      tables.putAll(timed("signals", () -> Signals.compute(model, config, checkpoints)));
      // model, signals, one per table, report, publish
      int total = tables.size() + 4;
      LOG.info(
          "shared intermediates computed in {} s (2 of {})",
          String.format("%.1f", stageSeconds.get("signals")),
          total);
      stageAll(tables, sink, privacy, total);
      LOG.info("writing the report ({} of {})", total - 1, total);
      timed(
          "report",
          () -> {
            Report.stage(
                spark,
                sink,
                snapshotDate,
                config.windowDays(),
                beforeMatching(checkpoints.matches, privacy));
            return null;
          });
      Map<String, Object> manifest = manifest(source, model, warnings, sink.rows(), started);
      manifest.put("spark_metrics", metrics.snapshot(spark.sparkContext()));
      LOG.info("publishing ({} of {})", total, total);
      timed(
          "publish",
          () -> {
            sink.publish(
                versions -> {
                  if (!versions.isEmpty()) {
                    manifest.put("delta_versions", versions);
                  }
                  return redaction.text(toJson(manifest));
                });
            return null;
          });
      manifest.put("stage_seconds", stageSeconds);
      double seconds = (System.nanoTime() - t0) / 1e9;
      String shown = redaction.text(outputDir);
      String table = shown + "/" + OutputTables.MANAGER_SCORECARD;
      LOG.info(
          "done in {} s: snapshot_date={} published to {}; report: {}; or query it: duckdb -c"
              + " \"{} LIMIT 10\"",
          String.format("%.1f", seconds),
          snapshotDate,
          shown,
          shown + "/_reports/" + OutputTables.SNAPSHOT_DATE + "=" + snapshotDate + ".html",
          config.outputFormat().equals("delta")
              ? "INSTALL delta; LOAD delta; FROM delta_scan('" + table + "')"
              : "FROM '" + table + "/*/*.parquet'");
      return manifest;
    } catch (RuntimeException e) {
      sink.abandon();
      throw e;
    } finally {
      spark.sparkContext().removeSparkListener(metrics);
    }
  }

  /** One line per input read: its rows and, for files, their size. */
  private void reportInputs(Source source, CanonicalModel model) {
    Object files = source.describe().get("files");
    model
        .stats()
        .forEach(
            (object, st) -> {
              String size = "";
              if (files instanceof Map<?, ?> f
                  && f.get(object) instanceof Map<?, ?> d
                  && d.get("bytes") instanceof Number bytes) {
                size = String.format(", %.1f MB", bytes.longValue() / 1e6);
              }
              LOG.info(
                  "read {}: {} rows{}{}",
                  object,
                  st.read(),
                  st.rejected() > 0 ? " (" + st.rejected() + " rejected)" : "",
                  size);
            });
    LOG.info("read the input in {} s", String.format("%.1f", stageSeconds.get("model")));
  }

  /**
   * Writes every table to staging, a few at a time: most are small once the shared intermediates
   * are computed, and one Spark job at a time leaves cores idle between a job's last task and the
   * next job's first. Logs and manifest keep the tables' order.
   */
  private void stageAll(
      Map<String, Dataset<Row>> tables, ParquetSink sink, Pseudonymizer privacy, int total) {
    Map<String, Supplier<Long>> writes = new LinkedHashMap<>();
    int n = 2;
    for (Map.Entry<String, Dataset<Row>> t : tables.entrySet()) {
      String name = t.getKey();
      LOG.info("computing {} ({} of {})", name, ++n, total);
      synchronized (stageSeconds) {
        stageSeconds.put(name, 0.0);
      }
      writes.put(
          name, () -> timed(name, () -> sink.stage(name, privacy.apply(name, t.getValue()))));
    }
    atOnce(
        writes,
        WRITERS,
        "writing the tables",
        (name, rows) ->
            LOG.info(
                "{} {} rows in {} s", name, rows, String.format("%.1f", stageSeconds.get(name))));
  }

  /**
   * Runs {@code work} on up to {@code most} threads (no more than Spark's cores) and hands each
   * result to {@code done} in {@code work}'s order, on this thread; the first failure in that order
   * is rethrown as it was raised.
   */
  private <T> void atOnce(
      Map<String, Supplier<T>> work, int most, String what, BiConsumer<String, T> done) {
    int threads = Math.max(1, Math.min(most, spark.sparkContext().defaultParallelism()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Map<String, Future<T>> running = new LinkedHashMap<>();
      work.forEach((name, w) -> running.put(name, pool.submit(w::get)));
      running.forEach((name, f) -> done.accept(name, Futures.await(f, what)));
    } finally {
      pool.shutdownNow();
    }
  }

  private <T> T timed(String stage, Supplier<T> work) {
    long t0 = System.nanoTime();
    try {
      return Spark.stage(spark, stage, work);
    } finally {
      synchronized (stageSeconds) {
        stageSeconds.put(stage, (System.nanoTime() - t0) / 1e9);
      }
    }
  }

  /**
   * Computes each shared intermediate once, as a local checkpoint, timed under its own stage; the
   * ones that do not depend on one another at once, so both cores of a laptop work.
   */
  private final class Checkpoints implements Signals.Keeper {
    /** The kept takeover matches, which the report reads again; null until kept. */
    volatile Dataset<Row> matches;

    @Override
    public Dataset<Row> keep(String name, Dataset<Row> intermediate) {
      Dataset<Row> checkpoint = timed(COMPUTE + name, () -> intermediate.localCheckpoint(true));
      if (name.equals(Signals.MATCHES)) {
        matches = checkpoint; // only these: holding every intermediate would keep them all alive
      }
      return checkpoint;
    }

    @Override
    public <T> Map<String, T> atOnce(Map<String, Supplier<T>> branches) {
      Map<String, T> out = new LinkedHashMap<>();
      NightlyJob.this.atOnce(branches, branches.size(), "computing the signals", out::put);
      return out;
    }
  }

  /**
   * The report's balance before matching, from the kept takeover matches (null when the signals
   * kept none), its managers named as the published tables name them.
   */
  private static List<BeforeMatching> beforeMatching(Dataset<Row> matches, Pseudonymizer privacy) {
    if (matches == null) {
      return null;
    }
    // Its entity_id is the manager who took the deals over, as in takeover_effect_balance.
    return privacy
        .apply(OutputTables.TAKEOVER_EFFECT_BALANCE, TakeoverEffect.poolBalance(matches))
        .collectAsList()
        .stream()
        .map(
            r ->
                new BeforeMatching(
                    r.getAs(ColumnNames.LEVEL),
                    r.getAs(ColumnNames.ENTITY_ID),
                    r.getAs(ColumnNames.COVARIATE),
                    r.getAs(ColumnNames.TREATED_MEAN),
                    r.getAs(ColumnNames.POOL_MEAN),
                    r.<Long>getAs(ColumnNames.POOL_SIZE),
                    r.getAs(ColumnNames.SMD)))
        .toList();
  }

  private static String summary(CanonicalModel model) {
    StringBuilder s = new StringBuilder();
    model
        .stats()
        .forEach(
            (object, st) -> {
              if (s.length() > 0) {
                s.append(", ");
              }
              s.append(object).append(' ').append(st.kept());
              if (st.rejected() > 0) {
                s.append(" (").append(st.rejected()).append(" rejected)");
              }
            });
    return s.toString();
  }

  private Map<String, Object> manifest(
      Source source,
      CanonicalModel model,
      InputWarnings warnings,
      Map<String, Long> rows,
      Instant started) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("status", "succeeded");
    m.put("snapshot_date", snapshotDate.toString());
    m.put("started_at", started.toString());
    m.put("finished_at", Instant.now().toString());
    m.put("inputs", source.describe());
    Map<String, Object> objects = new LinkedHashMap<>();
    Map<String, Long> rejected = new LinkedHashMap<>();
    model
        .stats()
        .forEach(
            (object, st) -> {
              Map<String, Object> o = new LinkedHashMap<>();
              o.put("read", st.read());
              o.put("rejected", st.rejected());
              o.put("duplicates", st.duplicates());
              o.put("deleted", st.deleted());
              o.put("after_snapshot", st.afterSnapshot());
              o.put("kept", st.kept());
              o.put("unparseable_optional_values", st.unparseableOptional());
              if (st.notUtf8() != null) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("first_line", st.notUtf8().firstLine());
                b.put("bytes", st.notUtf8().bytes());
                b.put("values", st.notUtf8().values());
                o.put("not_utf8", b);
              }
              objects.put(object, o);
              rejected.put(object, st.rejected());
            });
    m.put("objects", objects);
    m.put("rejected_rows_per_object", rejected);
    m.put(InputWarnings.MANIFEST_KEY, warnings.counts());
    m.put("tables", rows);
    m.put("output_format", config.outputFormat());
    m.put("stage_seconds", stageSeconds);
    m.put("config", config.asMap());
    m.put("pseudonymized", config.pseudonymize());
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("swoop", Version.SWOOP);
    versions.put("spark", spark.version());
    versions.put("java", System.getProperty("java.version"));
    versions.put("scala", scala.util.Properties.versionNumberString());
    m.put("versions", versions);
    return m;
  }

  static String toJson(Map<String, Object> manifest) {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the run manifest", e);
    }
  }
}
