package dev.mcpbroker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Plays an upstream MCP server for edge cases the SDK server cannot be made to show: it answers
 * initialize (session ids s1, s2, ...) and one-way POSTs itself, and hands everything else to the
 * test's script. Records every request it receives.
 */
public final class ScriptedUpstream implements AutoCloseable {

  /** One request as received. */
  public record Seen(String httpMethod, Headers headers, JsonNode body) {
    public String rpcMethod() {
      return body == null ? null : body.path("method").asText(null);
    }

    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** Answers one request. */
  public interface Script {
    void handle(Seen request, HttpExchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Script script;
  public volatile String agreedVersion = "2025-11-25";

  public ScriptedUpstream(Script script) throws IOException {
    this.script = script;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/mcp", this::serve);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
  }

  public List<Seen> seen() {
    return seen;
  }

  public List<Seen> seen(Predicate<Seen> which) {
    return seen.stream().filter(which).toList();
  }

  /** Blocks a handler (a silent upstream) until the server closes. */
  public void hang() throws InterruptedException {
    closing.await(30, TimeUnit.SECONDS);
  }

  /** Waits, in a test thread, until a matching request has arrived. */
  public Seen await(Predicate<Seen> which) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      for (Seen s : seen) {
        if (which.test(s)) {
          return s;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no matching request; seen: " + seen);
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] raw = ex.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? null : Json.MAPPER.readTree(raw);
      Seen s = new Seen(ex.getRequestMethod(), ex.getRequestHeaders(), body);
      seen.add(s);
      if ("POST".equals(s.httpMethod()) && "initialize".equals(s.rpcMethod())) {
        ObjectNode result = Json.NODES.objectNode().put("protocolVersion", agreedVersion);
        result.putObject("capabilities").putObject("tools");
        result.putObject("serverInfo").put("name", "scripted").put("version", "1");
        ex.getResponseHeaders().add("Mcp-Session-Id", "s" + sessions.incrementAndGet());
        json(ex, 200, response(body.get("id").asLong(), result));
      } else if ("POST".equals(s.httpMethod()) && !body.has("id") || isAnswer(body)) {
        ex.sendResponseHeaders(202, -1); // notifications and our responses
      } else {
        script.handle(s, ex);
      }
    } catch (Exception e) {
      if (closing.getCount() > 0) {
        e.printStackTrace();
      }
    }
  }

  private static boolean isAnswer(JsonNode body) {
    return body != null && !body.has("method") && (body.has("result") || body.has("error"));
  }

  public static String response(long id, JsonNode result) {
    ObjectNode m = Json.NODES.objectNode().put("jsonrpc", "2.0").put("id", id);
    m.set("result", result);
    return m.toString();
  }

  public static String textResult(long id, String text) {
    ObjectNode result = Json.NODES.objectNode();
    result.putArray("content").addObject().put("type", "text").put("text", text);
    return response(id, result);
  }

  public static void json(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  /** Starts an SSE answer; write raw event text to the stream and flush. */
  public static OutputStream sse(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    return ex.getResponseBody();
  }

  public static void write(OutputStream out, String events) throws IOException {
    out.write(events.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
