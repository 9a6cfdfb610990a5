package dev.mcpbroker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Talks raw MCP Streamable HTTP to a server, the way an attacker or a careful test would. */
public final class McpHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String ACCEPT_BOTH = "application/json, text/event-stream";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI url;
  private final String bearer;

  /** A client that sends {@code Authorization: Bearer <bearer>} on every request (none when null). */
  public McpHttp(URI url, String bearer) {
    this.url = url;
    this.bearer = bearer;
  }

  /** One HTTP answer: status, headers and body, with the JSON-RPC messages it carried. */
  public record Answer(int status, HttpResponse<String> raw) {
    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** Returns the JSON-RPC messages: the JSON body, or each SSE event's data. */
    public List<JsonNode> messages() {
      List<JsonNode> out = new ArrayList<>();
      String type = header("Content-Type");
      try {
        if (type != null && type.startsWith("text/event-stream")) {
          for (String event : body().split("\n\n")) {
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
              if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
              }
            }
            if (!data.isEmpty()) {
              out.add(JSON.readTree(data.toString()));
            }
          }
        } else if (!body().isEmpty()) {
          out.add(JSON.readTree(body()));
        }
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body(), e);
      }
      return out;
    }

    /** Returns the last message (the response of a request). */
    public JsonNode last() {
      List<JsonNode> all = messages();
      if (all.isEmpty()) {
        throw new AssertionError("no message in answer " + status + ": " + body());
      }
      return all.get(all.size() - 1);
    }
  }

  /** Initializes a session and returns its id (the initialized notification is sent too). */
  public String initialize(String version) throws Exception {
    return initialize(version, "{}");
  }

  /** Initializes a session announcing {@code capabilitiesJson} and returns its id. */
  public String initialize(String version, String capabilitiesJson) throws Exception {
    Answer a = post(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + version + "\",\"capabilities\":" + capabilitiesJson + ",\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
    if (a.status() != 200) {
      throw new AssertionError("initialize failed: " + a.status() + " " + a.body());
    }
    String session = a.header("Mcp-Session-Id");
    post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return session;
  }

  /** POSTs {@code body} with the usual headers, plus the session id when not null. */
  public Answer post(String session, String body) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    if (session != null) {
      headers.put("Mcp-Session-Id", session);
      headers.put("MCP-Protocol-Version", "2025-11-25");
    }
    return send("POST", body, headers);
  }

  /**
   * Sends {@code method} with {@code headers} (Accept, Content-Type and Authorization added unless
   * given; a header given as null is not sent).
   */
  public Answer send(String method, String body, Map<String, String> headers) throws Exception {
    var builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30));
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Accept", ACCEPT_BOTH);
    if (bearer != null) {
      all.put("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      all.put("Content-Type", "application/json");
    }
    all.putAll(headers);
    all.forEach((k, v) -> {
      if (v != null) {
        builder.header(k, v);
      }
    });
    builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response);
  }

  /** Sends {@code request} bytes as they are over a fresh socket and returns the whole raw answer. */
  public String raw(String request) throws IOException {
    try (var socket = new java.net.Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Calls a tool and returns the response message. */
  public JsonNode callTool(String session, int id, String name, String argumentsJson) throws Exception {
    return post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + name + "\",\"arguments\":" + argumentsJson + "}}").last();
  }
}
