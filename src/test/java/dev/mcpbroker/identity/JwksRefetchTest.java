package dev.mcpbroker.identity;

import dev.mcpbroker.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import dev.mcpbroker.identity.Verification.Rejected;
import dev.mcpbroker.identity.Verification.Verified;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys from an issuer's JWKS URL: fetched once, refetched for an unknown kid at most once per interval. */
class JwksRefetchTest {
  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final TestIssuer issuer = new TestIssuer(clock);
  private final TestIssuer rotated = TestIssuer.withFreshKeys(clock);
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private HttpServer server;
  private SessionTokenVerifier verifier;

  @BeforeEach
  void startIssuer() throws Exception {
    published.set(issuer.publicJwks());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks", exchange -> {
      fetches.incrementAndGet();
      byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    verifier = new SessionTokenVerifier(
        SessionTokenSettings.withJwksUrl(TestIssuer.ISSUER, TestIssuer.AUDIENCE, url), new Revocations(), clock);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void knownKid_isFetchedOnce() {
    for (int i = 0; i < 5; i++) {
      assertThat(verifier.verify(issuer.es256(issuer.claims().jwtID("t" + i).build()))).isInstanceOf(Verified.class);
    }
    assertThat(fetches).hasValue(1);
  }

  @Test
  void unknownKid_refetchesAtMostOncePerInterval() {
    assertThat(verifier.verify(issuer.es256(issuer.claims().build()))).isInstanceOf(Verified.class);
    // the issuer rotates to a key with a new kid
    String newKid = "ec-2";
    published.set(new JWKSet(new com.nimbusds.jose.jwk.ECKey.Builder(rotated.ec.toPublicJWK()).keyID(newKid).build()));
    String token = rotated.es256WithKid(rotated.claims().build(), newKid);

    for (int i = 0; i < 10; i++) { // inside the interval: "unknown", and no request to the issuer
      assertThat(verifier.verify(token)).isInstanceOfSatisfying(Rejected.class,
          r -> assertThat(r.reason()).isEqualTo(TokenRejection.UNKNOWN_KEY));
    }
    assertThat(fetches).hasValue(1);

    clock.advance(SessionTokenSettings.DEFAULT_JWKS_MIN_REFETCH_INTERVAL);
    assertThat(verifier.verify(token)).isInstanceOf(Verified.class);
    assertThat(fetches).hasValue(2);

    String bogus = rotated.es256WithKid(rotated.claims().jwtID("other").build(), "made-up");
    for (int i = 0; i < 10; i++) {
      assertThat(verifier.verify(bogus)).isInstanceOf(Rejected.class);
    }
    assertThat(fetches).hasValue(2);
  }

  @Test
  void unreachableIssuer_isDeniedAsKeysUnavailable() {
    server.stop(0);
    Verification v = verifier.verify(issuer.es256(issuer.claims().build()));
    assertThat(v).isInstanceOfSatisfying(Rejected.class,
        r -> assertThat(r.reason()).isEqualTo(TokenRejection.KEYS_UNAVAILABLE));
  }
}
