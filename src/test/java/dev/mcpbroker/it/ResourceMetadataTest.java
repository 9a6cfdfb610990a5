package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.config.ServerSettings;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A broker whose resource URI is not its bind address (behind a proxy or ingress): the 401
 * challenge points at the RFC 9728 metadata URL built from the resource URI, and the document
 * found there names that resource, as clients check (RFC 9728 §3.3).
 */
class ResourceMetadataTest {
  private static final URI PUBLIC = URI.create("https://broker.example.com/mcp");

  @Test
  void challenge_pointsAtTheMetadataOfTheConfiguredResource_notTheBindAddress() throws Exception {
    try (RecordingUpstream upstream = new RecordingUpstream()) {
      String catalog = """
          upstreams:
            rec: {url: "${URL}"}
          tools:
            - {name: echo, upstream: rec, tier: read, pin: "%s", inputSchema: %s}
          """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA);
      try (BrokerUnderTest broker = BrokerUnderTest.start(catalog, BrokerUnderTest.env("URL", upstream.url().toString()),
          ServerSettings.loopback(0), PUBLIC)) {
        var refused = broker.client(null).post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate"))
            .isEqualTo("Bearer resource_metadata=\"https://broker.example.com/.well-known/oauth-protected-resource/mcp\"");

        // what the proxy would pass on for that URL, and the root form, both name the public resource
        for (String path : new String[] {"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"}) {
          JsonNode metadata = new McpHttp(broker.url().resolve(path), null).send("GET", null, Map.of()).last();
          assertThat(metadata.path("resource").asText()).as(path).isEqualTo(PUBLIC.toString());
        }
        // tokens for the public resource are the ones accepted
        String session = broker.client(broker.token("agent", "customer-1")).initialize("2025-11-25");
        assertThat(session).isNotBlank();
      }
    }
  }
}
