package io.swoop.bench;

import io.swoop.config.SwoopConfig;
import io.swoop.job.Spark;
import io.swoop.source.sfdc.FakeOrg;
import io.swoop.source.sfdc.FakeSalesforce;
import io.swoop.source.sfdc.Salesforce;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/bench --sfdc}: serves a generated org (its CSV exports) from the loopback Salesforce
 * of the tests and pulls it twice, through SOAP ({@code sfdc.bulk = never}) and through Bulk API
 * 2.0 ({@code always}), with the default configuration otherwise. Prints one line per pull: {@code
 * api calls seconds rows rows_per_second bulk_jobs}, then {@code mirrors identical|DIFFERENT}.
 *
 * <p>The fake answers at loopback speed, completes a job at its first poll and sends a job's
 * results in pages of {@code maxRecords}: the numbers compare the calls and the client's work, not
 * Salesforce's.
 */
public final class SfdcBench {
  private SfdcBench() {}

  public static void main(String[] args) throws Exception {
    Path org = Path.of(args[0]);
    Path work = Path.of(args[1]);
    FakeOrg fake = FakeOrg.fromExports(org);
    SparkSession spark = Spark.session("local[*]", Map.of());
    try {
      Map<String, Object> soap = pull(spark, fake, "never", work.resolve("raw-soap"));
      Map<String, Object> bulk = pull(spark, fake, "always", work.resolve("raw-bulk"));
      System.out.println("mirrors " + (same(spark, soap, bulk) ? "identical" : "DIFFERENT"));
    } finally {
      spark.stop();
    }
  }

  private static Map<String, Object> pull(SparkSession spark, FakeOrg org, String bulk, Path raw) {
    try (FakeSalesforce sf = FakeSalesforce.start(org)) {
      sf.bulkPageSize(Integer.MAX_VALUE);
      sf.bulkPollsBeforeComplete(0);
      SwoopConfig config =
          SwoopConfig.from(Map.of("sfdc.bulk", bulk, SwoopConfig.HIRE_DATE_FIELD, "Hire_Date__c"));
      long t0 = System.nanoTime();
      Map<String, Object> s =
          Salesforce.extract(spark, config, sf.accessTokenEnv(), raw.toString(), null, true);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long rows = 0;
      long jobs = 0;
      for (Object o : ((Map<?, ?>) s.get("objects")).values()) {
        Map<?, ?> m = (Map<?, ?>) o;
        rows += ((Number) m.get("rows_fetched")).longValue();
        jobs += ((Number) m.get("bulk_jobs")).longValue();
      }
      System.out.printf(
          Locale.ROOT,
          "%s %d %.1f %d %.0f %d%n",
          bulk.equals("never") ? "soap" : "bulk",
          ((Number) s.get("api_calls")).longValue(),
          seconds,
          rows,
          rows / seconds,
          jobs);
      return s;
    }
  }

  /** Every object's mirror holds the same rows, whatever API brought them. */
  private static boolean same(SparkSession spark, Map<String, Object> a, Map<String, Object> b) {
    for (Object object : ((Map<?, ?>) a.get("objects")).keySet()) {
      List<Dataset<Row>> d =
          List.of(read(spark, a, (String) object), read(spark, b, (String) object));
      if (d.get(0).count() != d.get(1).count()
          || !d.get(0).exceptAll(d.get(1)).isEmpty()
          || !d.get(1).exceptAll(d.get(0)).isEmpty()) {
        System.err.println("differs: " + object);
        return false;
      }
    }
    return true;
  }

  private static Dataset<Row> read(SparkSession spark, Map<String, Object> s, String object) {
    return spark.read().parquet(s.get("raw") + "/" + s.get("version") + "/" + object);
  }
}
