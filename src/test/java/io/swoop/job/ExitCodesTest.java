package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.source.sfdc.FakeSalesforce;
import io.swoop.source.sfdc.SmallOrg;
import io.swoop.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT §1's exit codes, through {@link Main#run} as jobs/swoop calls it. */
class ExitCodesTest {
  @TempDir Path tmp;

  private String out;
  private String err;

  private int swoop(String... args) {
    return swoop(System.getenv(), args);
  }

  private int swoop(java.util.Map<String, String> env, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      return Main.run(env, args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      out = o.toString(StandardCharsets.UTF_8);
      err = e.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void unknownFlagExitsTwoNamingIt() {
    assertEquals(2, swoop("run", "--source", "export", "--ouput", "x"));
    assertTrue(err.contains("Unknown option: '--ouput'"), err);
    assertTrue(err.contains("swoop run --help"), err);
  }

  @Test
  void badSourceValueExitsTwoListingTheAllowedOnes() {
    assertEquals(2, swoop("run", "--source", "csv", "--output", "x"));
    assertTrue(err.contains("'csv'") && err.contains("export, sfdc"), err);
  }

  @Test
  void unknownConfigurationKeyExitsTwoNamingItAndTheFile() throws Exception {
    Path conf = tmp.resolve("swoop.properties");
    Files.writeString(conf, "takeover.max_level = 3\n");
    int code =
        swoop(
            Fixtures.runArgs(Fixtures.tinyOrg(), tmp.resolve("out"), Fixtures.TINY_SNAPSHOT, conf));
    assertEquals(2, code);
    assertTrue(err.contains("Unknown configuration key 'takeover.max_level'"), err);
    assertTrue(err.contains(conf.toString()), err);
  }

  @Test
  void badConfigurationValueExitsTwoNamingTheKey() throws Exception {
    Path conf = tmp.resolve("swoop.properties");
    Files.writeString(conf, "trend.alpha = often\n");
    int code =
        swoop(
            Fixtures.runArgs(Fixtures.tinyOrg(), tmp.resolve("out"), Fixtures.TINY_SNAPSHOT, conf));
    assertEquals(2, code);
    assertTrue(err.contains("trend.alpha = 'often' is not a number"), err);
  }

  @Test
  void badSnapshotDateExitsTwoNamingIt() {
    int code =
        swoop(
            "run",
            "--source",
            "export",
            "--input",
            "in",
            "--output",
            "out",
            "--snapshot-date",
            "30/06/2024");
    assertEquals(2, code);
    assertTrue(err.contains("--snapshot-date '30/06/2024' is not a date"), err);
  }

  @Test
  void aSnapshotDateAfterTodayExitsTwoBeforeAnythingIsRead() {
    // CONTRACT §1: its run could not be reproduced.
    String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    int code =
        swoop(
            "run",
            "--source",
            "export",
            "--input",
            tmp.resolve("in").toString(),
            "--output",
            tmp.resolve("out").toString(),
            "--snapshot-date",
            tomorrow);
    assertEquals(2, code);
    assertTrue(err.contains("--snapshot-date " + tomorrow + " is after today ("), err);
    assertTrue(!Files.exists(tmp.resolve("out")), "stopped before writing anything");
  }

  @Test
  void aRequiredExportWithOnlyAHeaderExitsTwoBeforeSparkStarts() throws Exception {
    Path input = tmp.resolve("exports");
    Fixtures.copyDir(Fixtures.tinyOrg(), input);
    Path opps = input.resolve("Opportunity.csv");
    Files.writeString(opps, Files.readAllLines(opps).get(0) + "\n");
    int code =
        swoop(
            Fixtures.runArgs(
                input, tmp.resolve("out"), Fixtures.TINY_SNAPSHOT, Fixtures.tinyOrgConf()));
    assertEquals(2, code);
    assertEquals(
        "swoop: Opportunity.csv has a header but no rows: a required export must not be empty"
            + " (was the export cut short or filtered to nothing?)",
        err.strip());
    assertTrue(!Files.exists(tmp.resolve("out")), "stopped before writing anything");
  }

  @Test
  void missingInputFileExitsTwoNamingIt() throws Exception {
    Path input = tmp.resolve("exports");
    Fixtures.copyDir(Fixtures.tinyOrg(), input);
    Files.delete(input.resolve("OpportunityHistory.csv"));
    int code =
        swoop(
            Fixtures.runArgs(
                input, tmp.resolve("out"), Fixtures.TINY_SNAPSHOT, Fixtures.tinyOrgConf()));
    assertEquals(2, code);
    assertTrue(
        err.contains("Missing required export file OpportunityHistory.csv in " + input), err);
    assertTrue(!Files.exists(tmp.resolve("out/_runs")), "no manifest for a failed run");
  }

  @Test
  void inputFolderThatDoesNotExistExitsTwoBeforeSparkStarts() {
    Path input = tmp.resolve("exprots");
    int code =
        swoop(
            Fixtures.runArgs(
                input, tmp.resolve("out"), Fixtures.TINY_SNAPSHOT, Fixtures.tinyOrgConf()));
    assertEquals(2, code);
    assertEquals("swoop: Input folder " + input + " does not exist", err.strip());
    assertTrue(!Files.exists(tmp.resolve("out")), "stopped before writing anything");
  }

  @Test
  void missingRequiredColumnExitsTwoNamingFileAndColumnBeforeSparkStarts() throws Exception {
    Path input = tmp.resolve("exports");
    Fixtures.copyDir(Fixtures.tinyOrg(), input);
    Path opps = input.resolve("Opportunity.csv");
    List<String> lines = Files.readAllLines(opps);
    lines.set(0, lines.get(0).replace("StageName", "Stage"));
    Files.write(opps, lines);
    int code =
        swoop(
            Fixtures.runArgs(
                input, tmp.resolve("out"), Fixtures.TINY_SNAPSHOT, Fixtures.tinyOrgConf()));
    assertEquals(2, code);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(
        err.startsWith("swoop: Opportunity.csv: missing required column StageName (header has: "),
        err);
    assertTrue(!Files.exists(tmp.resolve("out")), "stopped before writing anything");
  }

  @Test
  void outputThatIsAFileExitsTwoNamingIt() throws Exception {
    Path output = tmp.resolve("out.parquet");
    Files.writeString(output, "not a folder");
    int code =
        swoop(
            Fixtures.runArgs(
                Fixtures.tinyOrg(), output, Fixtures.TINY_SNAPSHOT, Fixtures.tinyOrgConf()));
    assertEquals(2, code);
    assertEquals(
        "swoop: --output " + output + ": " + output + " is a file, not a folder", err.strip());
  }

  @Test
  void outputUnderAFileExitsTwoNamingTheFile() throws Exception {
    Path file = tmp.resolve("report.txt");
    Files.writeString(file, "x");
    Path output = file.resolve("out");
    int code =
        swoop(
            Fixtures.runArgs(
                Fixtures.tinyOrg(), output, Fixtures.TINY_SNAPSHOT, Fixtures.tinyOrgConf()));
    assertEquals(2, code);
    assertEquals(
        "swoop: --output " + output + ": " + file + " is a file, not a folder", err.strip());
  }

  @Test
  void outputWhereNoFolderCanBeMadeExitsTwoBeforeSparkStarts() {
    // /proc exists and reports itself writable to root, yet refuses every new folder: only trying
    // to write finds that out (as on a read-only mount).
    Path output = Path.of("/proc/swoop-output");
    int code =
        swoop(
            Fixtures.runArgs(
                Fixtures.tinyOrg(), output, Fixtures.TINY_SNAPSHOT, Fixtures.tinyOrgConf()));
    assertEquals(2, code);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.startsWith("swoop: --output /proc/swoop-output: cannot write in /proc ("), err);
  }

  @Test
  void salesforceWithoutCredentialsExitsTwoBeforeSparkStarts() {
    int code =
        swoop(
            Map.of("SFDC_USERNAME", "ops@example.com"),
            "run",
            "--source",
            "sfdc",
            "--output",
            tmp.resolve("out").toString(),
            "--snapshot-date",
            "2024-06-30");
    assertEquals(2, code);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.startsWith("swoop: No Salesforce credentials in the environment."), err);
    assertTrue(err.contains("only SFDC_USERNAME set"), err);
  }

