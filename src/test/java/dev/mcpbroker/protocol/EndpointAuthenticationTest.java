package dev.mcpbroker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.json.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the endpoint authenticates: a token known before on the calling thread, any other on the
 * verification pool, the request then resumed on the exchange's own thread; a full pool is a 503.
 */
class EndpointAuthenticationTest {
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}";

  private final SessionStore sessions = new SessionStore(Duration.ofMinutes(5));
  private final ClientSession session = TestSessions.open(sessions, "2025-11-25");
  private final List<Runnable> pooled = new ArrayList<>();
  private final FakeExchange exchange = new FakeExchange(Map.of("Authorization", "Bearer t",
      "Accept", "application/json, text/event-stream", StreamableHttpEndpoint.SESSION_HEADER, session.id()));

  @AfterEach
  void close() {
    sessions.close();
  }

  @Test
  void tokenKnownBefore_isAnsweredOnTheCallingThread_withoutThePool() throws Exception {
    endpoint(new FixedAuthenticator(accepted(), null), task -> {
      throw new AssertionError("the pool was used for a cached token");
    }).post(Json.MAPPER.readTree(PING), exchange);

    assertThat(exchange.status).isEqualTo(200);
    assertThat(exchange.resumed).isZero();
  }

  @Test
  void unknownToken_isVerifiedOnThePool_andTheRequestResumesOnTheExchangesThread() throws Exception {
    endpoint(new FixedAuthenticator(null, accepted()), pooled::add).post(Json.MAPPER.readTree(PING), exchange);
    assertThat(exchange.status).as("not answered before the pool ran").isZero();

    pooled.remove(0).run();
    assertThat(exchange.resumed).isEqualTo(1);
    assertThat(exchange.status).isEqualTo(200);
    assertThat(((JsonNode) Json.MAPPER.valueToTree(exchange.body)).path("id").asInt()).isEqualTo(3);
  }

  @Test
  void refusalFromThePool_keepsItsStatusAndChallenge() throws Exception {
    var refused = new Authenticator.Refused(401, "Bearer error=\"invalid_token\"", "unknown_key", "session token: kid");
    endpoint(new FixedAuthenticator(null, refused), pooled::add).delete(exchange);
    pooled.remove(0).run();

    assertThat(exchange.status).isEqualTo(401);
    assertThat(exchange.headers).containsEntry("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    assertThat(sessions.get(session.id())).as("the session is not ended").isNotNull();
  }

  @Test
  void fullPool_is503_withRetryAfter() throws Exception {
    endpoint(new FixedAuthenticator(null, accepted()), task -> {
      throw new RejectedExecutionException("full");
    }).post(Json.MAPPER.readTree(PING), exchange);

    assertThat(exchange.status).isEqualTo(503);
    assertThat(exchange.headers).containsEntry("Retry-After", "1");
  }

  @Test
  void failingVerification_is500() throws Exception {
    Authenticator broken = new FixedAuthenticator(null, null) {
      @Override
      public Outcome authenticate(String authorization) {
        throw new IllegalStateException("a bug");
      }
    };
    endpoint(broken, pooled::add).post(Json.MAPPER.readTree(PING), exchange);
    pooled.remove(0).run();

    assertThat(exchange.status).isEqualTo(500);
  }

  private Authenticator.Accepted accepted() {
    return new Authenticator.Accepted(SessionStoreTest.PRINCIPAL);
  }

  private StreamableHttpEndpoint endpoint(Authenticator authenticator, Executor pool) {
    Dispatcher dispatcher = new Dispatcher() {
      @Override
      public McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().build();
      }

      @Override
      public CompletableFuture<Object> request(ClientSession s, Call call, Reply reply) {
        return CompletableFuture.completedFuture(Json.NODES.objectNode());
      }

      @Override
      public void notification(ClientSession s, String method, JsonNode params) {}

      @Override
      public void listening(ClientSession s) {}
    };
    return new StreamableHttpEndpoint(sessions, dispatcher, authenticator, pool, Map.of(),
        new McpSchema.Implementation("test", "1"), null);
  }

  /** Answers {@code cached} without waiting (null: unknown) and {@code full} when asked to verify. */
  private static class FixedAuthenticator implements Authenticator {
    private final Outcome cached;
    private final Outcome full;

    FixedAuthenticator(Outcome cached, Outcome full) {
      this.cached = cached;
      this.full = full;
    }

    @Override
    public Outcome authenticate(String authorization) {
      return full;
    }

    @Override
    public Outcome authenticateCached(String authorization) {
      return cached;
    }
  }

  /** Records the answer; runs resumed tasks at once, counting them. */
  private static final class FakeExchange implements Exchange {
    private final Map<String, String> requestHeaders;
    int status;
    Object body;
    Map<String, String> headers = new HashMap<>();
    int resumed;

    FakeExchange(Map<String, String> requestHeaders) {
      this.requestHeaders = requestHeaders;
    }

    @Override
    public String header(String name) {
      return requestHeaders.get(name);
    }

    @Override
    public void respond(int status, Object body, Map<String, String> headers) {
      this.status = status;
      this.body = body;
      this.headers.putAll(headers);
    }

    @Override
    public MessageStream openStream(Map<String, String> headers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void resume(Runnable task) {
      resumed++;
      try {
        task.run();
      } catch (RuntimeException e) {
        respond(500, null, Map.of());
      }
    }
  }
}
