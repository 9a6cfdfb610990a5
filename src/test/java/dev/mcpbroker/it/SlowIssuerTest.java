package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.mcpbroker.config.AuthSettings;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An issuer that is slow to hand out its keys stalls only the requests that need them: while a
 * token with a new key id waits for the JWKS, callers whose tokens were verified before are
 * answered, on every event loop of the broker, and the waiting ones get their right answer once
 * the keys arrive.
 */
class SlowIssuerTest {
  private static final String ISSUER = "https://issuer.example";
  private static final URI RESOURCE = URI.create("https://broker.example/mcp");
  private static final Duration REFETCH_INTERVAL = Duration.ofMillis(500);
  // the longest the issuer holds a fetch; below JwksLoader.TIMEOUT, so the fetch still succeeds
  private static final long HOLD_SECONDS = 4;

  private final ECKey published = key("issuer-1");
  private final ECKey rotated = key("issuer-2");
  private final AtomicInteger fetches = new AtomicInteger();
  private final CountDownLatch fetchHeld = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean holding = new AtomicBoolean();
  private final ExecutorService clients = Executors.newCachedThreadPool();
  private HttpServer issuer;
  private RecordingUpstream upstream;
  private BrokerUnderTest broker;

  @BeforeEach
  void start() throws Exception {
    issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuer.setExecutor(Executors.newCachedThreadPool());
    issuer.createContext("/jwks", exchange -> {
      JWKSet keys = new JWKSet(published.toPublicJWK());
      if (fetches.incrementAndGet() > 1) { // the first load is quick; a refetch hangs until released
        holding.set(true);
        fetchHeld.countDown();
        try {
          release.await(HOLD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        holding.set(false);
        keys = new JWKSet(List.of(published.toPublicJWK(), rotated.toPublicJWK()));
      }
      byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    issuer.start();
    upstream = new RecordingUpstream();
    String catalog = """
        upstreams:
          rec:
            url: ${REC_URL}
        tools:
          - name: echo
            upstream: rec
            tier: read
            pin: %s
            inputSchema: %s
        """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA);
    URI jwks = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/jwks");
    AuthSettings auth = new AuthSettings(ISSUER, RESOURCE, null, jwks, null, null, null, null, null, false, null,
        null, REFETCH_INTERVAL);
    broker = BrokerUnderTest.start(catalog, BrokerUnderTest.env("REC_URL", upstream.url().toString()), auth);
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    clients.shutdownNow();
    if (broker != null) {
      broker.close();
    }
    if (upstream != null) {
      upstream.close();
    }
    issuer.stop(0);
  }

  @Test
  void tokenWaitingForTheIssuersKeys_doesNotStallCallersVerifiedBefore() throws Exception {
    String known = sign(published, "issuer-1", "agent-known");
    McpHttp regular = broker.client(known);
    String session = regular.initialize("2025-11-25"); // the first key load, and the token is cached
    assertThat(fetches).hasValue(1);
    Thread.sleep(REFETCH_INTERVAL.toMillis() + 100); // an unknown kid may now make the broker refetch

    // the issuer rotated to a key the broker has not seen; a made-up kid waits for the same refetch
    CompletableFuture<McpHttp.Answer> newKey = initializeAsync(sign(rotated, "issuer-2", "agent-new"));
    assertThat(fetchHeld.await(10, TimeUnit.SECONDS)).as("the broker asks the issuer for its keys").isTrue();
    CompletableFuture<McpHttp.Answer> madeUpKey = initializeAsync(sign(rotated, "kid-nobody-published", "agent-x"));
    double deniedBefore = authenticationDenials();

    // each ping on a connection of its own: together they land on every event loop of the broker
    int connections = 4 * Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < connections; i++) {
      McpHttp.Answer ping = new McpHttp(broker.url(), known).post(session,
          "{\"jsonrpc\":\"2.0\",\"id\":" + (100 + i) + ",\"method\":\"ping\"}");
      assertThat(ping.status()).isEqualTo(200);
      assertThat(ping.last().path("id").asInt()).isEqualTo(100 + i);
      assertThat(holding).as("ping %d answered while the issuer still holds its keys", i).isTrue();
    }
    assertThat(regular.callTool(session, 7, "echo", "{\"text\":\"hi\"}").path("result").path("isError").asBoolean())
        .isFalse();
    assertThat(upstream.calls()).isEqualTo(1);
    assertThat(holding).as("tool call answered while the issuer still holds its keys").isTrue();
    assertThat(newKey).isNotDone();
    assertThat(madeUpKey).isNotDone();

    release.countDown();
    McpHttp.Answer admitted = newKey.get(10, TimeUnit.SECONDS);
    assertThat(admitted.status()).as(admitted.body()).isEqualTo(200);
    assertThat(admitted.header("Mcp-Session-Id")).isNotBlank();
    McpHttp.Answer refused = madeUpKey.get(10, TimeUnit.SECONDS);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer ")
        .contains("error=\"invalid_token\"").contains("unknown_key").contains("resource_metadata=\"");
    assertThat(authenticationDenials()).as("the refusal off the event loop is counted").isEqualTo(deniedBefore + 1);
    assertThat(fetches).hasValue(2);
  }

  private CompletableFuture<McpHttp.Answer> initializeAsync(String token) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return broker.client(token).post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, clients);
  }

  private double authenticationDenials() {
    return broker.broker().metrics().registry().find("mcp.broker.denials").tag("tool", "none").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }

  private static String sign(ECKey key, String kid, String agent) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(RESOURCE.toString())
        .subject("customer-1")
        .claim("client_id", agent)
        .claim("sid", "sid-" + agent)
        .jwtID("jti-" + System.nanoTime())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static ECKey key(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
