package dev.mcpbroker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpbroker.BrokerIdentity;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code auth} section of broker.yaml reaches the session-token verifier. */
class AuthSettingsLoadTest {
  private static final URI RESOURCE = URI.create("https://broker.example.com/mcp");
  @TempDir Path dir;

  private BrokerSettings load(String extra) throws Exception {
    Path file = Files.writeString(dir.resolve("broker.yaml"), """
        auth:
          issuer: https://login.example.com
          jwksUrl: https://login.example.com/.well-known/jwks.json
        """ + extra);
    return BrokerSettingsLoader.load(file, 8080);
  }

  @Test
  void jwksRefetchInterval_isTheVerifiersMinimumTimeBetweenFetches() throws Exception {
    BrokerSettings settings = load("  jwksRefetchInterval: 1m\n");
    assertThat(settings.auth().jwksRefetchInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(BrokerIdentity.create(settings.auth(), RESOURCE).verifier().settings().jwksMinRefetchInterval())
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void jwksRefetchInterval_defaultsToFiveMinutes() throws Exception {
    BrokerSettings settings = load("");
    assertThat(BrokerIdentity.create(settings.auth(), RESOURCE).verifier().settings().jwksMinRefetchInterval())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void jwksRefetchInterval_ofZero_failsTheLoad() {
    assertThatThrownBy(() -> load("  jwksRefetchInterval: 0s\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.jwksRefetchInterval");
  }
}
