package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.Redaction;
import io.swoop.source.sfdc.FakeSalesforce;
import io.swoop.source.sfdc.SmallOrg;
import io.swoop.testing.ChildJvm;
import io.swoop.testing.Fixtures;
import io.swoop.testing.UserInfoFileSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT §1: no secret reaches a log line, the manifest, a file of the output or of the raw
 * mirror, or a failure's message and trace. Real runs in child JVMs (their whole output is the
 * log), with {@code --verbose} so that Spark's and Hadoop's own INFO lines and the traces are part
 * of it, given secret-looking {@code --conf} settings and output and mirror URLs with credentials.
 */
class RedactionIT {
  private static final LocalDate D = LocalDate.of(2024, 6, 30);

  private static final String CONF_ACCESS_KEY = "AKIAFROMCONF0042";
  private static final String CONF_SECRET_KEY = "S3cretFromConf-9f8e7d6c";
  private static final String VALUE_SECRET = "Hunter2-Conf-77";
  private static final String URL_KEY = "AKIAINTHEURL0099";
  private static final String URL_SECRET = "UrlSecret-q7Zx";

  private static final List<String> SECRETS =
      List.of(
          CONF_ACCESS_KEY,
          CONF_SECRET_KEY,
          VALUE_SECRET,
          URL_KEY,
          URL_SECRET,
          FakeSalesforce.ACCESS_TOKEN);

  @TempDir Path tmp;

  @Test
  void noSecretReachesTheOutputTheMirrorTheLogOrAFailure() throws Exception {
    Path conf = tmp.resolve("secrets.properties");
    Files.writeString(
        conf,
        Files.readString(Fixtures.tinyOrgConf())
            + "\nsfdc.backoff_millis = 1\n"
            + "spark.hadoop.fs."
            + UserInfoFileSystem.SCHEME
            + ".impl = "
            + UserInfoFileSystem.class.getName()
            + "\nspark.hadoop.fs.s3a.access.key = "
            + CONF_ACCESS_KEY
            + "\nspark.hadoop.fs.s3a.secret.key = "
            + CONF_SECRET_KEY
            + "\nspark.swoop.test.connection = user=bot;password="
            + VALUE_SECRET
            + "\n");
    Path out = tmp.resolve("out");
    Path raw = tmp.resolve("raw");
    Path log = tmp.resolve("run.log");
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.org())) {
      int exit =
          swoop(
              sf.accessTokenEnv(),
              log,
              "run",
              "--source",
              "sfdc",
              "--output",
              withCredentials(out),
              "--raw",
              withCredentials(raw),
              "--snapshot-date",
              D.toString(),
              "--conf",
              conf.toString(),
              "--verbose");
      assertEquals(0, exit, ChildJvm.tail(log));
    }
    String manifest = Files.readString(out.resolve(io.swoop.sink.RunManifests.relativePath(D)));
    assertTrue(
        manifest.contains("\"spark.hadoop.fs.s3a.secret.key\" : \"" + Redaction.REDACTED + "\""),
        manifest);
    assertTrue(
        Files.readString(log).contains("published to " + UserInfoFileSystem.SCHEME + "://"),
        ChildJvm.tail(log));
    assertTrue(Files.exists(raw), "the mirror was written");

    // A run that fails on its input (a folder that does not exist) names it, redacted.
    Path failed = tmp.resolve("failed.log");
    int exit =
        swoop(
            Map.of(),
            failed,
            "run",
            "--source",
            "export",
            "--input",
            withCredentials(tmp.resolve("no-such-folder")),
            "--output",
            withCredentials(tmp.resolve("out2")),
            "--conf",
            conf.toString(),
            "--verbose");
    assertEquals(2, exit, ChildJvm.tail(failed));
    assertTrue(
        Files.readString(failed).contains(Redaction.REDACTED + "@bucket"), ChildJvm.tail(failed));

    List<String> leaks = new ArrayList<>();
    leaks.addAll(leaks(out));
    leaks.addAll(leaks(raw));
    leaks.addAll(leaks(log));
    leaks.addAll(leaks(failed));
    assertEquals(List.of(), leaks);
  }

  /** {@code credfs://KEY:SECRET@bucket/abs/path}: the local folder, with credentials in its URL. */
  private static String withCredentials(Path p) {
    return UserInfoFileSystem.SCHEME + "://" + URL_KEY + ":" + URL_SECRET + "@bucket" + p;
  }

  /**
   * Each file under {@code root} (or {@code root} itself) that holds a secret, in its name or
   * bytes.
   */
  private static List<String> leaks(Path root) throws Exception {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String s : SECRETS) {
          if (text.contains(s) || f.toString().contains(s)) {
            found.add(f + " holds " + s);
          }
        }
      }
    }
    return found;
  }

  private static int swoop(Map<String, String> env, Path log, String... args) throws Exception {
    return ChildJvm.awaitExit(ChildJvm.startJob(List.of(args), env, log), log);
  }
}
