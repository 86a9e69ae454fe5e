package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swoop.testing.Fixtures;
import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.junit.jupiter.api.Test;

/** conf/log4j2.properties, the log configuration jobs/swoop and jobs/nightly run with. */
class LogConfigTest {
  @Test
  void sparksLargeTaskBinaryWarningIsDroppedAndOtherWarningsShow() {
    StringWriter out = new StringWriter();
    LoggerContext ctx =
        new LoggerContext(
            "log-config-test", null, Fixtures.basedir().resolve("conf/log4j2.properties").toUri());
    try {
      ctx.start();
      // The file's console appender, with its layout, writes to this test's writer instead: log4j
      // shares console streams between contexts, so System.err cannot be captured reliably once
      // another context (Spark's, in the same test JVM) has opened it.
      Configuration config = ctx.getConfiguration();
      Appender console = config.getAppender("console");
      Appender writer =
          WriterAppender.newBuilder()
              .setName("test")
              .setLayout(console.getLayout())
              .setTarget(out)
              .build();
      writer.start();
      config.getRootLogger().removeAppender("console");
      config.getRootLogger().addAppender(writer, null, null);
      ctx.updateLoggers();
      var dag = ctx.getLogger("org.apache.spark.scheduler.DAGScheduler");
      dag.warn("Broadcasting large task binary with size 3.1 MiB");
      dag.warn("Failed to cancel job 7");
      dag.info("Submitting ShuffleMapStage 266");
      ctx.getLogger("org.apache.spark.SparkContext").info("Running Spark version 4.2.0");
      ctx.getLogger("io.swoop.job.NightlyJob").info("done");
    } finally {
      ctx.stop();
    }
    List<String> lines = out.toString().lines().map(l -> l.substring(9)).toList();
    assertEquals(
        List.of("WARN  DAGScheduler: Failed to cancel job 7", "INFO  NightlyJob: done"), lines);
  }
}
