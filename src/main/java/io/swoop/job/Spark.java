package io.swoop.job;

import io.swoop.core.SwoopException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The SparkSession swoop runs on, and naming of its stages in the Spark UI. */
public final class Spark {
  private Spark() {}

  /**
   * A session with swoop's settings: UTC, Parquet timestamps as INT64 micros, the UI off for local
   * runs. {@code master} null keeps what spark-submit chose. {@code settings} come last (the {@code
   * spark.*} keys of the configuration) so an operator can override anything.
   */
  public static SparkSession session(String master, Map<String, String> settings) {
    return session(master, settings, -1);
  }

  /**
   * As {@link #session(String, Map)}, sized for {@code inputBytes} of input (negative: unknown);
   * see {@link #sizedFor}. A local master is sized for this machine's cores. Under spark-submit (a
   * null master) a known input size sizes it for the cluster's cores, except for the keys the
   * configuration or spark-submit set.
   */
  public static SparkSession session(String master, Map<String, String> settings, long inputBytes) {
    requireUtc(settings.get(TIME_ZONE), "the configuration's " + TIME_ZONE);
    requireUtc(
        System.getProperty(TIME_ZONE), TIME_ZONE + " (spark-submit --conf or spark-defaults)");
    // What spark-submit --conf and spark-defaults set (the spark.* system properties), before
    // swoop's own settings join them in the session's configuration.
    SparkConf submitted = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("swoop");
    if (master != null) {
      b.master(master);
    }
    b.config(TIME_ZONE, "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.parquet.writeLegacyFormat", "false")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.sql.adaptive.enabled", "true")
        // Spark 4's default, kept on purpose: an overflow or a bad cast stops the run instead of
        // publishing a null (the parsers and ratios that expect bad values guard themselves).
        .config("spark.sql.ansi.enabled", "true")
        // No _SUCCESS markers and no .crc side files in the output: BI tools list these folders.
        .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
        .config(HADOOP + FILE_IMPL, RAW_LOCAL)
        .config(HADOOP + "fs.file.impl.disable.cache", "true");
    if (master != null && master.startsWith("local")) {
      b.config("spark.ui.enabled", "false");
      sizedFor(inputBytes, Runtime.getRuntime().availableProcessors()).forEach(b::config);
    }
    settings.forEach(b::config);
    SparkSession spark = b.getOrCreate();
    requireUtc(spark.conf().get(TIME_ZONE), "the session's " + TIME_ZONE);
    if ((master == null || !master.startsWith("local")) && inputBytes >= 0) {
      // Under spark-submit the cores are the executors' (known once the session has started),
      // and what the configuration, spark-submit --conf or spark-defaults set stays.
      unlessSet(
              sizedFor(inputBytes, spark.sparkContext().defaultParallelism()),
              key -> settings.containsKey(key) || submitted.contains(key))
          .forEach(spark.conf()::set);
    }
    return spark;
  }

  /** {@code sized} without the keys an operator set, which always win. */
  static Map<String, String> unlessSet(
      Map<String, String> sized, java.util.function.Predicate<String> operatorSet) {
    Map<String, String> out = new LinkedHashMap<>();
    sized.forEach(
        (k, v) -> {
          if (!operatorSet.test(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  static final String TIME_ZONE = "spark.sql.session.timeZone";

  /**
   * swoop's days, minute buckets and tenure are defined in UTC (CONTRACT), and Spark computes them
   * in the session time zone: another zone would move deals to other days without a word. Unset,
   * swoop sets UTC; any zone at offset zero at all times (UTC, Etc/UTC, GMT, Z) is the same.
   */
  static void requireUtc(String zone, String where) {
    if (zone == null) {
      return;
    }
    boolean utc;
    try {
      utc = ZoneId.of(zone.strip()).normalized().equals(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      utc = false;
    }
    if (!utc) {
      throw SwoopException.badInput(
          "%s is '%s': swoop computes in UTC only; remove the setting or set it to UTC",
          where, zone);
    }
  }

  private static final String HADOOP = "spark.hadoop.";
  private static final String FILE_IMPL = "fs.file.impl";

  /** Local files without .crc side files, permissions set without a chmod process. */
  private static final String RAW_LOCAL = PosixLocalFileSystem.class.getName();

  /**
   * The Hadoop configuration a session with {@code settings} would use for files (its {@code
   * spark.hadoop.*} keys), for checks made before the session starts.
   */
  public static Configuration hadoopConf(Map<String, String> settings) {
    Configuration conf = new Configuration();
    conf.set(FILE_IMPL, RAW_LOCAL);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    settings.forEach(
        (k, v) -> {
          if (k.startsWith(HADOOP)) {
            conf.set(k.substring(HADOOP.length()), v);
          }
        });
    return conf;
  }

  /** Below this much CSV input a run is all fixed cost: compiling and planning, not rows. */
  static final long SMALL_INPUT = 32L << 20;

  /** Input per shuffle partition on a large run, before adaptive coalescing. */
  static final long BYTES_PER_PARTITION = 64L << 20;

  /**
   * Settings for {@code inputBytes} of input on {@code cores} cores. A small org (the sample, a few
   * thousand deals) spends its seconds generating and compiling code and re-planning queries whose
   * every shuffle holds kilobytes: one shuffle partition, interpreted evaluation (no generated code
   * at all), a fixed plan and joins without broadcast jobs make it several times faster. A large
   * one gets a partition per {@link #BYTES_PER_PARTITION} of input (at least two per core) and
   * adaptive execution to coalesce what turns out small. The results are the same either way.
   */
  static Map<String, String> sizedFor(long inputBytes, int cores) {
    Map<String, String> s = new LinkedHashMap<>();
    if (inputBytes >= 0 && inputBytes < SMALL_INPUT) {
      s.put("spark.sql.shuffle.partitions", "1");
      s.put("spark.sql.codegen.wholeStage", "false");
      // Nor per-expression code: every projection, ordering and predicate Janino would compile
      // for a few thousand rows is evaluated as it stands (the sample: about 1 s of its 12).
      s.put("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      s.put("spark.sql.adaptive.enabled", "false");
      // Every broadcast is a Spark job of its own; with one partition a sort-merge join is not.
      s.put("spark.sql.autoBroadcastJoinThreshold", "-1");
    } else {
      long byInput =
          inputBytes < 0 ? 0 : (inputBytes + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
      s.put("spark.sql.shuffle.partitions", Long.toString(Math.max(2L * cores, byInput)));
    }
    return s;
  }

  /** Runs {@code work} under a named job group so the Spark UI shows the stage by name. */
  public static <T> T stage(SparkSession spark, String name, Supplier<T> work) {
    var sc = spark.sparkContext();
    String previous = sc.getLocalProperty("spark.jobGroup.id");
    sc.setJobGroup(name, "swoop: " + name, false);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        sc.clearJobGroup();
      } else {
        sc.setJobGroup(previous, "swoop: " + previous, false);
      }
    }
  }
}
