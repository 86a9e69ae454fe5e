package io.swoop.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark "distribution" made of the Maven test classpath, for tests that need separate Spark
 * processes: a standalone master and worker, executors, spark-submit.
 *
 * <p>{@link #classpath} is what a Spark 4.2 distribution's {@code jars/} holds: the test classpath
 * without swoop's own classes and without the libraries only swoop brings (they must come from the
 * shaded jar, as on a real cluster). Libraries swoop shades that Spark ships too (Jackson,
 * commons-math3) stay, as they are in {@code $SPARK_HOME/jars}.
 *
 * <p>{@link #home} lays out a {@code SPARK_HOME} with an empty {@code jars/} and a {@code
 * bin/spark-submit} that runs {@code org.apache.spark.deploy.SparkSubmit} on that classpath, as the
 * real script does through {@code spark-class}. A worker started with {@link #workerEnv} launches
 * executors whose classpath is {@code SPARK_HOME/jars/*} (empty) plus {@code SPARK_DIST_CLASSPATH},
 * the hook Spark's launcher offers to "Hadoop-free" builds; {@code SPARK_SCALA_VERSION} saves the
 * launcher from looking for a source build.
 */
public final class SparkDist {
  /** Path fragments of jars that swoop brings and Spark does not (or that only the tests use). */
  private static final List<String> NOT_SPARK =
      List.of(
          "/com/force/api/",
          "/org/antlr/ST4/",
          "/org/antlr/antlr-runtime/",
          "/commons-beanutils/commons-beanutils/",
          "/commons-collections/commons-collections/",
          "/commons-logging/commons-logging/",
          "/info/picocli/",
          "/io/github/resilience4j/",
          "/com/nimbusds/",
          "/org/bouncycastle/",
          "/org/junit/",
          "/org/opentest4j/",
          "/org/apiguardian/",
          "/org/duckdb/");

  private SparkDist() {}

  /** The classpath a Spark distribution would give the JVMs it starts. */
  public static List<String> classpath() {
    Path target = Fixtures.basedir().resolve("target");
    List<String> out = new ArrayList<>();
    for (String e : ChildJvm.testClasspath().split(File.pathSeparator)) {
      Path p = Path.of(e).toAbsolutePath();
      if (p.startsWith(target) || NOT_SPARK.stream().anyMatch(e.replace('\\', '/')::contains)) {
        continue;
      }
      out.add(e);
    }
    return out;
  }

  /**
   * Writes a SPARK_HOME under {@code dir}. With {@code lyingAboutRun}, its spark-submit exits 0 for
   * {@code swoop run} without running anything (as spark-submit may on Kubernetes after a failed
   * job) and behaves for everything else.
   */
  public static Path home(Path dir, boolean lyingAboutRun) throws IOException {
    Files.createDirectories(dir.resolve("jars"));
    Files.createDirectories(dir.resolve("bin"));
    // As bin/spark-class does: Spark's launcher library prints the driver's java command (with
    // the driver's memory and spark.driver.extraJavaOptions in client mode), then it runs.
    String cp = ChildJvm.classpath(classpath());
    StringBuilder flags = new StringBuilder();
    for (String f : Fixtures.jvmFlags()) {
      flags.append(flags.length() > 0 ? " " : "").append(f);
    }
    String java =
        "export SPARK_HOME='"
            + dir
            + "' SPARK_SCALA_VERSION=2.13 SPARK_DIST_CLASSPATH='"
            + cp
            + "'\n"
            + "export SPARK_SUBMIT_OPTS='"
            + flags
            + "' SPARK_DRIVER_MEMORY=${SWOOP_TEST_DRIVER_MEMORY:-1g}\n"
            // The launcher prints messages by line, then NUL and a line break, then the command's
            // words each ended by NUL; the launcher's exit code follows.
            + "cmd=()\ndelim=$'\\n'\nstarted=false\n"
            + "while IFS= read -d \"$delim\" -r arg; do\n"
            + "  if $started; then cmd+=(\"$arg\"); elif [[ -z $arg ]]; then delim=''; started=true;"
            + " else echo \"$arg\"; fi\n"
            + "done < <('"
            + ChildJvm.javaBin()
            + "' -Xmx128m -cp '"
            + cp
            + "' org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit \"$@\";"
            + " printf '%d\\0' $?)\n"
            + "code=${cmd[${#cmd[@]}-1]}\n"
            + "unset 'cmd[${#cmd[@]}-1]'\n"
            + "((code == 0)) || exit \"$code\"\n"
            + "exec \"${cmd[@]}\"\n";
    String lie =
        lyingAboutRun
            ? "case \" $* \" in *' io.swoop.job.Main '*' run '*) echo 'spark-submit: (pretending the job ran)'; exit 0 ;; esac\n"
            : "";
    Path script = dir.resolve("bin/spark-submit");
    Files.writeString(
        script,
        "#!/usr/bin/env bash\n# Test stand-in for Spark's bin/spark-submit (see SparkDist).\n"
            + lie
            + java);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** The environment of a standalone worker on {@code home}, bound to 127.0.0.1. */
  public static Map<String, String> workerEnv(Path home) {
    return Map.of(
        "SPARK_HOME",
        home.toString(),
        "SPARK_SCALA_VERSION",
        "2.13",
        "SPARK_DIST_CLASSPATH",
        ChildJvm.classpath(classpath()),
        "SPARK_LOCAL_IP",
        "127.0.0.1");
  }

  /**
   * The shaded jar that {@code package} built. The tests that need it are integration tests, which
   * {@code mvn verify} runs after {@code package}; no test builds it (a Maven build inside a test
   * would race the one running the test). Missing, or older than target/classes, it fails saying
   * what to run.
   */
  public static Path shadedJar() throws IOException {
    Path target = Fixtures.basedir().resolve("target");
    Path jar = findJar(target);
    if (jar == null) {
      throw new AssertionError(
          "no target/swoop-*-spark-submit.jar: run the integration tests with `mvn verify`, which"
              + " packages the jar before them");
    }
    if (newestClass(target.resolve("classes")) > Files.getLastModifiedTime(jar).toMillis()) {
      throw new AssertionError(
          jar
              + " is older than target/classes: run the integration tests with `mvn verify`, which"
              + " packages the jar before them");
    }
    return jar;
  }

  private static Path findJar(Path target) throws IOException {
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(p -> p.getFileName().toString().matches("swoop-.*-spark-submit\\.jar"))
          .findFirst()
          .orElse(null);
    }
  }

  private static long newestClass(Path classes) throws IOException {
    try (Stream<Path> s = Files.walk(classes)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(p -> p.toFile().lastModified())
          .max()
          .orElse(Long.MAX_VALUE);
    }
  }
}
