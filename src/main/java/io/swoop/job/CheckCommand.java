package io.swoop.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.core.SwoopException;
import io.swoop.model.OutputTables;
import io.swoop.sink.RunManifests;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swoop check}: did a run publish this date? Wrappers call it after spark-submit, which can
 * exit 0 on Kubernetes although the job failed. Needs neither Spark nor Hadoop: from the plain jar
 * ({@code java -jar}) it reads local paths; under spark-submit any Hadoop file system, with the
 * {@code spark.hadoop.*} settings as the job gets them ({@link OutputFiles}).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check that the run manifest of a date exists, says succeeded and, with --run-id, was"
          + " written by that run; exit 0 if so, 1 if not."
    },
    footer = {
      "",
      "Example:",
      "  jobs/swoop check --output out --snapshot-date 2026-09-30 --run-id nightly-20261001T0200Z"
    })
final class CheckCommand implements Callable<Integer> {
  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "The job's output folder (local path or Hadoop URI).")
  String output;

  @Option(
      names = "--snapshot-date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "The date to check; also 'today' or 'yesterday' (UTC).")
  String snapshotDate;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "The manifest must name this run_id (the one passed to run --run-id).")
  String runId;

  @Option(
      names = "--max-age-hours",
      paramLabel = "N",
      description = "The run must have finished within the last N hours.")
  Double maxAgeHours;

  @Override
  public Integer call() throws IOException {
    LocalDate date = RunCommand.snapshotDate(snapshotDate);
    OutputFiles fs = OutputFiles.of(output);
    String manifestFile = fs.resolve(RunManifests.relativePath(date));
    if (!fs.exists(manifestFile)) {
      throw failed("no run manifest %s: snapshot_date=%s was not published", manifestFile, date);
    }
    Map<?, ?> m;
    try (InputStream in = fs.open(manifestFile)) {
      m = new ObjectMapper().readValue(in, Map.class);
    } catch (IOException e) {
      throw failed("run manifest %s is not JSON: %s", manifestFile, e.getMessage());
    }
    if (!"succeeded".equals(m.get("status"))) {
      throw failed(
          "run manifest %s has status '%s', not 'succeeded'", manifestFile, m.get("status"));
    }
    if (!date.toString().equals(m.get("snapshot_date"))) {
      throw failed("run manifest %s is for snapshot_date %s", manifestFile, m.get("snapshot_date"));
    }
    if (runId != null && !runId.equals(m.get("run_id"))) {
      throw failed(
          "run manifest %s was written by run '%s', not by this run '%s'",
          manifestFile, m.get("run_id"), runId);
    }
    Instant finished = instant(m.get("finished_at"), manifestFile);
    if (maxAgeHours != null
        && Duration.between(finished, Instant.now()).toMillis() > maxAgeHours * 3_600_000) {
      throw failed(
          "run manifest %s is from %s, more than %s hours ago",
          manifestFile, finished, maxAgeHours);
    }
    Object tables = m.get("tables");
    if (!(tables instanceof Map<?, ?> t) || t.isEmpty()) {
      throw failed("run manifest %s lists no tables", manifestFile);
    }
    StringBuilder counts = new StringBuilder();
    for (Map.Entry<?, ?> e : t.entrySet()) {
      String partition = fs.resolve(e.getKey() + "/" + OutputTables.SNAPSHOT_DATE + "=" + date);
      if (!fs.exists(partition)) {
        throw failed(
            "run manifest %s lists %s, but %s is missing", manifestFile, e.getKey(), partition);
      }
      counts
          .append(counts.length() > 0 ? ", " : "")
          .append(e.getKey())
          .append(' ')
          .append(e.getValue());
    }
    System.out.printf(
        "swoop: snapshot_date=%s published by run %s at %s: %s%n",
        date, m.get("run_id"), finished, counts);
    return 0;
  }

  private static Instant instant(Object value, String file) {
    try {
      return Instant.parse(String.valueOf(value));
    } catch (DateTimeParseException e) {
      throw failed("run manifest %s has no valid finished_at", file);
    }
  }

  private static SwoopException failed(String format, Object... args) {
    return new SwoopException(
        SwoopException.Kind.FAILED, "check failed: " + String.format(format, args));
  }
}
