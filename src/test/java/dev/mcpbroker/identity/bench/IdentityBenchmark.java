package dev.mcpbroker.identity.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.identity.ActionToken;
import dev.mcpbroker.identity.ActionTokenMinter;
import dev.mcpbroker.identity.CryptoProviders;
import dev.mcpbroker.identity.DevIssuer;
import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.identity.Revocations;
import dev.mcpbroker.identity.SessionTokenSettings;
import dev.mcpbroker.identity.SessionTokenVerifier;
import dev.mcpbroker.identity.SigningKeys;
import dev.mcpbroker.identity.Verification;
import dev.mcpbroker.json.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Measures what identity costs per request: verifying a session token the first time (signature
 * included), the cached path every later request takes, and minting an action token.
 *
 * <p>Not run by the test suite. Run it with a short profile:
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.mcpbroker.identity.bench.IdentityBenchmark
 * </pre>
 * Add {@code -Dmcpbroker.crypto.provider=jdk} to compare with the JDK's own providers.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IdentityBenchmark {
  private SessionTokenVerifier verifier;
  private String sessionToken;
  private ActionTokenMinter minter;
  private Principal principal;
  private JsonNode arguments;
  private final URI backend = URI.create("https://orders.internal/mcp");

  /** Mints one session token with a throwaway development key, and prepares the minter. */
  @Setup
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("identity-bench");
    URI audience = URI.create("https://broker.example/mcp");
    Path jwks = dir.resolve("jwks.json");
    SessionTokenSettings settings = SessionTokenSettings.withJwksFile("https://broker.example/dev", audience, jwks);
    DevIssuer issuer = new DevIssuer(settings, dir.resolve("key.json"));
    Files.writeString(jwks, issuer.publicJwks());
    sessionToken = issuer.mint("refund-agent", "customer-42", Duration.ofMinutes(15),
        Set.of("orders:read", "orders:refund"), Map.of("refund_limit", 500));
    verifier = new SessionTokenVerifier(settings, new Revocations());
    Verification v = verifier.verify(sessionToken);
    principal = ((Verification.Verified) v).principal();
    minter = new ActionTokenMinter("https://broker.example", new SigningKeys(Duration.ofMinutes(1)));
    arguments = Json.MAPPER.readTree("{\"order\":\"A-1001\",\"amount\":120,\"reason\":\"damaged in transit\"}");
  }

  /** A token seen for the first time: parse, key lookup, signature, claims. */
  @Benchmark
  public Verification verifyFreshSessionToken() {
    return verifier.verifyUncached(sessionToken);
  }

  /** Every later request with the same token: hash, cache hit, expiry and revocation. */
  @Benchmark
  public Verification verifyCachedSessionToken() {
    return verifier.verify(sessionToken);
  }

  /** One per allowed tool call: canonical digest of the arguments, claims, ES256 signature. */
  @Benchmark
  public ActionToken mintActionToken() {
    return minter.mint(principal, backend, "refund_order", arguments);
  }

  /** Runs the benchmarks with a short profile: 1 fork, 2 warm-up and 3 measured iterations of 1 s. */
  public static void main(String[] args) throws Exception {
    String provider = System.getProperty("mcpbroker.crypto.provider", "");
    Options options = new OptionsBuilder()
        .include(IdentityBenchmark.class.getName() + "\\.")
        .forks(1)
        .warmupIterations(2)
        .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
        .measurementIterations(3)
        .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
        .jvmArgsAppend(provider.isEmpty() ? new String[0] : new String[] {"-Dmcpbroker.crypto.provider=" + provider})
        .build();
    System.out.println("crypto provider (this JVM): " + CryptoProviders.activeName());
    new Runner(options).run();
  }
}
