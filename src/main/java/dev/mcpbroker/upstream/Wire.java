package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.upstream.UpstreamException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Builds the HTTP requests of the Streamable HTTP transport and maps their failures. */
final class Wire {
  private Wire() {}

  // MCP 2025-11-25 basic/transports, "Session Management" and "Protocol Version Header".
  static final String SESSION_ID = "Mcp-Session-Id";
  static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
  static final String LAST_EVENT_ID = "Last-Event-ID";

  static HttpRequest post(UpstreamSpec spec, Handshake h, byte[] body, Duration timeout,
      Map<String, String> perRequest) {
    HttpRequest.Builder b = base(spec, h, timeout)
        // basic/transports: the client MUST list both, the server picks one per request
        .header("Accept", "application/json, text/event-stream")
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofByteArray(body));
    perRequest.forEach(b::setHeader); // replaces a configured header of the same name
    return b.build();
  }

  static HttpRequest get(UpstreamSpec spec, Handshake h, String lastEventId, Duration timeout) {
    HttpRequest.Builder b = base(spec, h, timeout).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      b.header(LAST_EVENT_ID, lastEventId);
    }
    return b.build();
  }

  static HttpRequest delete(UpstreamSpec spec, Handshake h, Duration timeout) {
    return base(spec, h, timeout).DELETE().build();
  }

  private static HttpRequest.Builder base(UpstreamSpec spec, Handshake h, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(spec.url()).version(HttpClient.Version.HTTP_1_1);
    if (timeout != null) {
      b.timeout(timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout);
    }
    spec.headers().forEach(b::header);
    if (h != null) {
      if (h.sessionId() != null) {
        b.header(SESSION_ID, h.sessionId());
      }
      b.header(PROTOCOL_VERSION, h.protocolVersion());
    }
    return b;
  }

  static ObjectNode message(String method, JsonNode params) {
    ObjectNode m = Json.NODES.objectNode().put("jsonrpc", "2.0");
    m.put("method", method);
    if (params != null && !params.isNull()) {
      m.set("params", params);
    }
    return m;
  }

  static byte[] bytes(ObjectNode message) {
    try {
      return Json.MAPPER.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new IllegalArgumentException("message: not serializable", e);
    }
  }

  /** A JSON-RPC response: an id and a result or an error, no method. */
  static boolean isResponse(ObjectNode m) {
    return !m.has("method") && m.has("id") && (m.has("result") || m.has("error"));
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Turns what the HTTP client threw into the failure a caller sees. */
  static Throwable map(String upstream, String what, Throwable t) {
    t = unwrap(t);
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UpstreamException u) {
        return u;
      }
    }
    if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
      return new UpstreamException(
          Kind.UNREACHABLE, upstream, 0, "refused or did not accept a connection for " + what, t);
    }
    if (t instanceof IOException || t instanceof ClosedChannelException) {
      return new UpstreamException(
          Kind.UNREACHABLE, upstream, 0, "dropped the connection during " + what, t);
    }
    return t;
  }
}
