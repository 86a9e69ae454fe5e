package io.swoop.source.sfdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * One object's Bulk API 2.0 query jobs, over plain HTTP with the extract's session: create a {@code
 * queryAll} job, poll it with backoff until it completes, read its CSV results page by page ({@code
 * Sforce-Locator}, gzip) straight into a {@link Rows}, and abort and delete a job that is given up.
 * Faults are those of the SOAP calls ({@link SfdcClient.ObjectConnection}): an expired session is
 * renewed (once per call), transport failures and HTTP 5xx are retried with backoff, a results page
 * that breaks off is asked again and its rows already delivered skipped; the org's API usage
 * (Sforce-Limit-Info) is watched against {@code sfdc.max_api_share}.
 */
final class BulkQuery {
  /**
   * Rows asked per results page. Salesforce may send fewer (it also cuts pages by size); the rows
   * are streamed, so a page's size costs no memory.
   */
  static final int MAX_RECORDS = 100_000;

  private static final long MAX_POLL_MILLIS = 30_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

  /** Receives each result row: the CSV header (field names), then the row's cells. */
  interface Rows {
    void row(String[] header, String[] cells);
  }

  /** What one job delivered. */
  record Done(long rows, long processed) {}

  /** The job ended Failed or Aborted on Salesforce's side: a smaller window may succeed. */
  static final class JobFailed extends RuntimeException {
    JobFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** Salesforce does not serve this object (or this org) through Bulk API 2.0. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  private final SfdcClient client;
  private final SwoopConfig config;
  private final String object;
  private long calls;
  private long jobs;
  private long pages;

  BulkQuery(SfdcClient client, String object, SwoopConfig config) {
    this.client = client;
    this.object = object;
    this.config = config;
  }

  long calls() {
    return calls;
  }

  long jobs() {
    return jobs;
  }

  long pages() {
    return pages;
  }

  /** Runs {@code soql} as one job and hands every row to {@code rows}, in no particular order. */
  Done run(String soql, Rows rows) {
    Map<String, String> create = new LinkedHashMap<>();
    create.put("operation", "queryAll");
    create.put("query", soql);
    create.put("columnDelimiter", "COMMA");
    create.put("lineEnding", "LF");
    String id = json(soql, send(soql, "POST", jobsPath(), body(create))).path("id").asText("");
    if (id.isEmpty()) {
      throw stop("Salesforce created the Bulk API job without an id", soql, null);
    }
    jobs++;
    boolean finished = false;
    boolean delivered = false;
    try {
      long processed = -1;
      long wait = Math.max(1, config.sfdcBackoffMillis());
      while (true) {
        pause(wait, soql);
        wait = Math.min(wait * 2, MAX_POLL_MILLIS);
        JsonNode info = json(soql, send(soql, "GET", jobsPath() + "/" + id, null));
        String state = info.path("state").asText("");
        if (state.equals("JobComplete")) {
          finished = true;
          processed = info.path("numberRecordsProcessed").asLong(-1);
          break;
        }
        if (state.equals("Failed") || state.equals("Aborted")) {
          finished = true;
          throw new JobFailed(
              "job "
                  + state
                  + (info.hasNonNull("errorMessage")
                      ? ": " + client.secrets().redact(info.get("errorMessage").asText())
                      : ""));
        }
      }
      long n = 0;
      String locator = null;
      do {
        String url =
            jobsPath()
                + "/"
                + id
                + "/results?maxRecords="
                + MAX_RECORDS
                + (locator == null
                    ? ""
                    : "&locator=" + URLEncoder.encode(locator, StandardCharsets.UTF_8));
        Page p = page(soql, url, rows);
        n += p.rows();
        locator = p.next();
      } while (locator != null);
      delivered = true;
      return new Done(n, processed);
    } finally {
      if (!delivered) {
        cleanUp(id, finished);
      }
    }
  }

  private record Page(long rows, String next) {}

