package dev.mcpbroker.backends.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.mcpbroker.BrokerIdentity;
import dev.mcpbroker.backends.McpClients;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.escalations.EscalationsServer;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.orders.OrdersServer;
import dev.mcpbroker.backends.refunds.FakePaymentsProvider;
import dev.mcpbroker.backends.refunds.LedgerView;
import dev.mcpbroker.backends.refunds.RefundsConfig;
import dev.mcpbroker.backends.refunds.RefundsServer;
import dev.mcpbroker.identity.ActionTokenVerifier;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Defense in depth: each reference backend, behind its {@link ActionTokenGate}, refuses a call
 * without a valid action token AND writes the refusal to its own log (slf4j-simple on stderr), so
 * that a caller bypassing the broker is seen by the backend's operator, not only turned away.
 */
class RefusalsLoggedTest {
  private Database db;
  private OrdersServer orders;
  private RefundsServer refunds;
  private EscalationsServer escalations;
  private FakePaymentsProvider payments;

  @BeforeEach
  void start() throws Exception {
    db = Database.open(DatabaseConfig.h2Memory(), DemoSeed.INSTANCE);
    // the broker's published key; no token in this test is signed by it
    JWKSet brokerKeys = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("broker").generate().toPublicJWK());
    AtomicReference<ActionTokenVerifier> keys = new AtomicReference<>();
    orders = OrdersServer.start("127.0.0.1", 0, db, new ActionTokenGate(keys::get));
    payments = new FakePaymentsProvider("k");
    refunds = RefundsServer.start("127.0.0.1", 0, db, RefundsConfig.withKey("k"), payments,
        ActionTokenGate.keyedByCall(keys::get));
    escalations = EscalationsServer.start("127.0.0.1", 0, db, new ActionTokenGate(keys::get));
    keys.set(new ActionTokenVerifier(brokerKeys, BrokerIdentity.ACTION_TOKEN_ISSUER, URI.create("urn:test:backend")));
  }

  @AfterEach
  void stop() {
    escalations.close();
    refunds.close();
    orders.close();
    db.close();
  }

  /** Calls {@code tool} on {@code url} with {@code bearer} (or none); returns the result and what the backend logged. */
  private static Map.Entry<CallToolResult, String> callLogged(URI url, String bearer, String tool,
      Map<String, Object> arguments) {
    McpSyncClient client = McpClients.connect(url, bearer);
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    CallToolResult result;
    try {
      result = McpClients.call(client, tool, arguments, null); // the backend logs before it answers
    } finally {
      System.setErr(stderr);
      client.close();
    }
    String log = logged.toString(StandardCharsets.UTF_8);
    stderr.print(log);
    return Map.entry(result, log);
  }

  private void assertRefusedAndLogged(String backend, URI url, String tool, Map<String, Object> arguments) {
    for (String bearer : new String[] {null, "not.a.token", "eyJhbGciOiJub25lIn0.e30."}) {
      Map.Entry<CallToolResult, String> call = callLogged(url, bearer, tool, arguments);
      assertThat(call.getKey().isError()).as("%s without a valid token (%s)", tool, bearer).isTrue();
      assertThat(McpClients.text(call.getKey())).startsWith("refused: ");
      String reason = McpClients.text(call.getKey()).substring("refused: ".length());
      assertThat(call.getValue()).as("the %s backend's log", backend)
          .contains("WARN").contains(backend + ": refused " + tool + " call: " + reason);
    }
  }

  @Test
  void everyBackend_logsEveryCallItRefusesForWantOfAValidActionToken() {
    assertRefusedAndLogged("orders", orders.mcpUrl(), "get_order", Map.of("order_id", "ord_0042"));
    assertRefusedAndLogged("orders", orders.mcpUrl(), "list_orders", Map.of("customer_id", "customer-42"));
    assertRefusedAndLogged("refunds", refunds.mcpUrl(), "issue_refund",
        Map.of("order_id", "ord_0042", "amount", "10.00", "currency", "EUR", "reason", "bypass"));
    assertRefusedAndLogged("escalations", escalations.mcpUrl(), "escalate", Map.of("summary", "bypass"));
    assertThat(new LedgerView(db).all()).isEmpty();
    assertThat(payments.charges()).isEmpty();
  }
}
