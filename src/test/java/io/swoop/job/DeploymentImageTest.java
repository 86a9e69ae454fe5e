package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swoop.testing.Fixtures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * jobs/k8s/Dockerfile builds the image the Kubernetes manifest names, on the Spark that pom.xml
 * builds against, with hadoop-aws at the Hadoop version that Spark brings and the AWS SDK bundle
 * that Hadoop version names.
 */
class DeploymentImageTest {
  private static final Path K8S = Fixtures.basedir().resolve("jobs/k8s");

  @Test
  void theDockerfileBuildsTheManifestsImageWithThePomsVersions() throws Exception {
    String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
    Matcher build =
        Pattern.compile("docker build -f jobs/k8s/Dockerfile -t (\\S+) \\.").matcher(dockerfile);
    assertTrue(build.find(), "the Dockerfile says how to build it");
    String image = build.group(1);

    List<JsonNode> docs =
        new ObjectMapper(new YAMLFactory())
            .readerFor(JsonNode.class)
            .<JsonNode>readValues(Files.readString(K8S.resolve("swoop-scheduled.yaml")))
            .readAll();
    JsonNode template = docs.get(0).get("spec").get("template");
    assertEquals(image, template.get("image").asText());
    String pomVersion = VersionTest.pomVersion();
    assertEquals(
        pomVersion.replace("-SNAPSHOT", ""),
        image.substring(image.lastIndexOf(':') + 1),
        "the image is tagged with the release of this pom");
    assertTrue(
        template.get("mainApplicationFile").asText().equals("local:///opt/swoop/swoop.jar")
            && dockerfile.contains("COPY target/swoop-*-spark-submit.jar /opt/swoop/swoop.jar"));

    String spark = pomProperty("spark.version");
    assertEquals(spark, arg(dockerfile, "SPARK_VERSION"));
    assertEquals(spark, template.get("sparkVersion").asText());
    assertTrue(dockerfile.contains("FROM apache/spark:${SPARK_VERSION}"), dockerfile);

    Path hadoopClient = hadoopClientJar();
    String hadoop = hadoopClient.getParent().getFileName().toString();
    assertEquals(hadoop, arg(dockerfile, "HADOOP_VERSION"));
    // The Hadoop build's parent pom names the AWS SDK v2 bundle hadoop-aws was built with.
    Path hadoopProject =
        hadoopClient
            .getParent()
            .getParent()
            .resolveSibling("hadoop-project")
            .resolve(hadoop)
            .resolve("hadoop-project-" + hadoop + ".pom");
    Matcher sdk =
        Pattern.compile("<aws-java-sdk-v2.version>([^<]+)</aws-java-sdk-v2.version>")
            .matcher(Files.readString(hadoopProject));
    assertTrue(sdk.find(), hadoopProject.toString());
    assertEquals(sdk.group(1), arg(dockerfile, "AWS_SDK_VERSION"));
  }

  private static String arg(String dockerfile, String name) {
    Matcher m = Pattern.compile("(?m)^ARG " + name + "=(\\S+)$").matcher(dockerfile);
    assertTrue(m.find(), "ARG " + name);
    return m.group(1);
  }

  private static String pomProperty(String name) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(Fixtures.basedir().resolve("pom.xml").toFile())
        .getElementsByTagName(name)
        .item(0)
        .getTextContent()
        .strip();
  }

  /** The hadoop-client-api jar Spark brings, in the local Maven repository. */
  private static Path hadoopClientJar() {
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      if (p.getFileName().toString().startsWith("hadoop-client-api-")) {
        return p;
      }
    }
    throw new AssertionError("hadoop-client-api is not on the test classpath");
  }
}
