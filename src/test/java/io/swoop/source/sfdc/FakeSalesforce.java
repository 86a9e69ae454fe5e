package io.swoop.source.sfdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A Salesforce org on a loopback port that speaks the SOAP Partner API the way Salesforce does
 * ({@code login}, {@code query}, {@code queryAll}, {@code queryMore}, gzip both ways, the
 * LimitInfoHeader, faults with their real shapes) and the OAuth token endpoint of the JWT bearer
 * flow (verifying the assertion's signature). It serves a {@link FakeOrg}, evaluates the SOQL swoop
 * sends, counts every call and lets a test inject failures with {@link Rule}s.
 *
 * <p>For tests elsewhere (the CLI's {@code run --source sfdc}): {@code try (FakeSalesforce sf =
 * FakeSalesforce.start(SmallOrg.org())) { Map<String,String> env = sf.accessTokenEnv(); ... }}, and
 * {@link #writeExports} writes the same org as CSV exports.
 */
public final class FakeSalesforce implements AutoCloseable {
  public static final String USERNAME = "swoop-bot@example.com";
  public static final String PASSWORD = "Pa55-word-SECRET" + "tok3nXYZ";
  public static final String ACCESS_TOKEN = "00DFAKE000000001!AQ0AccessTokenSecret.8c1f2e";
  public static final String CLIENT_ID = "3MVG9FakeConsumerKey.swoop";
  static final String ORG_ID = "00DFAKE000000001";
  private static final String SOAPENV = "http://schemas.xmlsoap.org/soap/envelope/";
  private static final String PARTNER = "urn:partner.soap.sforce.com";
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** One request as the server saw it. */
  public record Call(
      String op, String object, String soql, int page, String sessionId, String path) {}

  /** What the server answers instead of the normal reply. */
  public record Reply(int status, String contentType, String body) {}

  /** A failure injected by a test: a reply for this call, or null to answer normally. */
  @FunctionalInterface
  public interface Rule {
    Reply apply(Call call);
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final FakeOrg org;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger notGzipped = new AtomicInteger();
  private final AtomicLong usage = new AtomicLong(1000);
  private volatile long usageLimit = 1_000_000;
  private volatile boolean typedValues = true;
  private volatile PublicKey jwtKey;

  private record Cursor(
      String object, List<String> fields, List<Map<String, Object>> rows, int batch) {}

  /** A Bulk API 2.0 query job: its rows as of its creation, in no particular order. */
  private static final class Job {
    final String id;
    final String object;
    final String soql;
    final List<String> fields;
    final List<Map<String, Object>> rows;
    volatile String state = "UploadComplete";
    volatile int polls;

    Job(
        String id,
        String object,
        String soql,
        List<String> fields,
        List<Map<String, Object>> rows) {
      this.id = id;
      this.object = object;
      this.soql = soql;
      this.fields = fields;
      this.rows = rows;
    }
  }

  private static final DateTimeFormatter BULK_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Set<String> bulkUnsupported = ConcurrentHashMap.newKeySet();
  private final AtomicInteger gzipped = new AtomicInteger();
  private volatile int bulkPageSize = 1000;
  private volatile int pollsBeforeComplete = 1;
  private volatile boolean gzip = true;

  static {
    // Without it the JDK server's separate header and body writes meet delayed ACKs: 40 ms a call.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private FakeSalesforce(FakeOrg org) throws IOException {
    this.org = org;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-salesforce");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/services/Soap/u/", this::soap);
    server.createContext("/services/oauth2/token", this::token);
    server.createContext("/services/data/", this::rest);
    sessions.add(ACCESS_TOKEN);
    server.start();
  }

  public static FakeSalesforce start(FakeOrg org) {
    try {
      return new FakeSalesforce(org);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeOrg org() {
    return org;
  }

  /** The environment of the access-token path (CONTRACT §1, first way). */
  public Map<String, String> accessTokenEnv() {
    return Map.of("SFDC_INSTANCE_URL", url(), "SFDC_ACCESS_TOKEN", ACCESS_TOKEN);
  }

  /** The environment of the SOAP login path (third way). */
  public Map<String, String> passwordEnv() {
    return Map.of("SFDC_USERNAME", USERNAME, "SFDC_PASSWORD", PASSWORD, "SFDC_LOGIN_URL", url());
  }

  /**
   * The environment of the JWT bearer path (second way): a new RSA key whose private half is
   * written to {@code keyFile} (PKCS#8, or PKCS#1 when {@code pkcs1}); the server trusts its public
   * half.
   */
  public Map<String, String> jwtEnv(Path keyFile, boolean pkcs1) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair pair = g.generateKeyPair();
      jwtKey = pair.getPublic();
      byte[] pkcs8 = pair.getPrivate().getEncoded();
      // A PKCS#8 RSA key is a 26-byte header around the PKCS#1 key (for keys of this size).
      byte[] der = pkcs1 ? java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length) : pkcs8;
      String kind = pkcs1 ? "RSA PRIVATE KEY" : "PRIVATE KEY";
      String pem =
          "-----BEGIN "
              + kind
              + "-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(der)
              + "\n-----END "
              + kind
              + "-----\n";
      Files.writeString(keyFile, pem, StandardCharsets.US_ASCII);
      return Map.of(
          "SFDC_CLIENT_ID",
          CLIENT_ID,
          "SFDC_USERNAME",
          USERNAME,
          "SFDC_JWT_KEY_FILE",
          keyFile.toString(),
          "SFDC_LOGIN_URL",
          url());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends values with {@code xsi:type} (xsd:dateTime, xsd:double, ...) or, when false, as bare
   * text.
   */
  public void typedValues(boolean typed) {
    this.typedValues = typed;
  }

  /** The org's API usage reported in each LimitInfoHeader (each data call adds one). */
  public void apiUsage(long current, long limit) {
    usage.set(current);
    usageLimit = limit;
  }

  public void rule(Rule r) {
    rules.add(r);
  }

  public void clearRules() {
    rules.clear();
  }

  /** Every session issued so far stops being valid (as when it times out). */
  public void expireSessions() {
    sessions.clear();
  }

  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  public long count(String op) {
    return calls().stream().filter(c -> c.op().equals(op)).count();
  }

  public long dataCalls() {
    return calls().stream().filter(c -> c.op().startsWith("query")).count();
  }

  public long allCalls() {
    return calls().size();
  }

  /** Requests that arrived without gzip (force-wsc compresses every request by default). */
  public int notGzipped() {
    return notGzipped.get();
  }

  public void resetCounts() {
    calls.clear();
  }

  // ---- rules ----

  /** A rule that fires at most once. */
  public static Rule once(Rule r) {
    AtomicBoolean fired = new AtomicBoolean();
    return c -> {
      if (fired.get()) {
        return null;
      }
      Reply reply = r.apply(c);
      if (reply != null) {
        fired.set(true);
      }
      return reply;
    };
  }

  /** A SOAP fault as Salesforce writes it, HTTP 500. */
  public static Reply fault(String code, String message, String faultType) {
    String extra =
        faultType.equals("InvalidFieldFault")
                || faultType.equals("MalformedQueryFault")
                || faultType.equals("InvalidSObjectFault")
            ? "<sf:row>1</sf:row><sf:column>8</sf:column>"
            : "";
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\""
            + SOAPENV
            + "\" xmlns:sf=\"urn:fault.partner.soap.sforce.com\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><soapenv:Fault>"
            + "<faultcode>sf:"
            + code
            + "</faultcode><faultstring>"
            + esc(code + ": " + message)
            + "</faultstring>"
            + "<detail><sf:"
            + faultType
            + " xsi:type=\"sf:"
            + faultType
            + "\"><sf:exceptionCode>"
            + code
            + "</sf:exceptionCode><sf:exceptionMessage>"
            + esc(message)
            + "</sf:exceptionMessage>"
            + extra
            + "</sf:"
            + faultType
            + "></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    return new Reply(500, "text/xml; charset=utf-8", body);
  }

  public static Reply sessionExpired() {
    return fault(
        "INVALID_SESSION_ID",
        "Invalid Session ID found in SessionHeader: Illegal Session. Session not found,"
            + " missing session hash: ABC123",
        "UnexpectedErrorFault");
  }

  public static Reply unavailable503() {
    return new Reply(503, "text/plain", "Service Unavailable");
  }

  public static Reply htmlErrorPage() {
    return new Reply(
        502,
        "text/html",
        "<!DOCTYPE html><html><head><title>Salesforce - Maintenance</title></head>"
            + "<body><h1>Bad Gateway</h1><p>We are down for maintenance.</p></body></html>");
  }

  // ---- HTTP ----

  private void soap(HttpExchange ex) throws IOException {
    try {
      byte[] body = readBody(ex);
      Document doc = parseXml(body);
      Element envelope = doc.getDocumentElement();
      Element header = child(envelope, SOAPENV, "Header");
      Element bodyEl = child(envelope, SOAPENV, "Body");
      Element op = firstElement(bodyEl);
      String name = op.getLocalName();
      String sessionId =
          header == null
              ? null
              : text(child(child(header, PARTNER, "SessionHeader"), PARTNER, "sessionId"));
      String batchText =
          header == null
              ? null
              : text(child(child(header, PARTNER, "QueryOptions"), PARTNER, "batchSize"));
      int batch = batchText == null ? 2000 : Integer.parseInt(batchText.strip());
      String path = ex.getRequestURI().getPath();
      Call call;
      switch (name) {
        case "login" -> call = new Call("login", null, null, 0, null, path);
        case "query", "queryAll" -> {
          String soql = text(child(op, PARTNER, "queryString"));
          call = new Call(name, objectOf(soql), soql, 1, sessionId, path);
        }
        case "queryMore" -> {
          String locator = text(child(op, PARTNER, "queryLocator"));
          Cursor c = cursors.get(locator.substring(0, locator.lastIndexOf('-')));
          int offset = Integer.parseInt(locator.substring(locator.lastIndexOf('-') + 1));
          call =
              new Call(
                  "queryMore",
                  c == null ? null : c.object(),
                  locator,
                  c == null ? 0 : offset / c.batch() + 1,
                  sessionId,
                  path);
        }
        default -> call = new Call(name, null, null, 0, sessionId, path);
      }
      calls.add(call);
      for (Rule r : rules) {
        Reply reply = r.apply(call);
        if (reply != null) {
          send(ex, reply);
          return;
        }
      }
      send(ex, answer(call, op, batch));
    } catch (Exception e) {
      send(ex, fault("UNKNOWN_EXCEPTION", "fake server: " + e, "UnexpectedErrorFault"));
    }
  }

  private Reply answer(Call call, Element op, int batch) {
    if (call.op().equals("login")) {
      return login(call, op);
    }
    if (call.sessionId() == null || !sessions.contains(call.sessionId())) {
      return sessionExpired();
    }
    switch (call.op()) {
      case "query":
      case "queryAll":
        return query(call, batch);
      case "queryMore":
        return queryMore(call);
      default:
        return fault(
            "INVALID_OPERATION", "fake server does not serve " + call.op(), "UnexpectedErrorFault");
    }
  }

  private Reply login(Call call, Element op) {
    if (!call.path().equals("/services/Soap/u/64.0")) {
      return fault(
          "UNSUPPORTED_API_VERSION",
          "login() is available only up to API 64.0",
          "UnexpectedErrorFault");
    }
    String user = text(child(op, PARTNER, "username"));
    String password = text(child(op, PARTNER, "password"));
    if (!USERNAME.equals(user) || !PASSWORD.equals(password)) {
      return fault(
          "INVALID_LOGIN",
          "Invalid username, password, security token; or user locked out.",
          "LoginFault");
    }
    String session = newSession();
    String result =
        "<loginResponse><result>"
            + "<metadataServerUrl>"
            + url()
            + "/services/Soap/m/64.0/"
            + ORG_ID
            + "</metadataServerUrl>"
            + "<passwordExpired>false</passwordExpired><sandbox>false</sandbox>"
            + "<serverUrl>"
            + url()
            + "/services/Soap/u/64.0/"
            + ORG_ID
            + "</serverUrl>"
            + "<sessionId>"
            + session
            + "</sessionId><userId>"
            + FakeOrg.id("005", 999)
            + "</userId>"
            + "</result></loginResponse>";
    return ok(result, false);
  }

  private String newSession() {
    String s =
        ORG_ID
            + "!AQ0session"
            + sequence.incrementAndGet()
            + "."
            + Long.toHexString(System.nanoTime());
    sessions.add(s);
    return s;
  }

  private Reply query(Call call, int batch) {
    FakeSoql q;
    try {
      q = FakeSoql.parse(call.soql());
    } catch (RuntimeException e) {
      return fault("MALFORMED_QUERY", e.getMessage(), "MalformedQueryFault");
    }
    FakeOrg.Table t = org.find(q.object);
    if (t == null) {
      return fault(
          "INVALID_TYPE",
          "\n"
              + call.soql()
              + "\n^\nERROR at Row:1:Column:8\nsObject type '"
              + q.object
              + "' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the"
              + " entity name.",
          "InvalidSObjectFault");
    }
    for (String f : q.referenced()) {
      if (t.kind(f) == null) {
        return fault(
            "INVALID_FIELD",
            "\n"
                + call.soql()
                + "\n^\nERROR at Row:1:Column:8\nNo such column '"
                + f
                + "' on entity '"
                + t.name
                + "'. If you are attempting to use a custom field, be sure to append the '__c'"
                + " after the custom field name.",
            "InvalidFieldFault");
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    synchronized (org) {
      for (Map<String, Object> r : t.rows) {
        boolean deleted = Boolean.TRUE.equals(r.get("IsDeleted"));
        if ((call.op().equals("queryAll") || !deleted) && (q.where == null || q.where.test(r))) {
          rows.add(r);
        }
      }
    }
    rows.sort(q.order());
    if (q.limit >= 0 && rows.size() > q.limit) {
      rows = new ArrayList<>(rows.subList(0, q.limit));
    }
    if (q.count) {
      return ok(
          "<"
              + call.op()
              + "Response><result xsi:type=\"QueryResult\"><done>true</done>"
              + "<queryLocator xsi:nil=\"true\"/><size>"
              + rows.size()
              + "</size></result></"
              + call.op()
              + "Response>",
          true);
    }
    List<String> fields = new ArrayList<>();
    q.fields.forEach(f -> fields.add(t.canonicalName(f)));
    String id = "01gFAKE" + String.format("%08d", sequence.incrementAndGet());
    Cursor c = new Cursor(t.name, fields, rows, Math.max(200, Math.min(2000, batch)));
    if (rows.size() > c.batch()) {
      cursors.put(id, c);
    }
    return page(call.op(), id, c, 0);
  }

  private Reply queryMore(Call call) {
    String locator = call.soql();
    Cursor c = cursors.get(locator.substring(0, locator.lastIndexOf('-')));
    if (c == null) {
      return fault("INVALID_QUERY_LOCATOR", "invalid query locator", "InvalidQueryLocatorFault");
    }
    int offset = Integer.parseInt(locator.substring(locator.lastIndexOf('-') + 1));
    return page("queryMore", locator.substring(0, locator.lastIndexOf('-')), c, offset);
  }

  /** Makes every open cursor invalid, as Salesforce does after 15 minutes idle. */
  public void invalidateCursors() {
    cursors.clear();
  }

  private Reply page(String op, String id, Cursor c, int offset) {
    int end = Math.min(c.rows().size(), offset + c.batch());
    boolean done = end >= c.rows().size();
    FakeOrg.Table t = org.find(c.object());
    StringBuilder s =
        new StringBuilder("<").append(op).append("Response><result xsi:type=\"QueryResult\">");
    s.append("<done>").append(done).append("</done>");
    if (done) {
      s.append("<queryLocator xsi:nil=\"true\"/>");
      cursors.remove(id);
    } else {
      s.append("<queryLocator>").append(id).append('-').append(end).append("</queryLocator>");
    }
    for (Map<String, Object> r : c.rows().subList(offset, end)) {
      s.append("<records xsi:type=\"sf:sObject\"><sf:type>").append(t.name).append("</sf:type>");
      s.append("<sf:Id>").append(esc(String.valueOf(r.get("Id")))).append("</sf:Id>");
      for (String f : c.fields()) {
        value(s, f, t.kind(f), r.get(f));
      }
      s.append("</records>");
    }
    s.append("<size>")
        .append(c.rows().size())
        .append("</size></result></")
        .append(op)
        .append("Response>");
    return ok(s.toString(), true);
  }

  private void value(StringBuilder s, String field, FakeOrg.Kind kind, Object v) {
    s.append("<sf:").append(field);
    if (v == null) {
      s.append(" xsi:nil=\"true\"/>");
      return;
    }
    boolean typed = typedValues || kind == FakeOrg.Kind.ANY;
    String type;
    String text;
    if (v instanceof Instant i) {
      type = "xsd:dateTime";
      text = DATE_TIME.format(i);
    } else if (v instanceof LocalDate d) {
      type = "xsd:date";
      text = d.toString();
    } else if (v instanceof Boolean b) {
      type = "xsd:boolean";
      text = b.toString();
    } else if (v instanceof Double d) {
      type = "xsd:double";
      text = d.toString();
    } else {
      type = "xsd:string";
      text = v.toString();
      typed = kind == FakeOrg.Kind.ANY;
    }
    if (typed) {
      s.append(" xsi:type=\"").append(type).append('"');
    }
    s.append('>').append(esc(text)).append("</sf:").append(field).append('>');
  }

  private Reply ok(String bodyContent, boolean limitHeader) {
    StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    s.append("<soapenv:Envelope xmlns:soapenv=\"")
        .append(SOAPENV)
        .append("\" xmlns=\"")
        .append(PARTNER)
        .append("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
        .append(" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"")
        .append(" xmlns:sf=\"urn:sobject.partner.soap.sforce.com\">");
    if (limitHeader) {
      s.append("<soapenv:Header><LimitInfoHeader><limitInfo><current>")
          .append(usage.incrementAndGet())
          .append("</current><limit>")
          .append(usageLimit)
          .append("</limit><type>API REQUESTS</type>")
          .append("</limitInfo></LimitInfoHeader></soapenv:Header>");
    }
    s.append("<soapenv:Body>").append(bodyContent).append("</soapenv:Body></soapenv:Envelope>");
    return new Reply(200, "text/xml; charset=utf-8", s.toString());
  }

  private void token(HttpExchange ex) throws IOException {
    String body = new String(readBody(ex), StandardCharsets.UTF_8);
    Call call = new Call("token", null, null, 0, null, ex.getRequestURI().getPath());
    calls.add(call);
    for (Rule r : rules) {
      Reply reply = r.apply(call);
      if (reply != null) {
        send(ex, reply);
        return;
      }
    }
    Map<String, String> form = new HashMap<>();
    for (String kv : body.split("&")) {
      int eq = kv.indexOf('=');
      form.put(
          URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String error = checkAssertion(form);
    if (error != null) {
      send(
          ex,
          new Reply(
              400,
              "application/json",
              "{\"error\":\"invalid_grant\",\"error_description\":\"" + error + "\"}"));
      return;
    }
    String token = newSession();
    send(
        ex,
        new Reply(
            200,
            "application/json",
            "{\"access_token\":\""
                + token
                + "\",\"scope\":\"api\",\"instance_url\":\""
                + url()
                + "\",\"id\":\""
                + url()
                + "/id/"
                + ORG_ID
                + "/"
                + FakeOrg.id("005", 999)
                + "\",\"token_type\":\"Bearer\"}"));
  }

  private String checkAssertion(Map<String, String> form) {
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
      return "unsupported grant type";
    }
    String[] parts = String.valueOf(form.get("assertion")).split("\\.");
    if (parts.length != 3 || jwtKey == null) {
      return "invalid assertion";
    }
    try {
      Signature v = Signature.getInstance("SHA256withRSA");
      v.initVerify(jwtKey);
      v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!v.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return "invalid signature";
      }
      ObjectMapper json = new ObjectMapper();
      JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
      long now = Instant.now().getEpochSecond();
      long exp = claims.path("exp").asLong();
      if (!"RS256".equals(header.path("alg").asText())
          || !CLIENT_ID.equals(claims.path("iss").asText())
          || !USERNAME.equals(claims.path("sub").asText())
          || !url().equals(claims.path("aud").asText())
          || exp < now
          || exp > now + 300) {
        return "audience, issuer, subject or expiry is wrong";
      }
      return null;
    } catch (Exception e) {
      return "invalid assertion";
    }
  }

  private byte[] readBody(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    } else if (ex.getRequestURI().getPath().startsWith("/services/Soap")) {
      notGzipped.incrementAndGet();
    }
    return in.readAllBytes();
  }

  private void send(HttpExchange ex, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    String accept = ex.getRequestHeaders().getFirst("Accept-Encoding");
    boolean gzip = this.gzip && bytes.length > 0 && accept != null && accept.contains("gzip");
    if (gzip) {
      if (ex.getRequestURI().getPath().endsWith("/results")) {
        gzipped.incrementAndGet();
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (OutputStream z = new GZIPOutputStream(buf)) {
        z.write(bytes);
      }
      bytes = buf.toByteArray();
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    ex.getResponseHeaders().set("Content-Type", reply.contentType());
    ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Document parseXml(byte[] body) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(body));
  }

  private static Element child(Element parent, String ns, String name) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && name.equals(e.getLocalName())
          && ns.equals(e.getNamespaceURI())) {
        return e;
      }
    }
    return null;
  }

  private static Element firstElement(Element parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    throw new IllegalArgumentException("empty SOAP body");
  }

  private static String text(Element e) {
    return e == null ? null : e.getTextContent();
  }

  private static String objectOf(String soql) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)\\bFROM\\s+(\\w+)").matcher(soql);
    return m.find() ? m.group(1) : null;
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\r' -> b.append("&#13;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  // ---- Bulk API 2.0 query jobs ----

  /** Rows per results page at most (Salesforce cuts pages by size too); default 1000. */
  public void bulkPageSize(int rows) {
    bulkPageSize = rows;
  }

  /** Polls a job answers InProgress before JobComplete; default 1. */
  public void bulkPollsBeforeComplete(int polls) {
    pollsBeforeComplete = polls;
  }

  /** Whether answers are gzipped when the client accepts it (default true). */
  public void gzip(boolean on) {
    gzip = on;
  }

  /** Results pages sent gzipped. */
  public int gzippedResults() {
    return gzipped.get();
  }

  /** Makes job creation for {@code object} answer as Salesforce does for an object Bulk lacks. */
  public void bulkUnsupported(String object) {
    bulkUnsupported.add(object.toLowerCase(Locale.ROOT));
  }

  /** Jobs still held (not deleted), by state. */
  public List<String> bulkJobStates() {
    return jobs.values().stream().map(j -> j.state).sorted().toList();
  }

  public long bulkCalls() {
    return calls().stream().filter(c -> c.op().startsWith("bulk")).count();
  }

  /** A job's info as Salesforce answers it once the job failed. */
  public static Reply bulkJobFailed(String message) {
    return new Reply(
        200,
        "application/json",
        "{\"state\":\"Failed\",\"errorMessage\":" + jsonString(message) + "}");
  }

  /** A REST error as Salesforce writes it. */
  public static Reply restError(int status, String code, String message) {
    return new Reply(
        status,
        "application/json",
        "[{\"errorCode\":\"" + code + "\",\"message\":" + jsonString(message) + "}]");
  }

  private static String jsonString(String s) {
    try {
      return new ObjectMapper().writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void rest(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      String query = ex.getRequestURI().getRawQuery();
      Map<String, String> params = new HashMap<>();
      if (query != null) {
        for (String kv : query.split("&")) {
          int eq = kv.indexOf('=');
          params.put(
              kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String session = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
      byte[] body = readBody(ex);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  "/services/data/v65\\.0/jobs/query(?:/([^/]+)(/results)?)?")
              .matcher(path);
      if (!m.matches()) {
        send(ex, restError(404, "NOT_FOUND", "The requested resource does not exist"));
        return;
      }
      Job job = m.group(1) == null ? null : jobs.get(m.group(1));
      String op;
      String soql = job == null ? null : job.soql;
      int page = 0;
      if (m.group(1) == null && method.equals("POST")) {
        op = "bulkCreate";
        soql = new ObjectMapper().readTree(body).path("query").asText();
      } else if (m.group(2) != null) {
        op = "bulkResults";
        int offset = params.containsKey("locator") ? locatorOffset(params.get("locator")) : 0;
        page = offset / Math.max(1, bulkPageSize) + 1;
      } else if (method.equals("GET")) {
        op = "bulkPoll";
      } else if (method.equals("PATCH")) {
        op = "bulkAbort";
      } else {
        op = "bulkDelete";
      }
      Call call =
          new Call(
              op,
              job == null ? objectOf(String.valueOf(soql)) : job.object,
              soql,
              page,
              session,
              path);
      calls.add(call);
      for (Rule r : rules) {
        Reply reply = r.apply(call);
        if (reply != null) {
          send(ex, reply);
          return;
        }
      }
      if (session == null || !sessions.contains(session)) {
        send(ex, restError(401, "INVALID_SESSION_ID", "Session expired or invalid"));
        return;
      }
      ex.getResponseHeaders()
          .set("Sforce-Limit-Info", "api-usage=" + usage.incrementAndGet() + "/" + usageLimit);
      if (op.equals("bulkCreate")) {
        send(ex, createJob(soql, new ObjectMapper().readTree(body)));
        return;
      }
      if (job == null) {
        send(ex, restError(404, "NOT_FOUND", "The requested resource does not exist"));
        return;
      }
      switch (op) {
        case "bulkPoll" -> {
          if (job.state.equals("UploadComplete") || job.state.equals("InProgress")) {
            job.state = ++job.polls > pollsBeforeComplete ? "JobComplete" : "InProgress";
          }
          send(
              ex,
              new Reply(
                  200,
                  "application/json",
                  "{\"id\":\""
                      + job.id
                      + "\",\"operation\":\"queryAll\",\"object\":\""
                      + job.object
                      + "\",\"state\":\""
                      + job.state
                      + "\",\"numberRecordsProcessed\":"
                      + job.rows.size()
                      + "}"));
        }
        case "bulkResults" -> {
          if (!job.state.equals("JobComplete")) {
            send(ex, restError(400, "INVALIDJOBSTATE", "job is not complete"));
            return;
          }
          int offset = params.containsKey("locator") ? locatorOffset(params.get("locator")) : 0;
          int max =
              params.containsKey("maxRecords")
                  ? Integer.parseInt(params.get("maxRecords"))
                  : 1 << 30;
          int end = Math.min(job.rows.size(), offset + Math.min(max, bulkPageSize));
          ex.getResponseHeaders()
              .set(
                  "Sforce-Locator",
                  end >= job.rows.size()
                      ? "null"
                      : Base64.getEncoder()
                          .encodeToString(
                              Integer.toString(end).getBytes(StandardCharsets.US_ASCII)));
          ex.getResponseHeaders().set("Sforce-NumberOfRecords", Integer.toString(end - offset));
          send(ex, new Reply(200, "text/csv", bulkCsv(job, offset, end)));
        }
        case "bulkAbort" -> {
          job.state = "Aborted";
          send(ex, new Reply(200, "application/json", "{\"state\":\"Aborted\"}"));
        }
        default -> {
          jobs.remove(job.id);
          send(ex, new Reply(204, "application/json", ""));
        }
      }
    } catch (Exception e) {
      send(ex, restError(500, "UNKNOWN_EXCEPTION", "fake server: " + e));
    }
  }

  private static int locatorOffset(String locator) {
    return Integer.parseInt(
        new String(Base64.getDecoder().decode(locator), StandardCharsets.US_ASCII));
  }

  private Reply createJob(String soql, JsonNode request) {
    if (!"queryAll".equals(request.path("operation").asText())
        || !"COMMA".equals(request.path("columnDelimiter").asText())
        || !"LF".equals(request.path("lineEnding").asText())) {
      return restError(
          400, "INVALIDJOB", "fake server serves queryAll, COMMA, LF only: " + request);
    }
    FakeSoql q;
    try {
      q = FakeSoql.parse(soql);
    } catch (RuntimeException e) {
      return restError(400, "MALFORMED_QUERY", e.getMessage());
    }
    FakeOrg.Table t = org.find(q.object);
    if (t == null) {
      return restError(400, "INVALID_TYPE", "sObject type '" + q.object + "' is not supported.");
    }
    if (bulkUnsupported.contains(t.name.toLowerCase(Locale.ROOT))) {
      return restError(
          400, "INVALIDENTITY", "Entity '" + t.name + "' is not supported by the Bulk API.");
    }
    for (String f : q.referenced()) {
      if (t.kind(f) == null) {
        return restError(
            400,
            "INVALID_FIELD",
            "No such column '"
                + f
                + "' on entity '"
                + t.name
                + "'. If you are attempting to use a"
                + " custom field, be sure to append the '__c' after the custom field name.");
      }
    }
    if (!q.orderBy.isEmpty()) {
      return restError(400, "INVALIDJOB", "fake server: a Bulk query needs no ORDER BY");
    }
    if (q.count) {
      return restError(
          400, "INVALIDJOB", "Aggregate queries (COUNT()) are not supported by Bulk API 2.0");
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    synchronized (org) {
      for (Map<String, Object> r : t.rows) {
        if (q.where == null || q.where.test(r)) {
          rows.add(r);
        }
      }
    }
    String id = "750FAKE" + String.format("%08d", sequence.incrementAndGet());
    // Bulk API 2.0 promises no order: neither the pull nor the merge may rely on one.
    Collections.shuffle(rows, new java.util.Random(id.hashCode()));
    List<String> fields = new ArrayList<>();
    q.fields.forEach(f -> fields.add(t.canonicalName(f)));
    jobs.put(id, new Job(id, t.name, soql, fields, rows));
    return new Reply(
        200,
        "application/json",
        "{\"id\":\""
            + id
            + "\",\"operation\":\"queryAll\",\"object\":\""
            + t.name
            + "\",\"state\":\"UploadComplete\",\"columnDelimiter\":\"COMMA\",\"lineEnding\":\"LF\"}");
  }

  /** Rows as Bulk API CSV: every value quoted, null empty, dateTimes as ...000+0000. */
  private static String bulkCsv(Job job, int from, int to) {
    StringBuilder s =
        new StringBuilder(String.join(",", job.fields.stream().map(f -> "\"" + f + "\"").toList()));
    s.append('\n');
    for (Map<String, Object> r : job.rows.subList(from, to)) {
      for (int i = 0; i < job.fields.size(); i++) {
        if (i > 0) {
          s.append(',');
        }
        Object v = r.get(job.fields.get(i));
        if (v != null) {
          String text = v instanceof Instant t ? BULK_DATE_TIME.format(t) : exportText(v);
          s.append('"').append(text.replace("\"", "\"\"")).append('"');
        }
      }
      s.append('\n');
    }
    return s.toString();
  }

  // ---- the same org as CSV exports ----

  /**
   * Writes the org as Salesforce CSV exports (CONTRACT §2) into {@code dir}: one {@code
   * <Object>.csv} per object with every field, deleted rows included (as an export with deleted
   * records has them), timestamps as {@code 2024-03-05T14:22:10.000Z}, numbers in plain notation.
   */
  public void writeExports(Path dir) throws IOException {
    Files.createDirectories(dir);
    synchronized (org) {
      for (FakeOrg.Table t : org.tables.values()) {
        try (Writer w =
            Files.newBufferedWriter(dir.resolve(t.name + ".csv"), StandardCharsets.UTF_8)) {
          List<String> names = new ArrayList<>(t.fields.keySet());
          w.write(String.join(",", names) + "\r\n");
          for (Map<String, Object> r : t.rows) {
            List<String> cells = new ArrayList<>();
            for (String f : names) {
              cells.add(csv(exportText(r.get(f))));
            }
            w.write(String.join(",", cells) + "\r\n");
          }
        }
      }
    }
  }

  private static String exportText(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Instant i) {
      return DATE_TIME.format(i);
    }
    if (v instanceof Double d) {
      String s = new BigDecimal(d.toString()).stripTrailingZeros().toPlainString();
      return s.contains(".") ? s : s + ".0";
    }
    return v.toString();
  }

  private static String csv(String s) {
    if (s.isEmpty()) {
      return "";
    }
    boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
    return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /** Rows as the org holds them now, for assertions. */
  public Map<String, List<Map<String, Object>>> snapshot() {
    Map<String, List<Map<String, Object>>> m = new LinkedHashMap<>();
    synchronized (org) {
      org.tables.values().forEach(t -> m.put(t.name, List.copyOf(t.rows)));
    }
    return m;
  }
}
