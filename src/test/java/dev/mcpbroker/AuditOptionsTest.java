package dev.mcpbroker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.config.BrokerSettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit section of broker.yaml reaches the log: checkpoint cadence and file rotation. */
class AuditOptionsTest {
  @TempDir Path dir;
  private final KeyPair key = newKey();

  private static KeyPair newKey() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private AuditLog.Options load(String audit) throws Exception {
    Path file = dir.resolve("broker.yaml");
    Files.writeString(file, "auth: {devIssuer: true}\naudit: " + audit + "\n");
    return BrokerResources.auditOptions(BrokerSettingsLoader.load(file, 8080).audit(), key);
  }

  @Test
  void rotationAndCheckpoints_comeFromBrokerYaml() throws Exception {
    AuditLog.Options o = load("{checkpointEvery: 50, checkpointInterval: 2s, maxFileBytes: 4096, maxFileAge: 1h}");
    assertThat(o.checkpointEvery()).isEqualTo(50);
    assertThat(o.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.maxFileBytes()).isEqualTo(4096);
    assertThat(o.maxFileAge()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rotation_defaultsTo64MiBOr24Hours() throws Exception {
    AuditLog.Options o = load("{dir: audit}");
    assertThat(o.maxFileBytes()).isEqualTo(64L << 20);
    assertThat(o.maxFileAge()).isEqualTo(Duration.ofHours(24));
    assertThat(o.checkpointEvery()).isEqualTo(1000);
    // the shipped broker.yaml spells the defaults out
    AuditLog.Options shipped = BrokerResources.auditOptions(
        BrokerSettingsLoader.load(Path.of("config/broker.yaml"), 8080).audit(), key);
    assertThat(shipped.maxFileBytes()).isEqualTo(64L << 20);
    assertThat(shipped.maxFileAge()).isEqualTo(Duration.ofHours(24));
  }
}
