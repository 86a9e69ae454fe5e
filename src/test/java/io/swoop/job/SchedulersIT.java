package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SparkDist;
import io.swoop.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The schedulers in jobs/: the Airflow DAG compiles and, imported against stub Airflow modules (2.x
 * and 3 layouts), has the expected tasks; its manifest check, which is {@code swoop check} run
 * through spark-submit, accepts only this run's succeeded manifest; the cron entry and the
 * Kubernetes manifests have the expected shape; and every swoop command line they hold is one swoop
 * accepts.
 */
class SchedulersIT {
  private static final Path JOBS = Fixtures.basedir().resolve("jobs");
  private static final Path DAGS = JOBS.resolve("airflow");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void airflowFilesCompile() throws Exception {
    for (String file : List.of("swoop_dag.py", "swoop_manifest.py")) {
      Result r = python("-m", "py_compile", DAGS.resolve(file).toString());
      assertEquals(0, r.code, file + ": " + r.out);
    }
  }

  @Test
  void airflowDagSubmitsTheDayThatEndedThenChecksTheManifest() throws Exception {
    for (String layout : List.of("2", "3")) {
      // Airflow's nightly run starts at 02:30 UTC on October 1st: it computes September 30th.
      Result r =
          python(
              Fixtures.basedir().resolve("src/test/resources/airflow-stubs/dump_dag.py").toString(),
              layout,
              DAGS.toString(),
              "2026-10-01T00:00:00Z");
      assertEquals(0, r.code, "Airflow " + layout + " layout: " + r.out);
      JsonNode dag = JSON.readTree(r.out);
      assertEquals("swoop_nightly", dag.get("dag_id").asText());
      assertEquals("30 2 * * *", dag.get("schedule").asText());
      assertFalse(dag.get("catchup").asBoolean(), "enabling the DAG queues no months of runs");
      assertEquals(1, dag.get("max_active_runs").asInt(), "runs of swoop never overlap");

      JsonNode tasks = dag.get("tasks");
      assertEquals(List.of("run_id", "spark_submit", "check_manifest"), ids(tasks));
      JsonNode submit = tasks.get(1);
      assertEquals("SparkSubmitOperator", submit.get("operator").asText());
      assertEquals("io.swoop.job.Main", submit.get("kwargs").get("java_class").asText());
      assertTrue(submit.get("retries").asInt() >= 1, "the submit retries");
      List<String> args = texts(submit.get("kwargs").get("application_args"));
      String dateTemplate = args.get(args.indexOf("--snapshot-date") + 1);
      String runIdTemplate = args.get(args.indexOf("--run-id") + 1);
      assertEquals("{{ ti.xcom_pull(task_ids='run_id') }}", runIdTemplate);
      JsonNode rendered = dag.get("rendered");
      assertEquals("2026-10-01T02:30:00+00:00", rendered.get("fires_at").asText());
      // The logical date differs between Airflow 2 and 3; the snapshot date must not.
      assertEquals(layout.equals("2") ? "2026-09-30" : "2026-10-01", rendered.get("ds").asText());
      List<String> renderedArgs =
          texts(rendered.get("tasks").get("spark_submit").get("application_args"));
      assertEquals("2026-09-30", renderedArgs.get(renderedArgs.indexOf("--snapshot-date") + 1));
      assertEquals(
          "2026-09-30",
          rendered
              .get("tasks")
              .get("check_manifest")
              .get("op_kwargs")
              .get("snapshot_date")
              .asText());
      assertAccepted(
          renderedArgs.stream().map(a -> a.replaceAll("<var (\\w+)>", "/data/$1")).toList());

      JsonNode check = tasks.get(2);
      assertEquals("PythonOperator", check.get("operator").asText());
      assertEquals("check_published", check.get("callable").asText());
      JsonNode checkArgs = check.get("kwargs").get("op_kwargs");
      assertEquals(dateTemplate, checkArgs.get("snapshot_date").asText());
      assertEquals(runIdTemplate, checkArgs.get("swoop_run_id").asText());
      assertEquals(
          submit.get("kwargs").get("application").asText(),
          checkArgs.get("jar").asText(),
          "the check runs swoop check from the jar that ran");
      assertEquals(args.get(args.indexOf("--output") + 1), checkArgs.get("output").asText());
      assertEquals(List.of("spark_submit"), texts(tasks.get(0).get("downstream")));
      assertEquals(List.of("check_manifest"), texts(submit.get("downstream")));
      assertTrue(dag.get("example_run_id").asText().matches("airflow-2026-09-30-[0-9a-f]{12}"));
    }
  }

