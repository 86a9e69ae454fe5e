package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swoop.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/** conf/log4j2.properties, the log configuration jobs/swoop and jobs/nightly run with. */
class LogConfigTest {
  @Test
  void sparksLargeTaskBinaryWarningIsDroppedAndOtherWarningsShow() {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // The console appender writes to the System.err of the time the configuration starts.
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    LoggerContext ctx =
        new LoggerContext(
            "log-config-test", null, Fixtures.basedir().resolve("conf/log4j2.properties").toUri());
    try {
      ctx.start();
      var dag = ctx.getLogger("org.apache.spark.scheduler.DAGScheduler");
      dag.warn("Broadcasting large task binary with size 3.1 MiB");
      dag.warn("Failed to cancel job 7");
      dag.info("Submitting ShuffleMapStage 266");
      ctx.getLogger("org.apache.spark.SparkContext").info("Running Spark version 4.2.0");
      ctx.getLogger("io.swoop.job.NightlyJob").info("done");
    } finally {
      ctx.stop();
      System.setErr(oldErr);
    }
    List<String> lines =
        err.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(9)).toList();
    assertEquals(
        List.of("WARN  DAGScheduler: Failed to cancel job 7", "INFO  NightlyJob: done"), lines);
  }
}
