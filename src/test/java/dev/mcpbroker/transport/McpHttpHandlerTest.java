package dev.mcpbroker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.protocol.Exchange;
import dev.mcpbroker.protocol.McpEndpoint;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the HTTP handler on an EmbeddedChannel: what is refused before the protocol layer sees it. */
class McpHttpHandlerTest {
  private final List<JsonNode> posted = new ArrayList<>();
  private final McpEndpoint endpoint = new McpEndpoint() {
    @Override
    public void post(JsonNode body, Exchange exchange) {
      posted.add(body);
      exchange.respond(200, Map.of("ok", true), Map.of());
    }

    @Override
    public void get(Exchange exchange) {
      exchange.respond(405, null, Map.of());
    }

    @Override
    public void delete(Exchange exchange) {
      exchange.respond(200, null, Map.of());
    }

    @Override
    public Object document(String path) {
      return path.equals("/.well-known/test") ? Map.of("resource", "r") : null;
    }
  };
  private final EmbeddedChannel channel = new EmbeddedChannel(
      new McpHttpHandler("/mcp", new OriginGuard(Set.of("localhost", "127.0.0.1"), Set.of("localhost")), endpoint));

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  private FullHttpResponse send(HttpMethod method, String uri, String host, String origin, String type, String body) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    if (host != null) {
      request.headers().set(HttpHeaderNames.HOST, host);
    }
    if (origin != null) {
      request.headers().set(HttpHeaderNames.ORIGIN, origin);
    }
    if (type != null) {
      request.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    }
    channel.writeInbound(request);
    return channel.readOutbound();
  }

  private static String body(FullHttpResponse response) {
    try {
      return response.content().toString(StandardCharsets.UTF_8);
    } finally {
      response.release();
    }
  }

  @Test
  void wellFormedPost_reachesTheEndpoint() {
    FullHttpResponse r = send(HttpMethod.POST, "/mcp", "localhost:8080", "http://localhost:3000", "application/json", "{\"a\":1}");
    assertThat(r.status().code()).isEqualTo(200);
    body(r);
    assertThat(posted).hasSize(1);
  }

  @Test
  void rebindingHost_isForbidden() {
    FullHttpResponse r = send(HttpMethod.POST, "/mcp", "attacker.example", null, "application/json", "{}");
    assertThat(r.status().code()).isEqualTo(403);
    assertThat(body(r)).contains("Host header: attacker.example");
    assertThat(posted).isEmpty();
  }

  @Test
  void missingHost_isForbidden() {
    FullHttpResponse r = send(HttpMethod.POST, "/mcp", null, null, "application/json", "{}");
    assertThat(r.status().code()).isEqualTo(403);
    assertThat(body(r)).contains("Host header: missing");
  }

  @Test
  void foreignOrigin_isForbidden_evenWithAGoodHost() {
    FullHttpResponse r = send(HttpMethod.POST, "/mcp", "localhost", "https://localhost.evil.example", "application/json", "{}");
    assertThat(r.status().code()).isEqualTo(403);
    assertThat(body(r)).contains("Origin header");
  }

  @Test
  void otherPath_isNotFound() {
    FullHttpResponse r = send(HttpMethod.POST, "/admin", "localhost", null, "application/json", "{}");
    assertThat(r.status().code()).isEqualTo(404);
    body(r);
  }

  @Test
  void tokenInTheQueryString_isRefused() {
    FullHttpResponse r = send(HttpMethod.POST, "/mcp?access_token=abc", "localhost", null, "application/json", "{}");
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(body(r)).contains("access_token: in the query string");
    assertThat(posted).isEmpty();
  }

  @Test
  void publishedDocument_isServedOnGet_only() {
    FullHttpResponse r = send(HttpMethod.GET, "/.well-known/test", "localhost", null, null, "");
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(body(r)).isEqualTo("{\"resource\":\"r\"}");
    FullHttpResponse post = send(HttpMethod.POST, "/.well-known/test", "localhost", null, "application/json", "{}");
    assertThat(post.status().code()).isEqualTo(404);
    body(post);
  }

  @Test
  void putMethod_isNotAllowed() {
    FullHttpResponse r = send(HttpMethod.PUT, "/mcp", "localhost", null, "application/json", "{}");
    assertThat(r.status().code()).isEqualTo(405);
    assertThat(r.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("POST, GET, DELETE");
    body(r);
  }

  @Test
  void invalidJson_isParseError_withNullId() {
    FullHttpResponse r = send(HttpMethod.POST, "/mcp", "127.0.0.1:1", null, "application/json", "{nope");
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(body(r)).contains("\"id\":null").contains("-32700").contains("body: not valid JSON");
    assertThat(posted).isEmpty();
  }

  @Test
  void emptyBody_isParseError() {
    FullHttpResponse r = send(HttpMethod.POST, "/mcp", "localhost", null, "application/json", "");
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(body(r)).contains("body: empty");
  }
}
