package dev.mcpbroker.backends.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefundsConfigTest {
  @TempDir Path dir;

  @Test
  void defaults_areTheDocumentedCapAndNoKey() {
    assertThat(RefundsConfig.fromEnv(Map.of()))
        .isEqualTo(new RefundsConfig(RefundsConfig.DEFAULT_CAP, ""));
    assertThat(RefundsConfig.DEFAULT_CAP.toPlainString()).isEqualTo("500.00");
  }

  @Test
  void paymentsKeyFromFile_isReadAndNeverPrinted() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), "sk_live_123\n");

    RefundsConfig config =
        RefundsConfig.fromEnv(Map.of("REFUNDS_PAYMENTS_KEY_FILE", file.toString(), "REFUNDS_CAP", "250"));

    assertThat(config.paymentsKey()).isEqualTo("sk_live_123");
    assertThat(config.cap().toPlainString()).isEqualTo("250.00");
    assertThat(config.toString()).doesNotContain("sk_live_123");
  }

  @Test
  void subCentOrNonPositiveCap_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RefundsConfig.fromEnv(Map.of("REFUNDS_CAP", "0.001")))
        .withMessage("cap: 0.001 (expected: > 0 with at most two decimals)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RefundsConfig.fromEnv(Map.of("REFUNDS_CAP", "-1")));
  }
}
