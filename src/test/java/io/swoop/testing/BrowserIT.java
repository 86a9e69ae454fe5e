package io.swoop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless-Chromium harness itself, on small pages: what it reports must be what the page does.
 * Without /usr/bin/chromium these fail (CI installs it), they do not skip.
 */
class BrowserIT {
  @TempDir Path dir;

  private Path page(String name, String html) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, html);
    return f;
  }

  @Test
  void cleanPageHasNoErrorsOnlyItsOwnRequestAndAScreenshot() throws Exception {
    Path f =
        page(
            "clean.html",
            """
            <!doctype html><html><head><meta charset="utf-8"><title>clean</title>
            <style>body{font:16px sans-serif}
            .bar{background:#3465a4;width:400px;height:60px}</style>
            </head><body><h1>A clean page</h1><p>Some text.</p><div class="bar"></div>
            <svg width="200" height="100"><circle cx="50" cy="50" r="40" fill="#cc0000"/></svg>
            <script>console.log('just a log line')</script>
            </body></html>
            """);

    Browser.Page p = Browser.open(f);

    assertEquals(f.toUri().toString(), p.url());
    assertEquals(List.of(), p.errors());
    assertEquals(List.of(new Browser.Request(p.url(), 200, null)), p.requests());
    assertEquals(List.of(), p.foreignRequests());
    assertTrue(
        p.messages().contains(new Browser.Message("console", "log", "just a log line")),
        () -> "the page's own log line is missing from " + p.messages());
    Screenshots.assertNotBlank(p.screenshot());
  }

  @Test
  void consoleErrorIsReported() throws Exception {
    Browser.Page p =
        Browser.open(page("error.html", "<p>text</p><script>console.error('x')</script>"));

    assertEquals(List.of(new Browser.Message("console", "error", "x")), p.errors());
  }

  @Test
  void uncaughtExceptionIsReported() throws Exception {
    Browser.Page p =
        Browser.open(page("throws.html", "<p>text</p><script>undefinedFunction()</script>"));

    assertEquals(1, p.errors().size(), () -> "errors: " + p.errors());
    Browser.Message e = p.errors().get(0);
    assertEquals("exception", e.kind());
    assertTrue(e.text().contains("undefinedFunction is not defined"), e::text);
  }

  @Test
  void requestsLeavingTheFileAreReportedAndNeverReachTheNetwork() throws Exception {
    // A server on this machine shows whether a request got out: the browser must not reach it.
    AtomicInteger hits = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          hits.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
    try {
      String local = "http://127.0.0.1:" + server.getAddress().getPort() + "/x.png";
      Path f =
          page(
              "external.html",
              "<!doctype html><html><head>"
                  + "<link rel=stylesheet href=\"https://cdn.example.com/style.css\">"
                  + "</head><body><p>text</p>"
                  + "<img src=\"http://example.com/x.png\">"
                  + "<img src=\""
                  + local
                  + "\">"
                  + "</body></html>");

      Browser.Page p = Browser.open(f);

      Set<String> urls =
          p.foreignRequests().stream().map(Browser.Request::url).collect(Collectors.toSet());
      assertEquals(
          Set.of("https://cdn.example.com/style.css", "http://example.com/x.png", local), urls);
      for (Browser.Request r : p.foreignRequests()) {
        assertFalse(r.answered(), () -> "answered: " + r);
        assertNotNull(r.failure(), () -> "not failed: " + r);
      }
      assertEquals(0, hits.get(), "requests that reached the local server");
      // Each failed load is also a console error, as a reader's browser would show it.
      assertEquals(3, p.errors().size(), () -> "errors: " + p.errors());
      assertTrue(
          p.errors().stream().allMatch(m -> m.text().startsWith("Failed to load resource")),
          () -> "errors: " + p.errors());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void emptyWhitePageIsBlank() throws Exception {
    Browser.Page p =
        Browser.open(page("white.html", "<html><body style=\"background:#fff\"></body></html>"));

    assertEquals(List.of(), p.errors());
    Screenshots.Stats s = Screenshots.stats(p.screenshot());
    assertTrue(s.blank(), s::toString);
    assertEquals(0xffffffff, s.background(), s::toString);
    AssertionError e =
        assertThrows(AssertionError.class, () -> Screenshots.assertNotBlank(p.screenshot()));
    assertTrue(e.getMessage().startsWith("the screenshot is blank: "), e::getMessage);
  }

  @Test
  void screenshotCoversTheWholePage() throws Exception {
    // Content only below the first screen: a viewport-only screenshot would be blank.
    Browser.Page p =
        Browser.open(
            page(
                "tall.html",
                "<body style=\"margin:0\"><div style=\"height:3000px\"></div>"
                    + "<div style=\"height:400px;background:#204a87\"></div></body>"));

    BufferedImage img = ImageIO.read(new ByteArrayInputStream(p.screenshot()));
    assertEquals(Browser.WIDTH, img.getWidth());
    assertEquals(3400, img.getHeight());
    assertEquals(0xff204a87, img.getRGB(10, 3200));
    assertEquals(0xffffffff, img.getRGB(10, 100));
    Screenshots.assertNotBlank(p.screenshot());
  }

  @Test
  void missingFileFailsNamingIt() throws Exception {
    Path missing = dir.resolve("nope.html");

    AssertionError e = assertThrows(AssertionError.class, () -> Browser.open(missing));

    assertEquals("no file to open: " + missing, e.getMessage());
  }

  @Test
  void browserAndProfileAreGoneAfterwards() throws Exception {
    Set<Long> before = chromiumPids();
    Set<Path> profilesBefore = profiles();

    Browser.open(page("gone.html", "<p>text</p>"));

    Set<Long> after = chromiumPids();
    after.removeAll(before);
    assertEquals(Set.of(), after, "Chromium processes left running");
    Set<Path> profilesAfter = profiles();
    profilesAfter.removeAll(profilesBefore);
    assertEquals(Set.of(), profilesAfter, "Chromium profiles left behind");
  }

  /** Chromium processes of this harness: each of them carries its profile folder's name. */
  private static Set<Long> chromiumPids() {
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().map(c -> c.contains("swoop-chromium-")).orElse(false))
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  private static Set<Path> profiles() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (var s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith("swoop-chromium-"))
          .collect(Collectors.toSet());
    }
  }
}
