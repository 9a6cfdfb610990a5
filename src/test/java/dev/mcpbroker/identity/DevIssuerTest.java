package dev.mcpbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpbroker.identity.Verification.Verified;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development issuer: its tokens verify, and its key survives a restart and stays private. */
class DevIssuerTest {
  @TempDir Path dir;

  @Test
  void mintedToken_verifiesWithTheIssuersPublicJwks() throws Exception {
    Path keyFile = dir.resolve(".mcp-broker/dev-issuer-key.json");
    SessionTokenSettings settings = SessionTokenSettings.withJwksFile(
        "https://broker.example/dev", TestIssuer.AUDIENCE, dir.resolve("dev-jwks.json"));
    DevIssuer issuer = new DevIssuer(settings, keyFile);
    String token = issuer.mint("refund-agent", "customer-42", Duration.ofMinutes(5),
        Set.of("orders:read"), Map.of("refund_limit", 500));
    Files.writeString(settings.jwksFile(), issuer.publicJwks());

    Verification v = new SessionTokenVerifier(settings, new Revocations()).verify(token);

    assertThat(v).isInstanceOfSatisfying(Verified.class, ok -> {
      assertThat(ok.principal().agent()).isEqualTo("refund-agent");
      assertThat(ok.principal().subject()).isEqualTo("customer-42");
      assertThat(ok.principal().scopes()).containsExactly("orders:read");
      assertThat(ok.principal().entitlements()).containsEntry("refund_limit", 500L);
    });
    assertThat(issuer.publicJwks()).doesNotContain("\"d\"");
  }

  @Test
  void key_persistsAcrossInstances_inAnOwnerOnlyFile() throws Exception {
    Path keyFile = dir.resolve("keys/dev.json");
    DevIssuer first = new DevIssuer(settings(), keyFile);
    String token = first.mint("a", "s", Duration.ofMinutes(1), Set.of(), Map.of());

    DevIssuer second = new DevIssuer(settings(), keyFile);

    assertThat(second.publicJwks()).isEqualTo(first.publicJwks());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
    Path jwks = Files.writeString(dir.resolve("jwks.json"), second.publicJwks());
    SessionTokenSettings s = settings();
    SessionTokenSettings verifying = SessionTokenSettings.withJwksFile(s.issuer(), s.audience(), jwks);
    assertThat(new SessionTokenVerifier(verifying, new Revocations()).verify(token)).isInstanceOf(Verified.class);
  }

  @Test
  void ttlOverMaximumLifetime_isRefused() {
    DevIssuer issuer = new DevIssuer(settings(), dir.resolve("k.json"));
    assertThatThrownBy(() -> issuer.mint("a", "s", Duration.ofMinutes(16), Set.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl: PT16M (expected: > 0 and <= PT15M)");
  }

  private SessionTokenSettings settings() {
    return SessionTokenSettings.withJwksFile("https://broker.example/dev", TestIssuer.AUDIENCE, dir.resolve("unused.json"));
  }
}
