package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.upstream.UpstreamException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  static UpstreamHttp.Request post(UpstreamSpec spec, Handshake h, byte[] body, Duration timeout,
      Map<String, String> perRequest) {
    List<Map.Entry<String, String>> headers = base(spec, h);
    // basic/transports: the client MUST list both, the server picks one per request
    headers.add(Map.entry("Accept", "application/json, text/event-stream"));
    headers.add(Map.entry("Content-Type", "application/json"));
    headers.addAll(perRequest.entrySet()); // sent last: replaces a configured header of the same name
    return new UpstreamHttp.Request("POST", spec.url(), headers, body, deadline(timeout), spec.connectTimeout());
  }

  static UpstreamHttp.Request get(UpstreamSpec spec, Handshake h, String lastEventId, Duration timeout) {
    List<Map.Entry<String, String>> headers = base(spec, h);
    headers.add(Map.entry("Accept", "text/event-stream"));
    if (lastEventId != null) {
      headers.add(Map.entry(LAST_EVENT_ID, lastEventId));
    }
    return new UpstreamHttp.Request("GET", spec.url(), headers, null, deadline(timeout), spec.connectTimeout());
  }

  static UpstreamHttp.Request delete(UpstreamSpec spec, Handshake h, Duration timeout) {
    return new UpstreamHttp.Request("DELETE", spec.url(), base(spec, h), null, deadline(timeout),
        spec.connectTimeout());
  }

  private static Duration deadline(Duration timeout) {
    return timeout == null ? null : timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
  }

  private static List<Map.Entry<String, String>> base(UpstreamSpec spec, Handshake h) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(spec.headers().size() + 6);
    headers.addAll(spec.headers().entrySet());
    if (h != null) {
      if (h.sessionId() != null) {
        headers.add(Map.entry(SESSION_ID, h.sessionId()));
      }
      headers.add(Map.entry(PROTOCOL_VERSION, h.protocolVersion()));
    }
    return headers;
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
