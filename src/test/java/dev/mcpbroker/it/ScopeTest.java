package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.config.ServerSettings;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.RecordingUpstream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A broker that requires a scope answers a token without it with 403 insufficient_scope naming the scope. */
class ScopeTest {

  @Test
  void tokenWithoutTheRequiredScope_gets403_namingTheScope() throws Exception {
    try (RecordingUpstream upstream = new RecordingUpstream()) {
      String catalog = """
          upstreams:
            rec: {url: "${URL}"}
          tools:
            - {name: echo, upstream: rec, tier: read, pin: "%s", inputSchema: %s}
          """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA);
      try (BrokerUnderTest broker = BrokerUnderTest.start(catalog, BrokerUnderTest.env("URL", upstream.url().toString()),
          ServerSettings.loopback(0), Set.of("mcp:tools"))) {
        var devIssuer = broker.broker().identity().devIssuer();
        String without = devIssuer.mint("agent", "customer-1", Duration.ofMinutes(5), Set.of("other"), Map.of());
        var refused = broker.client(without).post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
            + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"")
            .contains("scope=\"mcp:tools\"").contains("resource_metadata=");
        // RFC 9728 §2: the metadata names the scopes a client should ask its authorization server for
        var metadata = new dev.mcpbroker.testing.McpHttp(broker.url().resolve("/.well-known/oauth-protected-resource/mcp"), null)
            .send("GET", null, Map.of()).last();
        assertThat(metadata.path("scopes_supported").toString()).isEqualTo("[\"mcp:tools\"]");

        String with = devIssuer.mint("agent", "customer-1", Duration.ofMinutes(5), Set.of("mcp:tools"), Map.of());
        String session = broker.client(with).initialize("2025-11-25");
        assertThat(broker.client(with).callTool(session, 2, "echo", "{\"text\":\"hi\"}").path("result").path("isError")
            .asBoolean()).isFalse();
      }
    }
  }
}