  @Test
  void manifestCheckAcceptsOnlyThisRunsSucceededManifest() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out.resolve("_runs"));
    String now = Instant.now().toString();
    manifest(out, "2026-09-30", "run-a", "succeeded", now);
    manifest(out, "2026-09-29", "run-b", "failed", now);
    manifest(
        out,
        "2026-09-28",
        "run-c",
        "succeeded",
        Instant.now().minus(3, ChronoUnit.DAYS).toString());

    Result ok = check(out, "2026-09-30", "--run-id", "run-a");
    assertEquals(0, ok.code, ok.out);
    assertTrue(ok.out.contains("published by run run-a"), ok.out);
    assertEquals(0, check(out, "2026-09-30").code);

    assertFails(
        check(out, "2026-09-30", "--run-id", "run-z"),
        "written by run 'run-a', not by this run 'run-z'");
    assertFails(check(out, "2026-10-01"), "no run manifest");
    assertFails(check(out, "2026-09-29"), "has status 'failed'");
    assertFails(check(out, "2026-09-28", "--max-age-hours", "24"), "more than 24.0 hours ago");
    assertEquals(0, check(out, "2026-09-28").code);
  }

  @Test
  void cronRunsNightlyAfterMidnightWithValidArguments() throws Exception {
    List<String> jobs = new ArrayList<>();
    for (String line : Files.readAllLines(JOBS.resolve("cron/swoop.cron"))) {
      if (!line.isBlank() && !line.startsWith("#") && !line.matches("^[A-Z_]+=.*")) {
        jobs.add(line);
      }
    }
    assertEquals(1, jobs.size(), jobs.toString());
    String[] f = jobs.get(0).split("\\s+", 7);
    assertEquals(
        List.of("30", "2", "*", "*", "*"), List.of(f[0], f[1], f[2], f[3], f[4]), "daily at 02:30");
    assertEquals("swoop", f[5], "the user column of /etc/cron.d");
    String command = f[6];
    assertFalse(command.contains("%"), "cron turns % into a newline");
    assertTrue(command.contains("flock -n"), "no overlapping runs");
    assertTrue(command.contains("/jobs/nightly "), command);
    String runPart = command.substring(command.indexOf(" -- ") + 4, command.indexOf(" >>"));
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(List.of(runPart.split(" ")));
    assertAccepted(args);
  }

  @Test
  void kubernetesRunsYesterdayOnTheOperatorAndChecksItsManifest() throws Exception {
    List<JsonNode> docs =
        new ObjectMapper(new YAMLFactory())
            .readerFor(JsonNode.class)
            .<JsonNode>readValues(Files.readString(JOBS.resolve("k8s/swoop-scheduled.yaml")))
            .readAll();
    assertEquals(2, docs.size());
    JsonNode app = docs.get(0);
    assertEquals("sparkoperator.k8s.io/v1beta2", app.get("apiVersion").asText());
    assertEquals("ScheduledSparkApplication", app.get("kind").asText());
    JsonNode spec = app.get("spec");
    assertEquals("30 2 * * *", spec.get("schedule").asText());
    assertEquals("Forbid", spec.get("concurrencyPolicy").asText());
    JsonNode template = spec.get("template");
    assertEquals("Java", template.get("type").asText());
    assertEquals("cluster", template.get("mode").asText());
    assertEquals("io.swoop.job.Main", template.get("mainClass").asText());
    assertEquals("4.2.0", template.get("sparkVersion").asText());
    assertTrue(template.get("mainApplicationFile").asText().endsWith(".jar"));
    assertEquals("OnFailure", template.get("restartPolicy").get("type").asText());
    List<String> args = texts(template.get("arguments"));
    assertEquals("yesterday", args.get(args.indexOf("--snapshot-date") + 1));
    assertAccepted(args);
    for (JsonNode env : template.get("driver").get("env")) {
      String name = env.get("name").asText();
      if (name.matches("SFDC_(ACCESS_TOKEN|PASSWORD|CLIENT_ID|USERNAME)|SWOOP_PSEUDONYM_KEY")) {
        assertTrue(
            env.has("valueFrom") && !env.has("value"), name + " comes from a Secret, never inline");
      }
    }

    JsonNode cron = docs.get(1);
    assertEquals("CronJob", cron.get("kind").asText());
    assertEquals("30 6 * * *", cron.get("spec").get("schedule").asText(), "checks after the run");
    JsonNode container =
        cron.get("spec")
            .get("jobTemplate")
            .get("spec")
            .get("template")
            .get("spec")
            .get("containers")
            .get(0);
    assertEquals(
        template.get("image").asText(), container.get("image").asText(), "same image, same jar");
    List<String> command = texts(container.get("command"));
    assertTrue(command.get(0).endsWith("spark-submit"));
    assertEquals("local[1]", command.get(command.indexOf("--master") + 1));
    List<String> checkArgs = command.subList(command.indexOf("check"), command.size());
    assertEquals(
        args.get(args.indexOf("--output") + 1), checkArgs.get(checkArgs.indexOf("--output") + 1));
    assertEquals("yesterday", checkArgs.get(checkArgs.indexOf("--snapshot-date") + 1));
    assertAccepted(checkArgs);
  }

  /** swoop's own parser accepts {@code args} (and its date parses): schedulers and CLI agree. */
  private static void assertAccepted(List<String> args) {
    CommandLine cli = new CommandLine(new Main());
    CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
    CommandLine.ParseResult sub = parsed.subcommand();
    assertTrue(sub != null, args.toString());
    String date = sub.matchedOptionValue("--snapshot-date", (String) null);
    if (date != null) {
      RunCommand.snapshotDate(date);
    }
  }

  private static void manifest(Path out, String date, String runId, String status, String finished)
      throws Exception {
    Map<String, Object> m =
        Map.of(
            "run_id",
            runId,
            "status",
            status,
            "snapshot_date",
            date,
            "finished_at",
            finished,
            "tables",
            Map.of("rejected_rows", 2));
    Files.writeString(
        out.resolve("_runs/snapshot_date=" + date + ".json"), JSON.writeValueAsString(m));
    Files.createDirectories(out.resolve("rejected_rows/snapshot_date=" + date));
  }

  private Result check(Path out, String date, String... more) throws Exception {
    List<String> a =
        new ArrayList<>(
            List.of(
                DAGS.resolve("swoop_manifest.py").toString(),
                "--jar",
                SparkDist.shadedJar().toString(),
                "--spark-submit",
                spark().resolve("bin/spark-submit").toString(),
                "--output",
                out.toString(),
                "--snapshot-date",
                date));
    a.addAll(List.of(more));
    return python(a.toArray(String[]::new));
  }

  private Path spark;

  /** A Spark distribution for the check's spark-submit (as the Airflow workers have). */
  private Path spark() throws Exception {
    if (spark == null) {
      spark = SparkDist.home(tmp.resolve("spark"), false);
    }
    return spark;
  }

  private static void assertFails(Result r, String message) {
    assertEquals(1, r.code, r.out);
    assertTrue(r.out.contains("swoop: check failed: ") && r.out.contains(message), r.out);
  }

  private static List<String> ids(JsonNode tasks) {
    List<String> out = new ArrayList<>();
    tasks.forEach(t -> out.add(t.get("task_id").asText()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private record Result(int code, String out) {}

  private Result python(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PYTHONPYCACHEPREFIX", tmp.resolve("pycache").toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(Waits.HANG.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "python3 " + String.join(" ", args) + " still running after " + Waits.HANG);
    }
    return new Result(p.exitValue(), out);
  }
}