  @Test
  void verboseOnASubcommandPrintsTheStackTrace() {
    int code =
        swoop(
            Map.of(),
            "run",
            "--source",
            "sfdc",
            "--output",
            tmp.resolve("out").toString(),
            "--verbose");
    assertEquals(2, code);
    assertTrue(err.startsWith("swoop: No Salesforce credentials in the environment."), err);
    assertTrue(err.contains("\tat io.swoop.source.sfdc.Credentials."), err);
  }

  /**
   * Issue 18: a Salesforce failure on the routing {@code SELECT COUNT()} of {@code sfdc.bulk =
   * auto} names its object and cause (not a sibling stopped after it), exits 3, and {@code
   * --verbose} prints its stack trace.
   */
  @Test
  void aSalesforceFailureOnTheCountNamesObjectAndCauseAndVerbosePrintsItsStackTrace()
      throws Exception {
    Path conf = tmp.resolve("swoop.properties");
    Files.writeString(
        conf, "user.hire_date_field = Hire_Date__c\nsfdc.backoff_millis = 1\nsfdc.bulk = auto\n");
    try (FakeSalesforce sf = FakeSalesforce.start(SmallOrg.completeOrg())) {
      sf.rule(
          c ->
              "Event".equals(c.object()) && String.valueOf(c.soql()).startsWith("SELECT COUNT()")
                  ? FakeSalesforce.fault(
                      "REQUEST_LIMIT_EXCEEDED",
                      "TotalRequests Limit exceeded.",
                      "UnexpectedErrorFault")
                  : null);
      int code =
          swoop(
              sf.accessTokenEnv(),
              "extract",
              "--raw",
              tmp.resolve("raw").toString(),
              "--conf",
              conf.toString(),
              "--master",
              "local[1]",
              "--verbose");
      assertEquals(3, code, err);
      String first = err.lines().filter(l -> l.startsWith("swoop: ")).findFirst().orElseThrow();
      assertTrue(
          first.startsWith(
              "swoop: Salesforce extract of Event stopped: the org's API request limit is used up"
                  + " (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.). Query: SELECT"
                  + " COUNT() FROM Event WHERE IsDeleted = false."),
          err);
      assertTrue(err.contains("\tat io.swoop.source.sfdc.SfdcClient$ObjectConnection."), err);
      assertTrue(!err.contains("another object"), err);
    }
  }

