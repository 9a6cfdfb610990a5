package dev.mcpbroker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.protocol.ClientSession;
import dev.mcpbroker.protocol.SessionStore;
import dev.mcpbroker.protocol.TestSessions;
import dev.mcpbroker.testing.ScriptedUpstream;
import dev.mcpbroker.transport.UpstreamHttpClient;
import dev.mcpbroker.upstream.UpstreamClient;
import dev.mcpbroker.upstream.UpstreamListener;
import dev.mcpbroker.upstream.UpstreamSession;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream sessions of one client session against a scripted upstream: an idle one is closed
 * (DELETE) and the next use opens a fresh one; one with a call in flight is not idle.
 */
class SessionUpstreamsTest {
  private static final Duration IDLE = Duration.ofSeconds(5);

  private ScriptedUpstream upstream;
  private UpstreamHttpClient http;
  private SessionStore store;
  private SessionUpstreams upstreams;

  @BeforeEach
  void start() throws Exception {
    upstream = new ScriptedUpstream((seen, exchange) -> {
      if ("DELETE".equals(seen.httpMethod())) {
        exchange.sendResponseHeaders(200, -1);
      } else if ("slow".equals(seen.body().path("params").path("name").asText())) {
        upstream.hang();
      } else {
        ScriptedUpstream.json(exchange, 200, ScriptedUpstream.textResult(seen.body().path("id").asLong(), "done"));
      }
    });
    http = UpstreamHttpClient.create(Duration.ofSeconds(2));
    var spec = new UpstreamSpec("s", upstream.url(), null, Duration.ofSeconds(30), IDLE, null);
    store = new SessionStore(Duration.ofMinutes(5));
    ClientSession client = TestSessions.open(store, "2025-11-25");
    upstreams = new SessionUpstreams(client, Map.of("s", new UpstreamClient(spec, http)),
        (name, session) -> UpstreamListener.IGNORE);
  }

  @AfterEach
  void stop() {
    store.close();
    upstream.close();
    http.close();
  }

  private static long afterIdle(UpstreamSession s) {
    return s.lastUsedNanos() + IDLE.toNanos() + 1;
  }

  @Test
  void idleUpstreamSession_isClosed_andTheNextUseOpensAFreshOne() throws Exception {
    UpstreamSession first = upstreams.get("s").get(10, TimeUnit.SECONDS);

    upstreams.closeIdle(first.lastUsedNanos() + IDLE.toNanos() / 2);
    assertThat(upstream.seen(s -> "DELETE".equals(s.httpMethod()))).as("closed before its idle timeout").isEmpty();

    upstreams.closeIdle(afterIdle(first));
    assertThat(upstream.await(s -> "DELETE".equals(s.httpMethod())).header("Mcp-Session-Id")).isEqualTo(first.sessionId());

    UpstreamSession second = upstreams.get("s").get(10, TimeUnit.SECONDS);
    assertThat(second).isNotSameAs(first);
    assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
  }

  @Test
  void upstreamSessionWithACallInFlight_isNotIdle() throws Exception {
    UpstreamSession session = upstreams.get("s").get(10, TimeUnit.SECONDS);
    var call = session.request("tools/call", Json.NODES.objectNode().put("name", "slow"), UpstreamListener.IGNORE);
    upstream.await(s -> "tools/call".equals(s.rpcMethod()));

    upstreams.closeIdle(afterIdle(session));

    assertThat(call.response()).isNotDone();
    assertThat(upstream.seen(s -> "DELETE".equals(s.httpMethod()))).isEmpty();
    assertThat(upstreams.get("s").get(10, TimeUnit.SECONDS)).isSameAs(session);
  }
}
