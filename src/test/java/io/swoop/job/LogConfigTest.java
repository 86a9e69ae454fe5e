package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    String logged =
        log(
            ctx -> {
              var dag = ctx.getLogger("org.apache.spark.scheduler.DAGScheduler");
              dag.warn("Broadcasting large task binary with size 3.1 MiB");
              dag.warn("Failed to cancel job 7");
              dag.info("Submitting ShuffleMapStage 266");
              ctx.getLogger("org.apache.spark.SparkContext").info("Running Spark version 4.2.0");
              ctx.getLogger("io.swoop.job.NightlyJob").info("done");
            });
    List<String> lines = logged.lines().map(l -> l.substring(9)).toList();
    assertEquals(
        List.of("WARN  DAGScheduler: Failed to cancel job 7", "INFO  NightlyJob: done"), lines);
  }

  @Test
  void aUrlsUserInfoIsRedactedFromEveryLineAndTrace() {
    String logged =
        log(
            ctx ->
                ctx.getLogger("org.apache.hadoop.fs.s3a.S3AFileSystem")
                    .warn(
                        "Cannot list s3a://AKIAEXAMPLE:wJalrXUtnFEMI%2FK7MDENG@bucket/out",
                        new IllegalStateException(
                            "rename failed",
                            new java.io.IOException(
                                "gs://svc:pa55word@b/x and file:///tmp/a@b stay"))));
    assertFalse(logged.contains("AKIAEXAMPLE"), logged);
    assertFalse(logged.contains("wJalrXUtnFEMI"), logged);
    assertFalse(logged.contains("pa55word"), logged);
    assertTrue(logged.contains("Cannot list s3a://*********(redacted)@bucket/out"), logged);
    assertTrue(logged.contains("gs://*********(redacted)@b/x"), logged);
    assertTrue(logged.contains("file:///tmp/a@b stay"), logged);
    assertTrue(logged.contains("at io.swoop.job.LogConfigTest"), "the trace is printed: " + logged);
    assertEquals(1, logged.lines().filter(l -> l.contains("WARN")).count(), logged);
  }

  /** What {@code logging} logs through conf/log4j2.properties's console layout. */
  private static String log(java.util.function.Consumer<LoggerContext> logging) {
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
      logging.accept(ctx);
    } finally {
      ctx.stop();
    }
    return out.toString();
  }
}