  @Test
  void pseudonymizingWithoutTheKeyExitsTwoNamingTheVariable() throws Exception {
    Path conf = tmp.resolve("swoop.properties");
    Files.writeString(conf, "input.max_reject_ratio = 0.2\nprivacy.pseudonymize = true\n");
    int code =
        swoop(
            java.util.Map.of(),
            Fixtures.runArgs(Fixtures.tinyOrg(), tmp.resolve("out"), Fixtures.TINY_SNAPSHOT, conf));
    assertEquals(2, code);
    assertTrue(err.contains("the environment variable SWOOP_PSEUDONYM_KEY, which is not set"), err);
    assertTrue(!Files.exists(tmp.resolve("out")), "stopped before writing anything");
  }

  @Test
  void helpExitsZeroAndShowsAnExample() {
    assertEquals(0, swoop("--help"));
    assertTrue(out.contains("Examples:"), out);
    assertTrue(out.contains("jobs/swoop run --source export --input"), out);
    assertTrue(out.contains("Exit codes: 0 done, 2 bad arguments"), out);

    assertEquals(0, swoop("run", "--help"));
    assertTrue(out.contains("--snapshot-date=YYYY-MM-DD"), out);
    assertTrue(
        out.contains("jobs/swoop run --source export --input src/sample/exports --output out"),
        out);
  }

  @Test
  void checkOfADateThatWasNotPublishedExitsOne() {
    assertEquals(1, swoop("check", "--output", tmp.toString(), "--snapshot-date", "2024-06-30"));
    assertTrue(err.contains("check failed: no run manifest"), err);
    assertTrue(err.contains("snapshot_date=2024-06-30.json"), err);
  }
}
