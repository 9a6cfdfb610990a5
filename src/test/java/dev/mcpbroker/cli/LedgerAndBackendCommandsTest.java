package dev.mcpbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.refunds.FakePaymentsProvider;
import dev.mcpbroker.backends.refunds.RefundDesk;
import dev.mcpbroker.backends.refunds.RefundRequest;
import dev.mcpbroker.backends.refunds.RefundsConfig;
import dev.mcpbroker.backends.orders.Currency;
import dev.mcpbroker.testing.McpHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcp-broker ledger} and {@code mcp-broker backend}, as an operator runs them. */
class LedgerAndBackendCommandsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void ledger_printsTheMoneyMoved_inTheDemoDatabase() {
    try (Database db = Database.open(Demo.database(dir), DemoSeed.INSTANCE)) {
      new RefundDesk(db, RefundsConfig.withKey("k"), new FakePaymentsProvider("k")).issue(
          new RefundRequest("ord_0042", new BigDecimal("12.50"), Currency.EUR, "late\tdelivery"),
          Optional.of("customer-42"), "key-1");
    }
    assertThat(run("ledger", "--data", dir.toString())).isZero();
    assertThat(out()).contains("ord_0042\tcustomer-42\t12.50\tEUR").contains("late delivery").contains("1 refund");
  }

  @Test
  void ledger_ofAMissingDatabase_failsWithoutCreatingIt() {
    assertThat(run("ledger", "--data", dir.resolve("nothing-here").toString())).isEqualTo(1);
    assertThat(out()).contains("cannot read");
    assertThat(dir.resolve("nothing-here")).doesNotExist();
  }

  @Test
  void backend_withoutTheBrokersJwks_isAUsageError() {
    assertThat(run("backend", "refunds", "--port", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--broker-jwks URL is required");
    assertThat(run("backend", "payroll", "--broker-jwks", "http://127.0.0.1:1/.well-known/jwks.json")).isEqualTo(2);
  }

  @Test
  void backend_runsAlone_andRefusesCallsWithoutAnActionToken() throws Exception {
    Args args = Args.parse(new String[] {"backend", "refunds", "--port", "0",
        "--db", DatabaseConfig.h2File(dir).url(), "--broker-jwks", "http://127.0.0.1:1/.well-known/jwks.json"},
        java.util.Set.of("port", "db", "broker-jwks", "audience"));
    BackendCommand.Running running = BackendCommand.start(args, Map.of());
    try {
      McpHttp http = new McpHttp(running.mcpUrl(), null);
      JsonNode answer = http.callTool(http.initialize("2025-11-25"), 1, "issue_refund",
          "{\"order_id\":\"ord_0042\",\"amount\":\"10.00\",\"currency\":\"EUR\",\"reason\":\"bypass\"}");
      assertThat(answer.path("result").path("isError").asBoolean()).as(answer.toString()).isTrue();
      assertThat(answer.toString()).contains("missing_action_token");
    } finally {
      running.server().close();
      running.db().close();
    }
    try (Database db = Database.open(DatabaseConfig.h2File(dir), DemoSeed.INSTANCE)) {
      assertThat(new dev.mcpbroker.backends.refunds.LedgerView(db).all()).isEqualTo(List.of());
    }
  }

  @Test
  void backend_refunds_readsItsDatabaseAndSecretsFromItsConfigFile() throws Exception {
    Path key = java.nio.file.Files.writeString(dir.resolve("payments-key"), "sk_test_from_file\n");
    Path config = java.nio.file.Files.writeString(dir.resolve("refunds.env"), String.join("\n",
        "# the refunds service's own settings",
        "REFUNDS_DB_URL=" + DatabaseConfig.h2File(dir.resolve("db")).url(),
        "REFUNDS_DB_USER=sa",
        "",
        "REFUNDS_CAP=25.00",
        "REFUNDS_PAYMENTS_KEY_FILE=" + key));
    Args args = Args.parse(new String[] {"backend", "refunds", "--port", "0", "--config", config.toString(),
        "--broker-jwks", "http://127.0.0.1:1/.well-known/jwks.json"},
        java.util.Set.of("port", "config", "broker-jwks"));
    BackendCommand.Running running = BackendCommand.start(args, Map.of());
    try {
      assertThat(running.db().config().url()).isEqualTo(DatabaseConfig.h2File(dir.resolve("db")).url());
      McpHttp http = new McpHttp(running.mcpUrl(), null);
      assertThat(http.callTool(http.initialize("2025-11-25"), 1, "issue_refund",
          "{\"order_id\":\"ord_0042\",\"amount\":\"10.00\",\"currency\":\"EUR\",\"reason\":\"bypass\"}")
          .toString()).contains("missing_action_token");
    } finally {
      running.server().close();
      running.db().close();
    }
    Map<String, String> env = BackendCommand.withConfigFile("refunds", config, Map.of("REFUNDS_CAP", "30.00"));
    dev.mcpbroker.backends.refunds.RefundsConfig refunds = dev.mcpbroker.backends.refunds.RefundsConfig.fromEnv(env);
    assertThat(refunds.paymentsKey()).isEqualTo("sk_test_from_file");
    assertThat(refunds.cap()).as("the environment wins over the file").isEqualByComparingTo("30.00");
    assertThat(RefundsConfig.fromEnv(BackendCommand.withConfigFile("refunds", config, Map.of())).cap())
        .isEqualByComparingTo("25.00");
  }

  @Test
  void backend_configFile_withANameTheBackendDoesNotRead_isAUsageError_thatShowsNoValue() throws Exception {
    // the payments key is refunds' alone: an orders config naming it is a mistake, said before anything starts
    Path config = java.nio.file.Files.writeString(dir.resolve("orders.env"),
        "ORDERS_DB_USER=sa\nREFUNDS_PAYMENTS_KEY=sk_live_secret\n");
    assertThat(run("backend", "orders", "--port", "0", "--config", config.toString(),
        "--broker-jwks", "http://127.0.0.1:1/.well-known/jwks.json")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2: REFUNDS_PAYMENTS_KEY (expected one of:")
        .contains("ORDERS_DB_PASSWORD_FILE").doesNotContain("sk_live_secret");
    assertThat(run("backend", "orders", "--port", "0", "--config", dir.resolve("missing.env").toString(),
        "--broker-jwks", "http://127.0.0.1:1/.well-known/jwks.json")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.env (expected: a readable file");
  }

  @Test
  void backend_bindsTheHostItIsGiven_andAnswersByThatName() throws Exception {
    // 127.0.0.2 stands in for a container's own address: not the default, still on this machine
    Args args = Args.parse(new String[] {"backend", "orders", "--port", "0", "--host", "127.0.0.2",
        "--db", DatabaseConfig.h2File(dir).url(), "--broker-jwks", "http://127.0.0.1:1/.well-known/jwks.json"},
        java.util.Set.of("port", "db", "broker-jwks", "audience", "host"));
    BackendCommand.Running running = BackendCommand.start(args, Map.of());
    try {
      assertThat(running.mcpUrl().getHost()).isEqualTo("127.0.0.2");
      McpHttp http = new McpHttp(running.mcpUrl(), null);
      JsonNode answer = http.callTool(http.initialize("2025-11-25"), 1, "get_order", "{\"order_id\":\"ord_0042\"}");
      assertThat(answer.toString()).contains("missing_action_token");
    } finally {
      running.server().close();
      running.db().close();
    }
  }

  @Test
  void backend_onAnUnresolvableHost_isRefusedNamingIt() {
    assertThat(run("backend", "orders", "--port", "0", "--host", "no-such-host.invalid",
        "--db", DatabaseConfig.h2File(dir).url(), "--broker-jwks", "http://127.0.0.1:1/.well-known/jwks.json")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no-such-host.invalid").contains("expected: a resolvable host");
  }
}
