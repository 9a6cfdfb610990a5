package dev.mcpbroker.backends.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseConfigTest {
  @TempDir Path dir;

  @Test
  void defaultFileDatabase_flushesEveryCommit() {
    assertThat(DatabaseConfig.h2File(dir).url())
        .startsWith("jdbc:h2:file:" + dir.toAbsolutePath())
        .contains(";WRITE_DELAY=0");
  }

  @Test
  void env_passwordFromFile_isReadAndNeverPrinted() throws Exception {
    Path secret = Files.writeString(dir.resolve("pw"), "s3cret\n");
    DatabaseConfig config =
        DatabaseConfig.fromEnv(
            Map.of(
                "REFUNDS_DB_URL", "jdbc:postgresql://db/refunds",
                "REFUNDS_DB_USER", "refunds",
                "REFUNDS_DB_PASSWORD_FILE", secret.toString()),
            "REFUNDS_",
            dir);

    assertThat(config.password()).isEqualTo("s3cret");
    assertThat(config.toString()).doesNotContain("s3cret").contains("password=***");
  }

  @Test
  void env_withoutUrl_isAnH2FileInTheDefaultDirectory() {
    assertThat(DatabaseConfig.fromEnv(Map.of(), "ORDERS_", dir)).isEqualTo(DatabaseConfig.h2File(dir));
  }

  @Test
  void nonJdbcUrl_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DatabaseConfig("postgres://db", "u", ""))
        .withMessage("url: \"postgres://db\" (expected: a jdbc: URL)");
  }
}
