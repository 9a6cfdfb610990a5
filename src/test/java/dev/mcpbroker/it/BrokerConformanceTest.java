package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.fixture.ConformanceFixture;
import dev.mcpbroker.testing.AuthForwarder;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.ConformanceSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the official MCP conformance suite's active server scenarios through the broker, which
 * fronts the conformance fixture as declared in the test catalog: every scenario must pass with
 * the broker in the middle (tools, resources, prompts, completions, logging, progress, sampling,
 * elicitation, DNS-rebinding protection).
 */
class BrokerConformanceTest {
  private static final Path EXPECTED_FAILURES = Path.of("integration-tests/conformance/expected-failures-broker.yml");

  private static ConformanceFixture fixture;
  private static BrokerUnderTest broker;
  private static AuthForwarder forwarder;

  @BeforeAll
  static void start() throws Exception {
    fixture = ConformanceFixture.start(0);
    String catalog = Files.readString(Path.of("src/test/resources/conformance/tools.yaml"));
    broker = BrokerUnderTest.start(catalog,
        BrokerUnderTest.env("FIXTURE_PORT", Integer.toString(fixture.mcpUrl().getPort())));
    // the suite cannot send an Authorization header; the forwarder adds it (and passes Host and
    // Origin through, so the DNS-rebinding scenario still meets the broker's own checks)
    forwarder = new AuthForwarder(broker.url(), () -> broker.token("conformance-client", "conformance-user"));
  }

  @AfterAll
  static void stop() throws Exception {
    forwarder.close();
    broker.close();
    fixture.close();
  }

  @ParameterizedTest(name = "spec {0}")
  @ValueSource(strings = {"2025-11-25", "2025-06-18"})
  void activeSuitePasses_throughTheBroker(String specVersion) throws Exception {
    var result = ConformanceSuite.run(forwarder.url(), specVersion, "active",
        Files.exists(EXPECTED_FAILURES) ? EXPECTED_FAILURES : null, Path.of("target/conformance/broker"));
    assertThat(result.finished()).as("suite finished; output:%n%s", result.output()).isTrue();
    assertThat(result.exitCode()).as("suite exit code; output:%n%s", result.output()).isZero();
  }
}
