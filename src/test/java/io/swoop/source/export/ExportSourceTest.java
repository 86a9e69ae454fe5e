package io.swoop.source.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.model.CanonicalModel;
import io.swoop.model.ModelBuilder;
import io.swoop.model.ObjectSpec;
import io.swoop.model.SfObject;
import io.swoop.testing.ExportFixture;
import io.swoop.testing.SparkTestBase;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT §2, one rule per test, on exports written inline. */
class ExportSourceTest extends SparkTestBase {
  private static final LocalDate SNAPSHOT = LocalDate.of(2024, 6, 30);
  private static final String ANN15 = "0055e000001AbCd";
  private static final String ANN18 = "0055e000001AbCdAAK";
  private static final String BOB18 = "0055e000001XyZwAAK";

  @TempDir Path dir;

  private CanonicalModel read(ExportFixture fixture) {
    return read(fixture, SwoopConfig.from(Map.of("input.max_reject_ratio", "1")));
  }

  private CanonicalModel read(ExportFixture fixture, SwoopConfig config) {
    return ModelBuilder.build(
        spark, new ExportSource(fixture.write().toString()), config, SNAPSHOT);
  }

  private static List<Row> sorted(Dataset<Row> ds, String by) {
    return ds.orderBy(by).collectAsList();
  }

  @Test
  void checkSuffixesUsedInTheseTests() {
    assertEquals(ANN18, io.swoop.model.Ids.to18(ANN15));
    assertEquals(BOB18, io.swoop.model.Ids.to18("0055e000001XyZw"));
  }

