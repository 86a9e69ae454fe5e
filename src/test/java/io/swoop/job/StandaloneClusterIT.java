package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.model.OutputTables;
import io.swoop.testing.ChildJvm;
import io.swoop.testing.DuckDb;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SparkDist;
import io.swoop.testing.TinyOutput;
import io.swoop.testing.Waits;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real cluster: a Spark standalone master and worker on 127.0.0.1 (child JVMs
 * from the Maven classpath, see {@link SparkDist}), the job submitted through jobs/nightly in
 * client deploy mode, its tables compared with a local-mode run. Executors are separate JVMs that
 * get swoop only from the shaded jar, so this catches code that only works in one JVM (closures
 * that do not serialize, static state, classes missing from the jar).
 */
class StandaloneClusterIT {
  private static final LocalDate D = Fixtures.TINY_SNAPSHOT;

  @TempDir Path tmp;

  @Test
  void jobOnAStandaloneClusterWritesTheSameTablesAsLocalMode() throws Exception {
    Path jar = SparkDist.shadedJar();
    Path sparkHome = SparkDist.home(tmp.resolve("spark-home"), false);
    String cp = ChildJvm.classpath(SparkDist.classpath());
    int port = freePort();
    String master = "spark://127.0.0.1:" + port;
    Path masterLog = tmp.resolve("master.log");
    Path workerLog = tmp.resolve("worker.log");
    Path work = tmp.resolve("work");
    Process masterProcess = null;
    Process workerProcess = null;
    try {
      masterProcess =
          ChildJvm.start(
              ChildJvm.command(
                  cp,
                  List.of("-Xmx256m"),
                  "org.apache.spark.deploy.master.Master",
                  List.of(
                      "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0")),
              Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
              masterLog);
      ChildJvm.awaitLog(masterProcess, masterLog, "I have been elected leader", Waits.HANG);

      Map<String, String> workerEnv = new HashMap<>(SparkDist.workerEnv(sparkHome));
      workerEnv.put("SPARK_LOCAL_DIRS", Files.createDirectories(tmp.resolve("local")).toString());
      workerProcess =
          ChildJvm.start(
              ChildJvm.command(
                  cp,
                  List.of("-Xmx256m"),
                  "org.apache.spark.deploy.worker.Worker",
                  List.of(
                      "--host",
                      "127.0.0.1",
                      "--cores",
                      "2",
                      "--memory",
                      "1g",
                      "--webui-port",
                      "0",
                      "--work-dir",
                      work.toString(),
                      master)),
              workerEnv,
              workerLog);
      ChildJvm.awaitLog(
          workerProcess, workerLog, "Successfully registered with master", Waits.HANG);

      Path clusterOut = tmp.resolve("cluster-out");
      Path nightlyLog = tmp.resolve("nightly.log");
      Process nightly =
          ChildJvm.start(
              List.of(
                  Fixtures.basedir().resolve("jobs/nightly").toString(),
                  "--master",
                  master,
                  "--deploy-mode",
                  "client",
                  "--conf",
                  "spark.executor.memory=512m",
                  "--conf",
                  "spark.cores.max=2",
                  "--conf",
                  "spark.ui.enabled=false",
                  "--conf",
                  "spark.sql.shuffle.partitions=4",
                  "--conf",
                  "spark.driver.host=127.0.0.1",
                  "--",
                  "--source",
                  "export",
                  "--input",
                  Fixtures.tinyOrg().toString(),
                  "--output",
                  clusterOut.toString(),
                  "--snapshot-date",
                  D.toString(),
                  "--conf",
                  Fixtures.tinyOrgConf().toString()),
              Map.of(
                  "SPARK_HOME", sparkHome.toString(),
                  "SWOOP_JAR", jar.toString(),
                  "SPARK_LOCAL_IP", "127.0.0.1"),
              nightlyLog);
      if (!nightly.waitFor(Waits.HANG.toSeconds(), TimeUnit.SECONDS)) {
        ChildJvm.stop(nightly);
        throw new AssertionError(
            "jobs/nightly still running after " + Waits.HANG + ":\n" + ChildJvm.tail(nightlyLog));
      }
      String said = Files.readString(nightlyLog);
      assertEquals(0, nightly.exitValue(), said + "\n--- worker:\n" + ChildJvm.tail(workerLog));
      assertTrue(said.contains("swoop: snapshot_date=" + D + " published by run nightly-"), said);
      String executorLogs = executorLogs(work);
      System.out.println("executor logs:\n" + executorLogs);
      assertTrue(
          executorLogs.contains("swoop-") && executorLogs.contains("spark-submit.jar"),
          "executors fetched the shaded jar:\n" + executorLogs);
      assertFalse(executorLogs.contains("target/classes"), "executors never saw target/classes");

      Path localOut = TinyOutput.get();
      for (String table : OutputTables.ALL.keySet()) {
        boolean local = Files.isDirectory(localOut.resolve(table));
        assertEquals(local, Files.isDirectory(clusterOut.resolve(table)), table);
        if (local) {
          assertEquals(
              DuckDb.partition(localOut, table, D), DuckDb.partition(clusterOut, table, D), table);
        }
      }
    } finally {
      ChildJvm.stop(workerProcess);
      ChildJvm.stop(masterProcess);
    }
  }

  /** Everything the worker's executors wrote to their stdout/stderr files. */
  private static String executorLogs(Path work) throws Exception {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> s = Files.walk(work)) {
      for (Path f :
          (Iterable<Path>) s.filter(p -> p.getFileName().toString().equals("stderr"))::iterator) {
        b.append(Files.readString(f));
      }
    }
    return b.toString();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