  /**
   * Reads one results page into {@code rows}; asks again, skipping what it delivered, on a break.
   */
  private Page page(String soql, String url, Rows rows) {
    long[] delivered = {0};
    return client
        .retry()
        .call(
            () -> {
              HttpResponse<InputStream> r = send(soql, "GET", url, null);
              try (InputStream body = decoded(r)) {
                BulkCsv csv = new BulkCsv(new InputStreamReader(body, StandardCharsets.UTF_8));
                String[] header = csv.next();
                long seen = 0;
                for (String[] cells = header == null ? null : csv.next();
                    cells != null;
                    cells = csv.next()) {
                  if (seen++ < delivered[0]) {
                    continue;
                  }
                  rows.row(header, cells);
                  delivered[0]++;
                }
                pages++;
                String next = r.headers().firstValue("Sforce-Locator").orElse("null").strip();
                return new Page(delivered[0], next.isEmpty() || next.equals("null") ? null : next);
              } catch (IOException e) {
                throw new SfdcRetry.Again(client.secrets().redact(Faults.describe(e)), e);
              }
            },
            (tries, last) ->
                stop(
                    "gave up after "
                        + tries
                        + " tries to read a results page, last: "
                        + last.getMessage(),
                    soql,
                    last.getCause()));
  }

  /** Aborts a job still running and deletes it, best effort: Salesforce drops it after 7 days. */
  private void cleanUp(String id, boolean finished) {
    if (!finished) {
      once("PATCH", jobsPath() + "/" + id, body(Map.of("state", "Aborted")));
    }
    once("DELETE", jobsPath() + "/" + id, null);
  }

  private void once(String method, String path, String json) {
    try {
      calls++;
      client.countCall();
      HttpResponse<InputStream> r = client.http().send(request(method, path, json), handler());
      r.body().close();
    } catch (IOException | RuntimeException e) {
      // Best effort: the job expires on its own.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String jobsPath() {
    return "/services/data/v" + Credentials.API + "/jobs/query";
  }

  private HttpRequest request(String method, String path, String json) {
    Authenticator.Login login = client.session();
    String endpoint = login.serviceEndpoint();
    int at = endpoint.indexOf("/services/");
    String instance = at < 0 ? endpoint : endpoint.substring(0, at);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(instance + path))
            .timeout(Duration.ofSeconds(config.sfdcReadTimeoutSeconds()))
            .header("Authorization", "Bearer " + login.sessionId())
            .header("Accept-Encoding", "gzip")
            .header("Accept", path.contains("/results") ? "text/csv" : "application/json");
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json; charset=UTF-8")
          .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
    return b.build();
  }

  private static HttpResponse.BodyHandler<InputStream> handler() {
    return HttpResponse.BodyHandlers.ofInputStream();
  }

  /** One call, retried as the SOAP calls are; returns a 2xx answer with its body unread. */
  private HttpResponse<InputStream> send(String soql, String method, String path, String json) {
    return client
        .retry()
        .call(
            () -> attempt(soql, method, path, json),
            (tries, last) ->
                stop(
                    "gave up after " + tries + " tries, last: " + last.getMessage(),
                    soql,
                    last.getCause()));
  }

  /**
   * One try: an expired session is renewed (when the credentials allow it) and the request sent
   * again at once; HTTP 5xx and transport failures ask for another try; other answers stop.
   */
  private HttpResponse<InputStream> attempt(String soql, String method, String path, String json) {
    HttpResponse<InputStream> r = sendOnce(soql, method, path, json);
    if (r.statusCode() == 401) {
      String what = client.secrets().redact(describe(errorText(r)));
      if (!client.renewable()) {
        throw stop(SfdcClient.cannotRenew(what), soql, null);
      }
      String stale = r.request().headers().firstValue("Authorization").orElse("").substring(7);
      client.renew(stale);
      r = sendOnce(soql, method, path, json);
      if (r.statusCode() == 401) {
        throw stop(
            "the session was refused again right after it was renewed: "
                + client.secrets().redact(describe(errorText(r))),
            soql,
            null);
      }
    }
    int status = r.statusCode();
    if (status < 300) {
      return r;
    }
    String text = errorText(r);
    if (status < 500) {
      throw refused(status, text, soql);
    }
    throw new SfdcRetry.Again(
        "HTTP " + status + ": " + client.secrets().redact(abbreviate(text)), null);
  }