  @Test
  void headersMatchCaseInsensitivelyInAnyOrderWithExtraColumns() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "User.csv",
                    "createddate,Favourite_Colour__c,ISACTIVE,name,MANAGERID,id",
                    "2024-01-01T00:00:00.000Z,blue,true,Ann,," + ANN15));
    Row ann = m.users().first();
    assertEquals(ANN18, ann.getAs("user_id"));
    assertEquals("Ann", ann.getAs("name"));
    assertEquals(true, ann.getAs("is_active"));
  }

  @Test
  void byteOrderMarkQuotedCommasQuotesAndNewlinesAreRead() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "User.csv",
                    "\uFEFF" + ExportFixture.USER,
                    ANN15 + ",\"Smith, \"\"Ann\"\"\nthe second\",,true,2024-01-01T00:00:00Z"));
    assertEquals("Smith, \"Ann\"\nthe second", m.users().first().getAs("name"));
  }

  @Test
  void fifteenAndEighteenCharacterIdsJoinAsEighteen() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "User.csv",
                    ExportFixture.USER,
                    ANN15 + ",Ann,,true,2024-01-01T00:00:00Z",
                    BOB18 + ",Bob," + ANN18.toLowerCase() + ",true,2024-01-01T00:00:00Z"));
    List<Row> users = sorted(m.users().select("user_id", "manager_id"), "user_id");
    assertEquals(rows(row(ANN18, null), row(BOB18, ANN18)), users);
  }

  @Test
  void everyTimestampDateAndBooleanFormIsRead() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "Opportunity.csv",
                    ExportFixture.OPPORTUNITY,
                    "0065e000000AAA1,0055e000001AbCd,Prospecting,100,10,2024-03-05,false,FALSE,2024-03-05T14:22:10.000Z",
                    "0065e000000AAA2,0055e000001AbCd,Prospecting,100,10,2024-03-05,0,0,2024-03-05T14:22:10.000+0000",
                    "0065e000000AAA3,0055e000001AbCd,Closed Won,100.5,100,2024-03-05,TRUE,1,2024-03-05T14:22:10Z"));
    List<Row> opps =
        sorted(
            m.opportunities().select("created_date", "is_closed", "is_won", "amount", "close_date"),
            "amount");
    Timestamp t = Timestamp.from(Instant.parse("2024-03-05T14:22:10Z"));
    Date d = Date.valueOf("2024-03-05");
    assertEquals(
        rows(
            row(t, false, false, new BigDecimal("100.00"), d),
            row(t, false, false, new BigDecimal("100.00"), d),
            row(t, true, true, new BigDecimal("100.50"), d)),
        opps);
  }

  @Test
  void emptyValuesAreNull() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "Opportunity.csv",
                    ExportFixture.OPPORTUNITY,
                    "0065e000000AAA1,0055e000001AbCd,,,,,,,2024-03-05T14:22:10Z"));
    assertEquals(
        row(null, null, null, null, null, null),
        m.opportunities()
            .select("stage_name", "amount", "probability", "close_date", "is_closed", "is_won")
            .first());
  }

  @Test
  void deletedRowsAreDropped() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "Opportunity.csv",
                    ExportFixture.OPPORTUNITY + ",IsDeleted",
                    "0065e000000AAA1,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z,false",
                    "0065e000000AAA2,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z,true"));
    assertEquals(1, m.opportunities().count());
    assertEquals(1, m.stats().get("Opportunity").deleted());
  }

  @Test
  void recordsCreatedAfterTheSnapshotDayAreIgnored() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "User.csv",
                    ExportFixture.USER,
                    ANN15 + ",Ann,,true,2024-06-30T23:59:59.999Z",
                    BOB18 + ",Bob,,true,2024-07-01T00:00:00.000Z"));
    assertEquals(List.of(row(ANN18)), m.users().select("user_id").collectAsList());
    assertEquals(1, m.stats().get("User").afterSnapshot());
  }

  @Test
  void missingRequiredFileStopsNamingIt() {
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () -> read(new ExportFixture(dir).without("OpportunityHistory.csv")));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertTrue(
        e.getMessage().startsWith("Missing required export file OpportunityHistory.csv in "),
        e.getMessage());
  }

  @Test
  void missingRequiredColumnStopsNamingFileAndColumn() {
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () -> read(new ExportFixture(dir).file("User.csv", "Id,Name,IsActive,CreatedDate")));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertEquals(
        "User.csv: missing required column ManagerId (header has: Id, Name, IsActive, CreatedDate)",
        e.getMessage());
  }

  @Test
  void taskAndEventMayBeAbsent() {
    CanonicalModel m = read(new ExportFixture(dir));
    assertEquals(0, m.tasks().count());
    assertEquals(0, m.events().count());
  }

  @Test
  void unparseableRequiredValuesGoToRejectedRowsWithLineAndReason() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "Opportunity.csv",
                    ExportFixture.OPPORTUNITY + ",Name",
                    "0065e000000AAA1,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z,\"two\nlines\"",
                    "0065e000000AAA2,0055e000001AbCd,Prospecting,1,10,31/02/2024,false,false,2024-03-05T14:22:10Z,x",
                    "not-an-id,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z,x",
                    "0065e000000AAA4,0055e000001AbCd,Prospecting",
                    "0065e000000AAA5,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,,x"));
    assertEquals(
        List.of(
            row(
                "Opportunity",
                4L,
                "0065e000000AAA2",
                "CloseDate '31/02/2024' is not a date like 2024-03-05",
                "0065e000000AAA2,0055e000001AbCd,Prospecting,1,10,31/02/2024,false,false,2024-03-05T14:22:10Z,x"),
            row(
                "Opportunity",
                5L,
                "not-an-id",
                "Id 'not-an-id' is not a 15- or 18-character Salesforce Id",
                "not-an-id,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z,x"),
            row(
                "Opportunity",
                6L,
                "0065e000000AAA4",
                "has 3 fields, the header has 10",
                "0065e000000AAA4,0055e000001AbCd,Prospecting"),
            row(
                "Opportunity",
                7L,
                "0065e000000AAA5",
                "CreatedDate is empty",
                "0065e000000AAA5,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,,x")),
        sorted(m.rejected(), "line"));
    assertEquals(1, m.opportunities().count());
  }

  @Test
  void impossibleCalendarDaysRejectARequiredValueAndNullAnOptionalOne() {
    String good = "0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,";
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "Opportunity.csv",
                    ExportFixture.OPPORTUNITY + ",LastModifiedDate,SystemModstamp",
                    "0065e000000AAA1," + good + "2024-04-31T14:22:10.000Z,,",
                    "0065e000000AAA2," + good + "2023-02-29T14:22:10.000+0000,,",
                    "0065e000000AAA3," + good + "2024-06-31T14:22:10Z,,",
                    "0065e000000AAA4,0055e000001AbCd,Prospecting,1,10,2024-11-31,false,false,"
                        + "2024-03-05T14:22:10Z,,",
                    "0065e000000AAA5,"
                        + good
                        + "2024-03-05T14:22:10Z,2024-04-31T14:22:10.000Z,2023-02-29T14:22:10Z",
                    "0065e000000AAA6,"
                        + good
                        + "2024-03-05T14:22:10Z,2024-06-31T14:22:10.000+0000,2024-11-31"));
    assertEquals(
        List.of(
            row(
                2L,
                "CreatedDate '2024-04-31T14:22:10.000Z' is not a timestamp like 2024-03-05T14:22:10.000Z"),
            row(
                3L,
                "CreatedDate '2023-02-29T14:22:10.000+0000' is not a timestamp like 2024-03-05T14:22:10.000Z"),
            row(
                4L,
                "CreatedDate '2024-06-31T14:22:10Z' is not a timestamp like 2024-03-05T14:22:10.000Z"),
            row(5L, "CloseDate '2024-11-31' is not a date like 2024-03-05")),
        sorted(m.rejected().select("line", "reason"), "line"));
    assertEquals(
        rows(
            row(io.swoop.model.Ids.to18("0065e000000AAA5"), null, null),
            row(io.swoop.model.Ids.to18("0065e000000AAA6"), null, null)),
        sorted(
            m.opportunities().select("opportunity_id", "last_modified_date", "system_modstamp"),
            "opportunity_id"));
    assertEquals(
        Map.of("LastModifiedDate", 2L, "SystemModstamp", 2L),
        m.stats().get("Opportunity").unparseableOptional());
  }

  private static final String OPP_ROW =
      ",0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z,";

  /** The canonical tables of a model, each sorted, by name. */
  private static Map<String, List<Row>> tables(CanonicalModel m) {
    Map<String, List<Row>> t = new java.util.TreeMap<>();
    t.put("users", m.users().orderBy("user_id").collectAsList());
    t.put("opportunities", m.opportunities().orderBy("opportunity_id").collectAsList());
    t.put("opportunity_history", m.opportunityHistory().orderBy("history_id").collectAsList());
    t.put(
        "opportunity_field_history",
        m.opportunityFieldHistory().orderBy("history_id").collectAsList());
    t.put("tasks", m.tasks().orderBy("activity_id").collectAsList());
    t.put("events", m.events().orderBy("activity_id").collectAsList());
    return t;
  }

  @Test
  void duplicateIdsAreKeptOnceAndCounted() {
    String opp = ExportFixture.OPPORTUNITY + ",Name,SystemModstamp,IsDeleted";
    String history =
        "00k5e000000HiS1,0065e000000AAA1,Prospecting,10,1,2024-03-05,2024-03-05T14:22:10Z";
    CanonicalModel withDuplicates =
        read(
            new ExportFixture(dir.resolve("with"))
                .file(
                    "Opportunity.csv",
                    opp,
                    // the newest SystemModstamp wins, wherever it stands
                    "0065e000000AAA1" + OPP_ROW + "new,2024-04-01T00:00:00Z,false",
                    "0065e000000AAA1" + OPP_ROW + "old,2024-03-01T00:00:00Z,false",
                    // the same record as 15 and 18 characters, no SystemModstamp: the later line
                    "0065e000000AAA2" + OPP_ROW + "first,,false",
                    io.swoop.model.Ids.to18("0065e000000AAA2") + OPP_ROW + "second,,false",
                    // a newer copy that is deleted deletes the record
                    "0065e000000AAA3" + OPP_ROW + "kept,2024-03-01T00:00:00Z,false",
                    "0065e000000AAA3" + OPP_ROW + "gone,2024-03-02T00:00:00Z,true",
                    // a rejected copy is no duplicate
                    "0065e000000AAA4" + OPP_ROW + "only,,false",
                    "0065e000000AAA4,0055e000001AbCd,Prospecting,1,10,2024-13-05,false,false,"
                        + "2024-03-05T14:22:10Z,bad,,false")
                // one duplicate beside one rejected record: the rejected one's missing Id must
                // not stand in for the duplicate's
                .file(
                    "OpportunityHistory.csv",
                    ExportFixture.OPPORTUNITY_HISTORY,
                    history,
                    history,
                    "00k5e000000HiS2,0065e000000AAA1,Prospecting,10,1,2024-03-05,"
                        + "2024-03-35T14:22:10Z"));
    CanonicalModel without =
        read(
            new ExportFixture(dir.resolve("without"))
                .file(
                    "Opportunity.csv",
                    opp,
                    "0065e000000AAA1" + OPP_ROW + "new,2024-04-01T00:00:00Z,false",
                    io.swoop.model.Ids.to18("0065e000000AAA2") + OPP_ROW + "second,,false",
                    "0065e000000AAA3" + OPP_ROW + "gone,2024-03-02T00:00:00Z,true",
                    "0065e000000AAA4" + OPP_ROW + "only,,false")
                .file("OpportunityHistory.csv", ExportFixture.OPPORTUNITY_HISTORY, history));
    assertEquals(tables(without), tables(withDuplicates));
    assertEquals(
        List.of(row("new"), row("only"), row("second")),
        sorted(withDuplicates.opportunities().select("name"), "name"));
    CanonicalModel.ObjectStats o = withDuplicates.stats().get("Opportunity");
    assertEquals(
        List.of(8L, 1L, 3L, 1L, 0L, 3L),
        List.of(o.read(), o.rejected(), o.duplicates(), o.deleted(), o.afterSnapshot(), o.kept()));
    CanonicalModel.ObjectStats h = withDuplicates.stats().get("OpportunityHistory");
    assertEquals(
        List.of(3L, 1L, 1L, 1L), List.of(h.read(), h.rejected(), h.duplicates(), h.kept()));
    assertEquals(0, withDuplicates.stats().get("User").duplicates());
  }

  private static final String LATIN1_USERS =
      ExportFixture.USER
          + "\n"
          + ANN15
          + ",Ann,,true,2024-01-01T00:00:00Z\n"
          + BOB18
          + ",Ren\u00e9 \"Bob\" M\u00fcller,,true,2024-01-01T00:00:00Z\n"
          + "0055e000001Z\u00e9Zw,Zo\u00eb,,true,2024-01-01T00:00:00Z\n"
          + "0055e000001CcCc,\u00c9mile,,true,2024-01-01T00:00:00Z\n";

  @Test
  void aFileThatIsNotUtf8IsWarnedOnceCountedAndAMangledIdRejected() throws Exception {
    Path input = new ExportFixture(dir).write();
    java.nio.file.Files.write(
        input.resolve("User.csv"),
        LATIN1_USERS.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    for (long chunk : new long[] {1 << 20, 7}) {
      java.io.StringWriter logs = new java.io.StringWriter();
      CanonicalModel m;
      try (LogCapture ignored = new LogCapture(logs)) {
        m =
            ModelBuilder.build(
                spark,
                new ExportSource(input.toString(), chunk, chunk),
                SwoopConfig.from(Map.of("input.max_reject_ratio", "1")),
                SNAPSHOT);
      }
      CanonicalModel.NotUtf8 bad = m.stats().get("User").notUtf8();
      assertEquals(
          new CanonicalModel.NotUtf8(3, "0xE9", Map.of("Id", 1L, "Name", 3L)), bad, "" + chunk);
      assertEquals(
          // The reason quotes the value printable: the replacement character escaped.
          List.of(row(4L, "Id '0055e000001Z\\uFFFDZw' is not a 15- or 18-character Salesforce Id")),
          m.rejected().select("line", "reason").collectAsList());
      assertEquals(
          List.of(row("\uFFFDmile"), row("Ren\uFFFD \"Bob\" M\uFFFDller")),
          m.users().filter("name != 'Ann'").orderBy("user_id").select("name").collectAsList());
      String warning =
          "WARN User.csv line 3: not UTF-8 (bytes 0xE9); the file was probably saved as"
              + " Latin-1/Windows-1252 - re-export it as UTF-8. Read with U+FFFD in their place:"
              + " 1 Id, 3 Name";
      assertEquals(List.of(warning), notUtf8Lines(logs.toString()), "" + chunk);
      assertEquals(null, m.stats().get("Opportunity").notUtf8());
    }
  }

  private static List<String> notUtf8Lines(String logs) {
    return logs.lines().filter(l -> l.contains("not UTF-8")).toList();
  }

  /** Captures swoop's log lines ("LEVEL message") while open. */
  private static final class LogCapture implements AutoCloseable {
    private final org.apache.logging.log4j.core.LoggerContext ctx =
        (org.apache.logging.log4j.core.LoggerContext)
            org.apache.logging.log4j.LogManager.getContext(false);
    private final org.apache.logging.log4j.core.appender.WriterAppender appender;

    LogCapture(java.io.Writer to) {
      appender =
          org.apache.logging.log4j.core.appender.WriterAppender.createAppender(
              org.apache.logging.log4j.core.layout.PatternLayout.newBuilder()
                  .withPattern("%p %m%n")
                  .build(),
              null,
              to,
              "strict-capture",
              false,
              true);
      appender.start();
      ctx.getConfiguration().addAppender(appender);
      ctx.getConfiguration()
          .getRootLogger()
          .addAppender(appender, org.apache.logging.log4j.Level.ALL, null);
      ctx.updateLoggers();
    }

    @Override
    public void close() {
      ctx.getConfiguration().getRootLogger().removeAppender("strict-capture");
      ctx.updateLoggers();
      appender.stop();
    }
  }

  @Test
  void aFileReadInByteRangesGivesTheRowsOfOneTaskInOrder() {
    new ExportFixture(dir)
        .file(
            "Opportunity.csv",
            "\uFEFF" + ExportFixture.OPPORTUNITY + ",Name",
            "0065e000000AAA1,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z,\"two\r\nlines, \"\"é\"\"\"",
            "",
            "0065e000000AAA2,0055e000001AbCd,Prospecting",
            "0065e000000AAA3,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z,\"x\"y",
            "0065e000000AAA4,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z,😀")
        .write();
    ObjectSpec spec = ObjectSpec.of(SfObject.OPPORTUNITY, null, null);
    Dataset<Row> oneTask = new ExportSource(dir.toString()).read(spark, spec).orElseThrow();
    Dataset<Row> ranges = new ExportSource(dir.toString(), 7, 7).read(spark, spec).orElseThrow();
    assertEquals(1, oneTask.rdd().getNumPartitions());
    assertTrue(ranges.rdd().getNumPartitions() > 4);
    List<Row> rows = ranges.collectAsList();
    assertEquals(oneTask.collectAsList(), rows);
    Row last = rows.get(rows.size() - 1);
    assertEquals(7L, (long) last.getAs(ObjectSpec.LINE));
    assertEquals("0065e000000AAA4", last.getAs("Id"));
    assertEquals("has 3 fields, the header has 10", rows.get(1).getAs(ObjectSpec.ERROR));
    assertEquals(5L, (long) rows.get(1).getAs(ObjectSpec.LINE));
    assertEquals("text after a closing quote in field 10", rows.get(2).getAs(ObjectSpec.ERROR));
  }

  /**
   * A file system only the job's Hadoop configuration knows, as an object store is known through
   * its {@code spark.hadoop.*} credentials and endpoint: {@code swooptest:} paths are local files.
   */
  public static final class JobOnlyFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "swooptest";

    @Override
    public URI getUri() {
      return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
      return SCHEME;
    }
  }

  @Test
  void executorsReadWithTheJobsHadoopConfiguration() {
    new ExportFixture(dir)
        .file(
            "Opportunity.csv",
            ExportFixture.OPPORTUNITY,
            "0065e000000AAA1,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z",
            "0065e000000AAA2,0055e000001AbCd,Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z")
        .write();
    Configuration job = spark.sparkContext().hadoopConfiguration();
    String impl = "fs." + JobOnlyFileSystem.SCHEME + ".impl";
    // Uncached, so an executor cannot borrow the driver's instance and must configure its own.
    String noCache = impl + ".disable.cache";
    job.set(impl, JobOnlyFileSystem.class.getName());
    job.setBoolean(noCache, true);
    try {
      ObjectSpec spec = ObjectSpec.of(SfObject.OPPORTUNITY, null, null);
      String elsewhere = JobOnlyFileSystem.SCHEME + "://" + dir.toAbsolutePath();
      // Every job of the read, so a failed first pass over all the exports (which the read would
      // survive by counting its own file again) shows.
      spark.sparkContext().setJobGroup("job-hadoop-conf", "executors' Hadoop configuration", false);
      // Small chunks: pass 1 (counting) and pass 2 (parsing) both run in executor tasks.
      Dataset<Row> rows = new ExportSource(elsewhere, 64, 64).read(spark, spec).orElseThrow();
      assertTrue(rows.rdd().getNumPartitions() > 1);
      assertEquals(
          List.of("0065e000000AAA1", "0065e000000AAA2"),
          rows.orderBy("Id").collectAsList().stream().map(r -> (String) r.getAs("Id")).toList());
      org.apache.spark.SparkStatusTracker tracker = spark.sparkContext().statusTracker();
      int[] jobs = tracker.getJobIdsForGroup("job-hadoop-conf");
      assertTrue(jobs.length > 0);
      for (int id : jobs) {
        assertEquals(
            org.apache.spark.JobExecutionStatus.SUCCEEDED,
            tracker.getJobInfo(id).get().status(),
            "job " + id);
      }
    } finally {
      spark.sparkContext().clearJobGroup();
      job.unset(impl);
      job.unset(noCache);
    }
  }

  @Test
  void unparseableOptionalValueBecomesNullAndIsCounted() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "User.csv",
                    ExportFixture.USER + ",LastModifiedDate",
                    ANN15 + ",Ann,,true,2024-01-01T00:00:00Z,last tuesday",
                    BOB18 + ",Bob,,true,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z"));
    assertEquals(2, m.users().count());
    assertEquals(0, m.rejected().count());
    assertEquals(Map.of("LastModifiedDate", 1L), m.stats().get("User").unparseableOptional());
  }

  @Test
  void tooManyRejectedRowsStopTheRun() {
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () ->
                read(
                    new ExportFixture(dir)
                        .file(
                            "User.csv",
                            ExportFixture.USER,
                            ANN15 + ",Ann,,true,2024-01-01T00:00:00Z",
                            "bad,Bob,,true,2024-01-01T00:00:00Z"),
                    SwoopConfig.defaults()));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith(
                "User.csv: 1 of 2 rows rejected (50.00%), more than input.max_reject_ratio = 0.01 allows"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("User.csv line 3: Id 'bad' is not a 15- or 18-character Salesforce Id"),
        e.getMessage());
  }

  @Test
  void configuredHireAndTerminationFieldsAreRead() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "User.csv",
                    ExportFixture.USER + ",Hire_Date__c,Left_On__c",
                    ANN15 + ",Ann,,false,2024-01-01T00:00:00Z,2020-05-01,2024-03-31T12:00:00Z"),
            SwoopConfig.from(
                Map.of(
                    "user.hire_date_field",
                    "Hire_Date__c",
                    "user.termination_date_field",
                    "left_on__c")));
    assertEquals(
        row(Date.valueOf("2020-05-01"), Date.valueOf("2024-03-31")),
        m.users().select("hire_date", "termination_date").first());
  }

  private static final String EVENT15 = "00U5e000000EvAa";
  private static final String RELATION = "Id,EventId,RelationId";

  private static String er(int n) {
    return "0RE5e00000000" + (char) ('A' + n / 10) + (n % 10);
  }

  private static final String USER_HISTORY = "Id,UserId,Field,OldValue,NewValue,CreatedDate";

  private static String uh(int n) {
    return "0Uh5e00000000" + (char) ('A' + n / 10) + (n % 10);
  }

  private static String uh18(int n) {
    return io.swoop.model.Ids.to18(uh(n));
  }

  @Test
  void userHistoryMayBeAbsentAndIsThenEmpty() {
    CanonicalModel m = read(new ExportFixture(dir));
    assertEquals(0, m.userHistory().count());
    assertEquals(io.swoop.model.Canonical.schema(SfObject.USER_HISTORY), m.userHistory().schema());
  }

  @Test
  void userHistoryUserIdsInBothFormsJoinAsEighteenAndValuesStayAsWritten() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "UserHistory.csv",
                    USER_HISTORY + ",DataType",
                    uh(1)
                        + ","
                        + ANN15
                        + ",ManagerId,,"
                        + BOB18
                        + ",2024-03-01T09:00:00.000Z,EntityId",
                    uh(2)
                        + ","
                        + ANN18.toLowerCase()
                        + ",Manager,,Bob Smith,2024-03-01T09:00:00Z,Text",
                    uh18(3) + "," + ANN18 + ",IsActive,true,false,2024-05-01T00:00:00.000+0000,"));
    assertEquals(
        rows(
            row(uh18(1), ANN18, "ManagerId", null, BOB18, "EntityId"),
            row(uh18(2), ANN18, "Manager", null, "Bob Smith", "Text"),
            row(uh18(3), ANN18, "IsActive", "true", "false", null)),
        sorted(
            m.userHistory()
                .select("history_id", "user_id", "field", "old_value", "new_value", "data_type"),
            "history_id"));
    assertEquals(
        Timestamp.from(Instant.parse("2024-05-01T00:00:00Z")),
        m.userHistory().orderBy("history_id").collectAsList().get(2).getAs("created_date"));
  }

  @Test
  void userHistoryRowsWithBadRequiredValuesGoToRejectedRows() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "UserHistory.csv",
                    USER_HISTORY,
                    uh(1) + "," + ANN15 + ",ManagerId,," + BOB18 + ",2024-03-01T09:00:00Z",
                    uh(2) + ",Ann,ManagerId,," + BOB18 + ",2024-03-01T09:00:00Z",
                    uh(3) + "," + ANN15 + ",ManagerId,," + BOB18 + ",last Tuesday",
                    uh(4) + "," + ANN15 + ",,," + BOB18 + ",2024-03-01T09:00:00Z"));
    assertEquals(
        rows(
            row(
                "UserHistory",
                3L,
                uh(2),
                "UserId 'Ann' is not a 15- or 18-character Salesforce Id",
                uh(2) + ",Ann,ManagerId,," + BOB18 + ",2024-03-01T09:00:00Z"),
            row(
                "UserHistory",
                4L,
                uh(3),
                "CreatedDate 'last Tuesday' is not a timestamp like 2024-03-05T14:22:10.000Z",
                uh(3) + "," + ANN15 + ",ManagerId,," + BOB18 + ",last Tuesday"),
            row(
                "UserHistory",
                5L,
                uh(4),
                "Field is empty",
                uh(4) + "," + ANN15 + ",,," + BOB18 + ",2024-03-01T09:00:00Z")),
        sorted(m.rejected(), "line"));
    assertEquals(List.of(row(uh18(1))), m.userHistory().select("history_id").collectAsList());
  }

  @Test
  void deletedUserHistoryRowsAreDroppedAndSoAreRowsCreatedAfterTheSnapshot() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "UserHistory.csv",
                    USER_HISTORY + ",IsDeleted",
                    uh(1)
                        + ","
                        + ANN15
                        + ",ManagerId,,"
                        + BOB18
                        + ",2024-06-30T23:59:59.999Z,false",
                    uh(2) + "," + ANN15 + ",ManagerId,," + BOB18 + ",2024-03-01T09:00:00Z,true",
                    uh(3) + "," + ANN15 + ",ManagerId,," + BOB18 + ",2024-07-01T00:00:00Z,false"));
    assertEquals(List.of(row(uh18(1))), m.userHistory().select("history_id").collectAsList());
    assertEquals(1, m.stats().get("UserHistory").deleted());
    assertEquals(1, m.stats().get("UserHistory").afterSnapshot());
  }

  @Test
  void userHistoryWithoutARequiredColumnStopsNamingFileAndColumn() {
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () ->
                read(
                    new ExportFixture(dir)
                        .file("UserHistory.csv", "Id,UserId,Field,NewValue,CreatedDate")));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertEquals(
        "UserHistory.csv: missing required column OldValue (header has: Id, UserId, Field,"
            + " NewValue, CreatedDate)",
        e.getMessage());
  }

  @Test
  void eventRelationMayBeAbsent() {
    assertTrue(read(new ExportFixture(dir)).eventRelations().isEmpty());
  }

  @Test
  void eventRelationWithHeaderOnlyIsPresentAndEmpty() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("Event.csv", ExportFixture.ACTIVITY)
                .file("EventRelation.csv", RELATION));
    assertTrue(m.eventRelations().isPresent());
    assertEquals(0, m.eventRelations().get().count());
  }

  @Test
  void eventRelationIdsInFifteenAndEighteenFormsJoinAsEighteen() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("Event.csv", ExportFixture.ACTIVITY)
                .file(
                    "EventRelation.csv",
                    RELATION,
                    er(1) + "," + EVENT15 + "," + ANN15,
                    io.swoop.model.Ids.to18(er(2))
                        + ","
                        + io.swoop.model.Ids.to18(EVENT15).toLowerCase()
                        + ","
                        + BOB18));
    assertEquals(
        rows(
            row(io.swoop.model.Ids.to18(er(1)), io.swoop.model.Ids.to18(EVENT15), ANN18),
            row(io.swoop.model.Ids.to18(er(2)), io.swoop.model.Ids.to18(EVENT15), BOB18)),
        sorted(
            m.eventRelations().get().select("event_relation_id", "event_id", "relation_id"),
            "event_relation_id"));
  }

  @Test
  void eventRelationWithBadIdGoesToRejectedRows() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("Event.csv", ExportFixture.ACTIVITY)
                .file(
                    "EventRelation.csv",
                    RELATION,
                    er(1) + "," + EVENT15 + "," + ANN15,
                    er(2) + "," + EVENT15 + ",someone",
                    er(3) + ",," + ANN15));
    assertEquals(
        rows(
            row(
                "EventRelation",
                3L,
                er(2),
                "RelationId 'someone' is not a 15- or 18-character Salesforce Id",
                er(2) + "," + EVENT15 + ",someone"),
            row("EventRelation", 4L, er(3), "EventId is empty", er(3) + ",," + ANN15)),
        sorted(m.rejected(), "line"));
    assertEquals(1, m.eventRelations().get().count());
  }

  @Test
  void deletedEventRelationsAreDropped() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("Event.csv", ExportFixture.ACTIVITY)
                .file(
                    "EventRelation.csv",
                    RELATION + ",IsDeleted",
                    er(1) + "," + EVENT15 + "," + ANN15 + ",false",
                    er(2) + "," + EVENT15 + "," + BOB18 + ",TRUE"));
    assertEquals(
        List.of(row(ANN18)), m.eventRelations().get().select("relation_id").collectAsList());
    assertEquals(1, m.stats().get("EventRelation").deleted());
  }

  @Test
  void eventRelationsCreatedAfterTheSnapshotAreDroppedWhenCreatedDateExists() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("Event.csv", ExportFixture.ACTIVITY)
                .file(
                    "EventRelation.csv",
                    RELATION + ",CreatedDate",
                    er(1) + "," + EVENT15 + "," + ANN15 + ",2024-06-30T23:59:59.999Z",
                    er(2) + "," + EVENT15 + "," + BOB18 + ",2024-07-01T00:00:00.000Z",
                    er(3) + "," + EVENT15 + "," + BOB18 + ","));
    assertEquals(
        rows(row(io.swoop.model.Ids.to18(er(1))), row(io.swoop.model.Ids.to18(er(3)))),
        sorted(m.eventRelations().get().select("event_relation_id"), "event_relation_id"));
    assertEquals(1, m.stats().get("EventRelation").afterSnapshot());
  }

  @Test
  void eventRelationsAreKeptWhenCreatedDateIsAbsent() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("Event.csv", ExportFixture.ACTIVITY)
                .file("EventRelation.csv", RELATION, er(1) + "," + EVENT15 + "," + ANN15));
    assertEquals(row((Object) null), m.eventRelations().get().select("created_date").first());
    assertEquals(0, m.stats().get("EventRelation").afterSnapshot());
  }

  @Test
  void eventRelationValuesAreParsed() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("Event.csv", ExportFixture.ACTIVITY)
                .file(
                    "EventRelation.csv",
                    "IsWhat,Status,CreatedDate,IsInvitee," + RELATION,
                    "0,Declined,2024-03-05T14:22:10.000+0000,TRUE,"
                        + er(1)
                        + ","
                        + EVENT15
                        + ","
                        + ANN15,
                    "true,Accepted,2024-03-05T14:22:10Z,0," + er(2) + "," + EVENT15 + "," + BOB18));
    Timestamp t = Timestamp.from(Instant.parse("2024-03-05T14:22:10Z"));
    assertEquals(
        rows(row(true, false, "Declined", t), row(false, true, "Accepted", t)),
        sorted(m.eventRelations().get(), "event_relation_id").stream()
            .map(
                r ->
                    row(
                        r.getAs("is_invitee"),
                        r.getAs("is_what"),
                        r.getAs("status"),
                        r.getAs("created_date")))
            .toList());
  }

  @Test
  void isInviteeIsTrueWhenTheColumnIsAbsent() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("Event.csv", ExportFixture.ACTIVITY)
                .file(
                    "EventRelation.csv",
                    RELATION + ",Status",
                    er(1) + "," + EVENT15 + "," + ANN15 + ","));
    assertEquals(row(true, null), m.eventRelations().get().select("is_invitee", "status").first());
  }

  @Test
  void emptyIsInviteeIsNullWhenTheColumnExists() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("Event.csv", ExportFixture.ACTIVITY)
                .file(
                    "EventRelation.csv",
                    RELATION + ",IsInvitee",
                    er(1) + "," + EVENT15 + "," + ANN15 + ","));
    assertEquals(row((Object) null), m.eventRelations().get().select("is_invitee").first());
  }

  @Test
  void eventOptionalColumnsAreRead() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "Event.csv",
                    ExportFixture.ACTIVITY
                        + ",WhoId,IsChild,IsAllDayEvent,StartDateTime,EndDateTime",
                    EVENT15
                        + ",,"
                        + ANN15
                        + ",2024-03-05,2024-03-01T00:00:00Z,0035e000002CoNt,1,FALSE,"
                        + "2024-03-05T14:00:00.000+0000,2024-03-05T14:45:00Z"));
    assertEquals(
        row(
            io.swoop.model.Ids.to18("0035e000002CoNt"),
            true,
            false,
            Timestamp.from(Instant.parse("2024-03-05T14:00:00Z")),
            Timestamp.from(Instant.parse("2024-03-05T14:45:00Z"))),
        m.events()
            .select("who_id", "is_child", "is_all_day_event", "start_date_time", "end_date_time")
            .first());
  }

  @Test
  void eventOptionalColumnsMayBeAbsent() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "Event.csv",
                    ExportFixture.ACTIVITY,
                    EVENT15 + ",," + ANN15 + ",2024-03-05,2024-03-01T00:00:00Z"));
    assertEquals(
        row(null, null, null, null, null),
        m.events()
            .select("who_id", "is_child", "is_all_day_event", "start_date_time", "end_date_time")
            .first());
  }

  private static final String OPP_TAIL =
      ",Prospecting,1,10,2024-03-05,false,false,2024-03-05T14:22:10Z";

  /** The SwoopException a failure carries, however Spark wrapped it. */
  private static SwoopException swoopFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SwoopException s) {
        return s;
      }
    }
    throw new AssertionError("no SwoopException in", t);
  }

  @Test
  void aBrokenQuoteRejectsItsOwnLineAndTheLinesItSwallowedAreReadAgain() {
    // CONTRACT §2 (issue 19: a quote opened on line 1,008 ran to line 1,012; lines 1,009-1,012
    // vanished without a trace).
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "Opportunity.csv",
                    ExportFixture.OPPORTUNITY + ",Name",
                    "0065e000000AAA1," + ANN15 + OPP_TAIL + ",One",
                    "0065e000000AAA2," + ANN15 + OPP_TAIL + ",\"Two, broken",
                    "0065e000000AAA3," + ANN15 + OPP_TAIL + ",Three",
                    "0065e000000AAA4," + ANN15 + OPP_TAIL + ",Four",
                    "0065e000000AAA5," + ANN15 + OPP_TAIL + ",\"Five, quoted\"",
                    "0065e000000AAA6," + ANN15 + OPP_TAIL + ",Six"));
    List<Row> rejected = m.rejected().collectAsList();
    assertEquals(1, rejected.size());
    assertEquals("Opportunity", rejected.get(0).getString(0));
    assertEquals(3L, rejected.get(0).getLong(1));
    assertEquals("0065e000000AAA2", rejected.get(0).getString(2));
    assertEquals(
        "the quote opening field 10 does not close on this line; read on, the record would end on"
            + " line 6 with text after a closing quote in field 10 there, so this line is rejected"
            + " alone and the lines after it are read again",
        rejected.get(0).getString(3));
    assertEquals(
        "0065e000000AAA2," + ANN15 + OPP_TAIL + ",\"Two, broken", rejected.get(0).getString(4));
    assertEquals(
        List.of("One", "Three", "Four", "Five, quoted", "Six"),
        m.opportunities().orderBy("opportunity_id").collectAsList().stream()
            .map(r -> r.<String>getAs("name"))
            .toList());
    CanonicalModel.ObjectStats st = m.stats().get("Opportunity");
    assertEquals(6, st.read());
    assertEquals(1, st.rejected());
    assertEquals(5, st.kept());
  }

  @Test
  void aQuoteOpenAtTheEndOfAFileStopsTheRunNamingFileAndLine() {
    Throwable t =
        assertThrows(
            Throwable.class,
            () ->
                read(
                    new ExportFixture(dir)
                        .file(
                            "Opportunity.csv",
                            ExportFixture.OPPORTUNITY + ",Name",
                            "0065e000000AAA1," + ANN15 + OPP_TAIL + ",One",
                            "0065e000000AAA2," + ANN15 + OPP_TAIL + ",\"Two, never closed",
                            "0065e000000AAA3," + ANN15 + OPP_TAIL + ",Three")));
    SwoopException e = swoopFailure(t);
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertEquals(
        "Opportunity.csv line 3: a quote opened on this line never closes, so the rest of the file"
            + " would be one value; the export was cut short or the line has a stray quote - fix or"
            + " export the file again",
        e.getMessage());
  }

  @Test
  void aHeaderOnlyRequiredFileStopsTheRunNamingIt() {
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () -> read(new ExportFixture(dir).file("Opportunity.csv", ExportFixture.OPPORTUNITY)));
    assertEquals(SwoopException.Kind.BAD_INPUT, e.kind());
    assertEquals(
        "Opportunity.csv has a header but no rows: a required export must not be empty (was the"
            + " export cut short or filtered to nothing?)",
        e.getMessage());
  }

  @Test
  void anIdWhoseSuffixDoesNotMatchRejectsARequiredValueAndNullsAnOptionalOne() {
    // CONTRACT §2 (issue 19: ...DIlAAA instead of ...DIlQQN was silently re-keyed).
    String wrongSuffix = ANN15 + "AAA";
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "Opportunity.csv",
                    ExportFixture.OPPORTUNITY + ",AccountId",
                    "0065e000000AAA1," + wrongSuffix + OPP_TAIL + ",",
                    "0065e000000AAA2," + ANN15 + OPP_TAIL + ",0015e000001AbCdAAA",
                    "0065e000000AAA3," + ANN15 + OPP_TAIL + ",0015e000001AbCd"));
    List<Row> rejected = m.rejected().collectAsList();
    assertEquals(1, rejected.size());
    assertEquals(2L, rejected.get(0).getLong(1));
    assertEquals(
        "OwnerId '" + wrongSuffix + "' is not a 15- or 18-character Salesforce Id",
        rejected.get(0).getString(3));
    assertEquals(
        Arrays.asList(null, "0015e000001AbCdAAK"),
        m.opportunities().orderBy("opportunity_id").collectAsList().stream()
            .map(r -> r.<String>getAs("account_id"))
            .toList());
    assertEquals(Map.of("AccountId", 1L), m.stats().get("Opportunity").unparseableOptional());
  }

  @Test
  void aTimestampWithoutAZoneRejectsARequiredValueAndNullsAnOptionalOne() {
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file(
                    "User.csv",
                    ExportFixture.USER + ",LastModifiedDate",
                    ANN15 + ",Ann,,true,2024-01-01 17:03:44,",
                    BOB18 + ",Bob,,true,2024-01-01T00:00:00Z,2026-04-01 17:03:44"));
    List<Row> rejected = m.rejected().collectAsList();
    assertEquals(1, rejected.size());
    assertEquals(
        "CreatedDate '2024-01-01 17:03:44' is not a timestamp like 2024-03-05T14:22:10.000Z",
        rejected.get(0).getString(3));
    assertEquals(Map.of("LastModifiedDate", 1L), m.stats().get("User").unparseableOptional());
  }

  @Test
  void aBinaryFileIsRefusedWithAShortPrintableMessage() throws Exception {
    // Issue 19: a binary file's error line echoed 700 raw bytes, control characters included.
    new ExportFixture(dir).write();
    byte[] junk = new byte[700];
    new java.util.Random(19).nextBytes(junk);
    for (int i = 0; i < junk.length; i++) {
      if (junk[i] == '\n' || junk[i] == '\r' || junk[i] == '"') {
        junk[i] = 1;
      }
    }
    java.nio.file.Files.write(dir.resolve("User.csv"), junk);
    SwoopException e =
        assertThrows(
            SwoopException.class,
            () ->
                ModelBuilder.build(
                    spark, new ExportSource(dir.toString()), SwoopConfig.defaults(), SNAPSHOT));
    assertTrue(
        e.getMessage().startsWith("User.csv: missing required columns Id, "), e.getMessage());
    // 200 characters of the header quoted, each at most 6 once escaped.
    assertTrue(e.getMessage().endsWith("... (667 characters))"), e.getMessage());
    assertTrue(e.getMessage().length() < 200 * 6 + 200, e.getMessage());
    assertTrue(
        e.getMessage().chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0xfffd),
        e.getMessage());
    assertTrue(e.getMessage().contains("\\uFFFD"), e.getMessage());
  }

  @Test
  void eventRelationsWithoutEventsAreNotUsedSoCoachingHasNoRows() {
    // CONTRACT §2/§3: without Event (or EventRelation) coaching is not measured, not zero.
    CanonicalModel m =
        read(
            new ExportFixture(dir)
                .file("EventRelation.csv", RELATION, er(1) + "," + EVENT15 + "," + ANN15));
    assertTrue(m.eventRelations().isEmpty());
    assertEquals(1, m.stats().get("EventRelation").read());
  }
}
