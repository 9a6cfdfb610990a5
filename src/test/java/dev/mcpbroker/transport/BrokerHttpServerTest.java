package dev.mcpbroker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.config.ServerSettings;
import dev.mcpbroker.protocol.Exchange;
import dev.mcpbroker.protocol.McpEndpoint;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The MCP endpoint served on the upstream client's event loops. */
class BrokerHttpServerTest {

  @Test
  void servesOnTheUpstreamClientsLoops_andClosingItHangsUpOnClientsButLeavesTheLoopsRunning() throws Exception {
    CompletableFuture<Boolean> onAClientLoop = new CompletableFuture<>();
    try (UpstreamHttpClient upstreams = UpstreamHttpClient.create(Duration.ofSeconds(2), 2)) {
      McpEndpoint endpoint = new McpEndpoint() {
        @Override
        public void post(JsonNode body, Exchange exchange) {
          boolean[] on = {false};
          upstreams.loops().forEach(loop -> on[0] |= loop.inEventLoop());
          onAClientLoop.complete(on[0]);
          exchange.respond(200, Map.of("ok", true), Map.of());
        }

        @Override
        public void get(Exchange exchange) {
          exchange.respond(405, null, Map.of());
        }

        @Override
        public void delete(Exchange exchange) {
          exchange.respond(405, null, Map.of());
        }
      };
      BrokerHttpServer server = BrokerHttpServer.start(ServerSettings.loopback(0), endpoint, upstreams);
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        s.setSoTimeout(5_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
            + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
            + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        String head = new String(in.readNBytes(15), StandardCharsets.US_ASCII);
        assertThat(head).isEqualTo("HTTP/1.1 200 OK");
        assertThat(onAClientLoop.get(5, TimeUnit.SECONDS)).as("the request ran on a loop of the client").isTrue();

        server.close();
        // the keep-alive connection is closed by the server: the rest of the answer, then EOF
        in.readNBytes(Integer.MAX_VALUE);
        assertThat(in.read()).isEqualTo(-1);
      }
      assertThat(upstreams.loops().isShuttingDown()).as("the loops stay the upstream client's to close").isFalse();
      assertThat(upstreams.loops().submit(() -> true).get(5, TimeUnit.SECONDS)).isTrue();
    }
  }
}
