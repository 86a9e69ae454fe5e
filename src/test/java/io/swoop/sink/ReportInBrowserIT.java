package io.swoop.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.testing.Browser;
import io.swoop.testing.Fixtures;
import io.swoop.testing.SampleOutput;
import io.swoop.testing.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
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
