package io.swoop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium}, which {@code .ci/run} installs), driven
 * over the Chrome DevTools Protocol, to open a file from disk with the network off and report what
 * a reader's browser would show: console errors, every request the page made, and a screenshot.
 *
 * <p>Each {@link #open} starts its own browser with a fresh profile and kills both afterwards, also
 * when something fails or times out, so no test sees another's state and no browser outlives the
 * JVM's test.
 *
 * <p>The network is off three ways: the host resolver resolves nothing, the page is emulated
 * offline, and every request that is not {@code file:} or {@code data:} is intercepted and failed
 * before it is sent. The requests are still reported, so a page that tries to leave its file is
 * seen, not just silently broken.
 */
public final class Browser {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** The viewport; the screenshot is of the whole page, at least this size. */
  public static final int WIDTH = 1280;

  public static final int HEIGHT = 900;

  /** A runaway page does not get a screenshot of unbounded size. */
  private static final int MAX_HEIGHT = 20_000;

  // Hang guards only (see Waits): a cold Chromium start on a loaded machine takes its time.
  private static final Duration START = Waits.HANG;
  private static final Duration COMMAND = Waits.HANG;
  private static final Duration LOAD = Waits.HANG;

  /** After the load event, how long the page must be quiet (no request, no message). */
  private static final Duration QUIET = Duration.ofMillis(750);

  private static final Duration SETTLE_MAX = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private Browser() {}

  /** One line of the console: {@code kind} is console, exception or log. */
  public record Message(String kind, String level, String text) {
    public boolean isError() {
      return level.equals("error");
    }

    @Override
    public String toString() {
      return kind + " " + level + ": " + text;
    }
  }

  /**
   * A request the page made. {@code status} is the HTTP-like status of a response (file: URLs
   * answer 200), null when none came; {@code failure} is the network error, null when none.
   */
  public record Request(String url, Integer status, String failure) {
    public boolean answered() {
      return status != null;
    }

    @Override
    public String toString() {
      return url
          + (status != null ? " -> " + status : "")
          + (failure != null ? " failed " + failure : "");
    }
  }

  /**
   * What opening a file showed. {@code text} is the page's visible text ({@code
   * document.body.innerText}). A dialog the page opened (alert, confirm, prompt) is dismissed and
   * recorded as a message of kind {@code dialog}, level error.
   */
  public record Page(
      String url, List<Message> messages, List<Request> requests, byte[] screenshot, String text) {
    public List<Message> errors() {
      return messages.stream().filter(Message::isError).toList();
    }

    /** The dialogs the page opened. */
    public List<Message> dialogs() {
      return messages.stream().filter(m -> m.kind().equals("dialog")).toList();
    }

    /** Requests for anything but the page itself and {@code data:} URLs (which are in the file). */
    public List<Request> foreignRequests() {
      return requests.stream()
          .filter(r -> !r.url().equals(url) && !r.url().startsWith("data:"))
          .toList();
    }
  }

  /** Whether this machine has the browser; the tests fail rather than skip without it. */
  public static void requireChromium() {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError(
          CHROMIUM
              + " is missing: install Debian's chromium (apt-get install -y chromium),"
              + " as .ci/run does");
    }
  }

  /** Opens {@code file} in a fresh headless Chromium with the network off. */
  public static Page open(Path file) throws Exception {
    requireChromium();
    if (!Files.isRegularFile(file)) {
      throw new AssertionError("no file to open: " + file);
    }
    Path profile = Files.createTempDirectory("swoop-chromium-");
    Path log = profile.resolveSibling(profile.getFileName() + ".log");
    Process process = null;
    Cdp cdp = null;
    Throwable failure = null;
    try {
      process = start(profile, log);
      URI endpoint = endpoint(process, profile, log);
      cdp = Cdp.connect(endpoint);
      return load(cdp, file.toAbsolutePath().normalize().toUri().toString());
    } catch (TimeoutException e) {
      failure = new AssertionError("Chromium timed out on " + file + "; its log:\n" + tail(log), e);
      throw (AssertionError) failure;
    } catch (Exception | Error e) {
      failure = e;
      throw e;
    } finally {
      if (cdp != null) {
        cdp.close();
      }
      if (process != null) {
        kill(process);
      }
      IOException leftover = deleteTree(profile);
      if (leftover == null) {
        Files.deleteIfExists(log);
      } else if (failure != null) {
        failure.addSuppressed(leftover);
      } else {
        throw leftover;
      }
    }
  }

  private static Process start(Path profile, Path log) throws IOException {
    List<String> cmd =
        List.of(
            CHROMIUM.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--mute-audio",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=" + WIDTH + "," + HEIGHT,
            "--user-data-dir=" + profile,
            "--remote-debugging-port=0",
            "about:blank");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  /** Chromium writes the port it chose, and the browser's WebSocket path, to DevToolsActivePort. */
  private static URI endpoint(Process process, Path profile, Path log) throws Exception {
    Path portFile = profile.resolve("DevToolsActivePort");
    long end = System.nanoTime() + START.toNanos();
    while (true) {
      if (Files.exists(portFile)) {
        List<String> lines = Files.readAllLines(portFile);
        if (lines.size() >= 2 && !lines.get(1).isBlank()) {
          return URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "Chromium exited with "
                + process.exitValue()
                + " before it listened; its log:\n"
                + tail(log));
      }
      if (System.nanoTime() > end) {
        throw new TimeoutException("no " + portFile + " after " + START);
      }
      Thread.sleep(100);
    }
  }

  private static Page load(Cdp cdp, String url) throws Exception {
    String target =
        cdp.call(null, "Target.createTarget", obj().put("url", "about:blank"))
            .get("targetId")
            .asText();
    String session =
        cdp.call(null, "Target.attachToTarget", obj().put("targetId", target).put("flatten", true))
            .get("sessionId")
            .asText();
    Recorder rec = new Recorder(cdp, session);
    cdp.listen(rec);

    ObjectNode patterns = obj();
    patterns.putArray("patterns").addObject().put("urlPattern", "*").put("requestStage", "Request");
    cdp.call(session, "Fetch.enable", patterns);
    cdp.call(session, "Network.enable", obj());
    try {
      cdp.call(
          session,
          "Network.emulateNetworkConditions",
          obj()
              .put("offline", true)
              .put("latency", 0)
              .put("downloadThroughput", -1)
              .put("uploadThroughput", -1));
    } catch (CdpError e) {
      // Deprecated in Chromium 14x; the interception above and the resolver rules still hold.
      if (e.code != -32601) {
        throw e;
      }
    }
    cdp.call(session, "Runtime.enable", obj());
    cdp.call(session, "Log.enable", obj());
    cdp.call(session, "Page.enable", obj());
    cdp.call(
        session,
        "Emulation.setDeviceMetricsOverride",
        obj()
            .put("width", WIDTH)
            .put("height", HEIGHT)
            .put("deviceScaleFactor", 1)
            .put("mobile", false));

    JsonNode nav = cdp.call(session, "Page.navigate", obj().put("url", url));
    if (nav.hasNonNull("errorText")) {
      throw new AssertionError(
          "Chromium could not open " + url + ": " + nav.get("errorText").asText());
    }
    try {
      rec.loaded.get(LOAD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("no load event for " + url + " after " + LOAD);
    }
    rec.settle();

    JsonNode size = cdp.call(session, "Page.getLayoutMetrics", obj()).get("cssContentSize");
    int width = Math.max(WIDTH, (int) Math.ceil(size.get("width").asDouble()));
    int height =
        Math.min(MAX_HEIGHT, Math.max(HEIGHT, (int) Math.ceil(size.get("height").asDouble())));
    ObjectNode shot = obj().put("format", "png").put("captureBeyondViewport", true);
    shot.putObject("clip")
        .put("x", 0)
        .put("y", 0)
        .put("width", width)
        .put("height", height)
        .put("scale", 1);
    byte[] png =
        Base64.getDecoder()
            .decode(cdp.call(session, "Page.captureScreenshot", shot).get("data").asText());
    rec.settle();
    String text =
        cdp.call(
                session,
                "Runtime.evaluate",
                obj()
                    .put("expression", "document.body ? document.body.innerText : ''")
                    .put("returnByValue", true))
            .path("result")
            .path("value")
            .asText();
    return new Page(url, rec.messages(), rec.requests(), png, text);
  }

  /** Records a page's events, and fails every request that would leave the machine. */
  private static final class Recorder implements Cdp.Events {
    private final Cdp cdp;
    private final String session;
    final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final List<Message> messages = new ArrayList<>();

    /** By request id; a redirect reuses the id, so the latest request of an id is kept by it. */
    private final Map<String, Integer> latest = new LinkedHashMap<>();

    private final List<Request> requests = new ArrayList<>();
    private final AtomicLong lastEvent = new AtomicLong(System.nanoTime());

    Recorder(Cdp cdp, String session) {
      this.cdp = cdp;
      this.session = session;
    }

    @Override
    public synchronized void on(String method, JsonNode p, String eventSession) {
      if (!session.equals(eventSession)) {
        return;
      }
      lastEvent.set(System.nanoTime());
      switch (method) {
        case "Page.loadEventFired" -> loaded.complete(null);
        case "Page.javascriptDialogOpening" -> {
          messages.add(
              new Message(
                  "dialog", "error", p.path("type").asText() + ": " + p.path("message").asText()));
          cdp.send(session, "Page.handleJavaScriptDialog", obj().put("accept", false));
        }
        case "Fetch.requestPaused" -> {
          String url = p.path("request").path("url").asText();
          ObjectNode args = obj().put("requestId", p.get("requestId").asText());
          if (url.startsWith("file:") || url.startsWith("data:")) {
            cdp.send(session, "Fetch.continueRequest", args);
          } else {
            cdp.send(session, "Fetch.failRequest", args.put("errorReason", "BlockedByClient"));
          }
        }
        case "Network.requestWillBeSent" -> {
          latest.put(p.get("requestId").asText(), requests.size());
          requests.add(new Request(p.path("request").path("url").asText(), null, null));
        }
        case "Network.responseReceived" ->
            update(
                p,
                r -> new Request(r.url(), p.path("response").path("status").asInt(), r.failure()));
        case "Network.loadingFailed" ->
            update(
                p,
                r ->
                    new Request(
                        r.url(),
                        r.status(),
                        p.path("errorText").asText()
                            + (p.has("blockedReason")
                                ? " (" + p.get("blockedReason").asText() + ")"
                                : "")));
        case "Runtime.consoleAPICalled" -> {
          String type = p.path("type").asText();
          List<String> parts = new ArrayList<>();
          for (JsonNode arg : p.path("args")) {
            parts.add(remoteText(arg));
          }
          String level = type.equals("error") || type.equals("assert") ? "error" : type;
          messages.add(new Message("console", level, String.join(" ", parts)));
        }
        case "Runtime.exceptionThrown" -> {
          JsonNode d = p.path("exceptionDetails");
          String text =
              d.path("exception").hasNonNull("description")
                  ? d.path("exception").get("description").asText()
                  : d.path("text").asText();
          messages.add(new Message("exception", "error", text));
        }
        case "Log.entryAdded" -> {
          JsonNode e = p.path("entry");
          String where = e.hasNonNull("url") ? " (" + e.get("url").asText() + ")" : "";
          messages.add(
              new Message("log", e.path("level").asText(), e.path("text").asText() + where));
        }
        default -> {}
      }
    }

    private void update(JsonNode p, UnaryOperator<Request> f) {
      Integer i = latest.get(p.path("requestId").asText());
      if (i != null) {
        requests.set(i, f.apply(requests.get(i)));
      }
    }

    /** Waits until no event has come for {@link #QUIET}, so late messages are not lost. */
    void settle() throws InterruptedException {
      long end = System.nanoTime() + SETTLE_MAX.toNanos();
      while (System.nanoTime() < end && System.nanoTime() - lastEvent.get() < QUIET.toNanos()) {
        Thread.sleep(100);
      }
    }

    synchronized List<Message> messages() {
      return List.copyOf(messages);
    }

    synchronized List<Request> requests() {
      return List.copyOf(requests);
    }
  }

  private static String remoteText(JsonNode arg) {
    if (arg.has("value")) {
      JsonNode v = arg.get("value");
      return v.isTextual() ? v.asText() : v.toString();
    }
    if (arg.hasNonNull("unserializableValue")) {
      return arg.get("unserializableValue").asText();
    }
    return arg.path("description").asText(arg.path("type").asText());
  }

  private static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  /** A protocol error answer: the command was refused. */
  static final class CdpError extends IOException {
    final int code;
    final transient JsonNode error;

    CdpError(String what, JsonNode error) {
      super(what + " failed: " + error);
      this.code = error.path("code").asInt();
      this.error = error;
    }
  }

  /** One WebSocket to the browser; commands go to the browser or, with a session id, to a page. */
  private static final class Cdp implements WebSocket.Listener {
    interface Events {
      void on(String method, JsonNode params, String session);
    }

    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile Events events = (m, p, s) -> {};
    private WebSocket socket;

    static Cdp connect(URI endpoint) throws Exception {
      Cdp cdp = new Cdp();
      HttpClient client = HttpClient.newBuilder().connectTimeout(START).build();
      cdp.socket =
          client
              .newWebSocketBuilder()
              .connectTimeout(START)
              .buildAsync(endpoint, cdp)
              .get(START.toMillis(), TimeUnit.MILLISECONDS);
      return cdp;
    }

    void listen(Events e) {
      events = e;
    }

    /** Sends without waiting for the answer (the listener thread must not wait for itself). */
    CompletableFuture<JsonNode> send(String session, String method, ObjectNode params) {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(id, answer);
      ObjectNode msg = obj().put("id", id).put("method", method);
      msg.set("params", params);
      if (session != null) {
        msg.put("sessionId", session);
      }
      synchronized (this) {
        // One frame at a time: WebSocket allows a single outstanding sendText.
        socket.sendText(msg.toString(), true).join();
      }
      answer.whenComplete((r, e) -> pending.remove(id));
      return answer;
    }

    JsonNode call(String session, String method, ObjectNode params) throws Exception {
      try {
        return send(session, method, params).get(COMMAND.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new TimeoutException(method + ": no answer after " + COMMAND);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof CdpError c) {
          throw new CdpError(method, c.error);
        }
        if (e.getCause() instanceof Exception c) {
          throw c;
        }
        throw e;
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          dispatch(JSON.readTree(text));
        } catch (IOException | RuntimeException e) {
          fail(new IOException("unreadable DevTools message: " + abbreviate(text), e));
        }
      }
      ws.request(1);
      return null;
    }

    private void dispatch(JsonNode msg) {
      if (msg.has("id")) {
        CompletableFuture<JsonNode> answer = pending.get(msg.get("id").asInt());
        if (answer != null) {
          if (msg.has("error")) {
            answer.completeExceptionally(
                new CdpError("command " + msg.get("id"), msg.get("error")));
          } else {
            answer.complete(msg.path("result"));
          }
        }
      } else if (msg.has("method")) {
        String session = msg.hasNonNull("sessionId") ? msg.get("sessionId").asText() : null;
        events.on(msg.get("method").asText(), msg.path("params"), session);
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      fail(new IOException("the DevTools connection closed: " + status + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      fail(new IOException("the DevTools connection failed", error));
    }

    private void fail(IOException e) {
      pending.values().forEach(f -> f.completeExceptionally(e));
    }

    void close() {
      if (socket != null) {
        socket.abort();
      }
      fail(new IOException("closed"));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  /** Kills the browser and every process it started, and waits for them to be gone. */
  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(60, TimeUnit.SECONDS);
      for (ProcessHandle child : children) {
        child.onExit().get(60, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // a process that will not die leaves only its profile; deleting that is tried anyway
    }
  }

  /** Deletes {@code dir}, returning what stopped it, null when it is gone. */
  private static IOException deleteTree(Path dir) {
    IOException last = null;
    // A process exiting may still write to its profile for a moment; a few tries outlast it.
    for (int attempt = 0; attempt < 5; attempt++) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
        return null;
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException | UncheckedIOException e) {
        last = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return Files.exists(dir)
        ? new IOException("could not delete the Chromium profile " + dir, last)
        : null;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
