package io.swoop.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.sink.report.ReportData;
import io.swoop.sink.report.ReportPage;
import io.swoop.testing.Browser;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SampleOutput;
import io.swoop.testing.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a reader opens it: from disk, in a real headless Chromium with the network
 * off, it shows no console error, asks for nothing outside its own file, and is not blank. The
 * screenshots are kept in target/report-screenshots for people to look at.
 */
class ReportInBrowserIT {
  private static final Path SCREENSHOTS = Fixtures.basedir().resolve("target/report-screenshots");

  @TempDir Path dir;

  @Test
  void sampleReportRendersOfflineWithoutErrors() throws Exception {
    SampleOutput.Run run = SampleOutput.get();
    String name = "snapshot_date=" + run.snapshotDate();
    Path report = run.output().resolve("_reports").resolve(name + ".html");
    assertTrue(Files.isRegularFile(report), () -> "the job wrote no report at " + report);

    assertRendersOffline(report, name + ".png");
  }

  /**
   * Issue 18 item 6: a user whose name is markup renders as text. Were it written raw, the image
   * would fail and its handler would open a dialog (or, under the page's Content-Security-Policy,
   * both would be refused with a console error).
   */
  @Test
  void aHostileNameRendersAsTextWithoutADialogOrAConsoleError() throws Exception {
    String hostile = "<img src=x onerror=alert(1)> O'Brien & \"Sons\"";
    String manager = "005000000000001AAA";
    String rep = "005000000000002AAA";
    LocalDate d = LocalDate.of(2026, 9, 30);
    ReportData data =
        new ReportData(
            d,
            365,
            List.of(
                new ReportData.Manager(
                    manager, hostile, 1, 10, 1, 0.1, 1.0, 0.5, 0.2, 0.1, 300.0, 0.0, 0.5, null,
                    30.0, 1.5, null, null, null)),
            List.of(
                new ReportData.Person(
                    manager, hostile, null, LocalDate.of(2020, 1, 1), null, true, 2464),
                new ReportData.Person(
                    rep, hostile, manager, LocalDate.of(2024, 1, 1), null, true, 1)),
            List.of(),
            List.of(),
            List.of(new ReportData.TakeoverQuarter(manager, LocalDate.of(2026, 7, 1), 1, null)),
            List.of(new ReportData.TakeoverTotal(manager, 1, null)),
            List.of(new ReportData.Coaching(manager, rep, 3, 180, 52.0, 180 / 60.0 / 52, d)),
            null,
            null,
            null,
            0);
    Path page = dir.resolve("hostile.html");
    Files.writeString(page, ReportPage.render(data));

    Browser.Page p = Browser.open(page);
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve("hostile-name.png"), p.screenshot());
    assertEquals(List.of(), p.dialogs(), "dialogs");
    assertEquals(List.of(), p.errors(), "console errors");
    assertEquals(List.of(), p.foreignRequests(), "requests leaving " + page);
    assertTrue(p.text().contains("Highest index: " + hostile + ", 30 of 100."), p.text());
    assertTrue(p.text().contains(hostile + " index 30"), p.text());
  }

  /**
   * A page of the report's kind (inline CSS, inline SVG with titles, a table): the harness holds.
   */
  @Test
  void standInReportRendersOfflineWithoutErrors() throws Exception {
    Path page = dir.resolve("snapshot_date=2026-09-30.html");
    Files.writeString(
        page,
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <title>swoop report, snapshot 2026-09-30</title>
        <style>
          body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
          table { border-collapse: collapse; }
          th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
          th:first-child, td:first-child { text-align: left; }
          .bar { fill: #3465a4; } .bar.high { fill: #cc0000; }
        </style></head>
        <body>
          <h1>Micromanagement signals, snapshot 2026-09-30</h1>
          <p>3 managers, 12 reports, 90 days of activity.</p>
          <svg width="480" height="160" viewBox="0 0 480 160" role="img" aria-labelledby="t">
            <title id="t">Score by manager</title>
            <g><title>Manager A: 0.82</title>
              <rect class="bar high" x="20" y="16" width="120" height="124"/></g>
            <g><title>Manager B: 0.41</title>
              <rect class="bar" x="180" y="78" width="120" height="62"/></g>
            <g><title>Manager C: 0.12</title>
              <rect class="bar" x="340" y="122" width="120" height="18"/></g>
            <line x1="10" y1="140" x2="470" y2="140" stroke="#222"/>
          </svg>
          <table>
            <thead><tr><th>Manager</th><th>Score</th><th>Takeovers</th></tr></thead>
            <tbody>
              <tr><td>Manager A</td><td>0.82</td><td>14</td></tr>
              <tr><td>Manager B</td><td>0.41</td><td>5</td></tr>
              <tr><td>Manager C</td><td>0.12</td><td>1</td></tr>
            </tbody>
          </table>
        </body></html>
        """);

    assertRendersOffline(page, "stand-in-report.png");
  }

  private static void assertRendersOffline(Path file, String screenshotName) throws Exception {
    Browser.Page p = Browser.open(file);
    // Saved before the checks, so a failing report can be looked at.
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(screenshotName), p.screenshot());

    assertEquals(List.of(), p.errors(), "console errors");
    assertEquals(List.of(), p.foreignRequests(), "requests leaving " + file);
    assertTrue(
        p.requests().contains(new Browser.Request(p.url(), 200, null)),
        () -> "the file itself did not load: " + p.requests());
    Screenshots.assertNotBlank(p.screenshot());
  }
}