  /** Sends the request once, counted; a transport failure asks for another try. */
  private HttpResponse<InputStream> sendOnce(String soql, String method, String path, String json) {
    if (client.aborted()) {
      throw new SfdcClient.Cancelled(object);
    }
    HttpRequest request = request(method, path, json);
    calls++;
    client.countCall();
    try {
      HttpResponse<InputStream> r = client.http().send(request, handler());
      watchUsage(r, soql);
      return r;
    } catch (IOException e) {
      throw new SfdcRetry.Again(client.secrets().redact(Faults.describe(e)), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stop("interrupted", soql, e);
    }
  }

  /** The text of an answer that is not a success; a body that breaks off asks for another try. */
  private String errorText(HttpResponse<InputStream> r) {
    try {
      return text(r);
    } catch (IOException e) {
      throw new SfdcRetry.Again(client.secrets().redact(Faults.describe(e)), e);
    }
  }

  /** A 4xx answer: a field or object the org lacks, an object Bulk does not serve, or a stop. */
  private RuntimeException refused(int status, String text, String soql) {
    JsonNode error = error(text);
    String code = error.path("errorCode").asText("");
    String message = client.secrets().redact(error.path("message").asText(abbreviate(text)));
    if (code.equals("INVALID_FIELD") || message.contains("No such column")) {
      return new SfdcClient.PullFault(Faults.Kind.FIELD, message);
    }
    if (code.equals("INVALID_TYPE") || message.contains("sObject type")) {
      return new SfdcClient.PullFault(Faults.Kind.TYPE, message);
    }
    if (code.equals("INVALIDENTITY")
        || code.equals("FEATURENOTENABLED")
        || message.toLowerCase(Locale.ROOT).contains("not supported by the bulk api")) {
      return new Unsupported(code + ": " + message);
    }
    if (code.equals("REQUEST_LIMIT_EXCEEDED")) {
      return stop("the org's API request limit is used up (" + message + ")", soql, null);
    }
    return stop("Salesforce refused (HTTP " + status + ") " + code + ": " + message, soql, null);
  }

  private void watchUsage(HttpResponse<?> r, String soql) {
    Matcher m = API_USAGE.matcher(r.headers().firstValue("Sforce-Limit-Info").orElse(""));
    if (!m.find()) {
      return;
    }
    long current = Long.parseLong(m.group(1));
    long limit = Long.parseLong(m.group(2));
    client.usage(current, limit);
    if (limit > 0 && current > config.sfdcMaxApiShare() * limit) {
      throw stop(
          String.format(
              Locale.ROOT,
              "the org has used %d of its %d API requests (%.1f%%), above %s = %s",
              current,
              limit,
              100.0 * current / limit,
              SwoopConfig.SFDC_MAX_API_SHARE,
              config.sfdcMaxApiShare()),
          soql,
          null);
    }
  }

  private JsonNode json(String soql, HttpResponse<InputStream> r) {
    String text;
    try {
      text = text(r);
      return JSON.readTree(text);
    } catch (IOException e) {
      throw stop(
          "Salesforce's answer could not be read: " + client.secrets().redact(Faults.describe(e)),
          soql,
          e);
    }
  }

  private static String text(HttpResponse<InputStream> r) throws IOException {
    try (InputStream in = decoded(r)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InputStream decoded(HttpResponse<InputStream> r) throws IOException {
    boolean gzip = r.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
    return gzip ? new GZIPInputStream(r.body(), 1 << 16) : r.body();
  }

  /** Salesforce's REST errors: {@code [{"errorCode": ..., "message": ...}]}. */
  private static JsonNode error(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return n != null && n.isArray() && n.size() > 0 ? n.get(0) : n == null ? JSON.nullNode() : n;
    } catch (IOException e) {
      return JSON.nullNode();
    }
  }

  private static String describe(String text) {
    JsonNode e = error(text);
    return e.hasNonNull("errorCode")
        ? e.path("errorCode").asText() + ": " + e.path("message").asText()
        : abbreviate(text);
  }

  private static String abbreviate(String text) {
    String t = text.strip();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }

  private static String body(Map<String, String> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void pause(long millis, String soql) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stop("interrupted", soql, e);
    }
  }

  private SwoopException stop(String why, String soql, Throwable cause) {
    return SwoopException.sourceFailed(
        client
            .secrets()
            .redact(
                String.format(
                    "Salesforce extract of %s stopped: %s. Query: %s. This extract made %d API calls;"
                        + " the raw mirror and its watermarks are unchanged",
                    object, why, soql, client.calls())),
        client.secrets().scrub(cause));
  }
}
