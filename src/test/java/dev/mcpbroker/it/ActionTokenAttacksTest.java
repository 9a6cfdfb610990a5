package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.BrokerIdentity;
import dev.mcpbroker.backends.db.Database;
import dev.mcpbroker.backends.db.DatabaseConfig;
import dev.mcpbroker.backends.gate.ActionTokenGate;
import dev.mcpbroker.backends.orders.DemoSeed;
import dev.mcpbroker.backends.orders.OrdersServer;
import dev.mcpbroker.identity.ActionTokenMinter;
import dev.mcpbroker.identity.ActionTokenVerifier;
import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The orders backend behind the broker, verifying action tokens against the broker's published
 * JWKS: a call through the broker is served; a caller who goes around the broker, replays a
 * token, changes the arguments, aims a token at another backend or uses an expired one gets
 * nothing, judged by what the backend recorded as served.
 */
class ActionTokenAttacksTest {
  private static Database db;
  private static OrdersServer orders;
  private static BrokerUnderTest broker;
  private static final AtomicReference<ActionTokenVerifier> VERIFIER = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    db = Database.open(DatabaseConfig.h2Memory(), DemoSeed.INSTANCE);
    orders = OrdersServer.start("127.0.0.1", 0, db, new ActionTokenGate(VERIFIER::get));
    broker = BrokerUnderTest.start(Files.readString(Path.of("config/tools.yaml")),
        BrokerUnderTest.env("ORDERS_PORT", Integer.toString(orders.mcpUrl().getPort()),
            // refunds and escalations are not running here: their tools stay withheld
            "REFUNDS_PORT", "1", "ESCALATIONS_PORT", "1"));
    // the backend trusts the keys the broker publishes, as a deployed backend would
    VERIFIER.set(new ActionTokenVerifier(broker.url().resolve("/.well-known/jwks.json"),
        BrokerIdentity.ACTION_TOKEN_ISSUER, orders.mcpUrl()));
  }

  @AfterAll
  static void stop() {
    broker.close();
    orders.close();
    db.close();
  }

  private static int served() throws Exception {
    try (var c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM orders_served")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static ObjectNode args(String orderId) {
    return Json.NODES.objectNode().put("order_id", orderId);
  }

  private static String mint(ActionTokenMinter minter, URI audience, ObjectNode args) {
    Principal p = new Principal("stolen-agent", "customer-42", List.of(), Set.of(), Map.of(), "sid", "jti",
        Instant.now().plusSeconds(300));
    return minter.mint(p, audience, "get_order", args).jwt();
  }

  /** Calls get_order straight at the backend, bypassing the broker, with {@code actionToken} (or none). */
  private static JsonNode direct(String actionToken, ObjectNode args) throws Exception {
    McpHttp http = new McpHttp(orders.mcpUrl(), actionToken);
    String session = http.initialize("2025-11-25");
    return http.callTool(session, 7, "get_order", args.toString());
  }

  /** The backend's refusal: a JSON-RPC result (not an error) with {@code isError} and the reason code. */
  private static void assertRefused(JsonNode answer, String reason) {
    assertThat(answer.has("error")).as(answer.toString()).isFalse();
    assertThat(answer.path("result").path("isError").asBoolean()).as(answer.toString()).isTrue();
    assertThat(answer.path("result").toString()).contains(reason);
  }

  @Test
  void throughTheBroker_isServed() throws Exception {
    int before = served();
    McpHttp client = broker.client(broker.token("demo-agent", "customer-42"));
    JsonNode result = client.callTool(client.initialize("2025-11-25"), 1, "get_order", "{\"order_id\":\"ord_0042\"}");
    assertThat(result.path("result").path("isError").asBoolean()).as(result.toString()).isFalse();
    assertThat(result.path("result").path("structuredContent").path("customer_id").asText()).isEqualTo("customer-42");
    assertThat(served()).isEqualTo(before + 1);
  }

  @Test
  void bypassingTheBroker_getsNothing() throws Exception {
    int before = served();
    JsonNode result = direct(null, args("ord_0042"));
    assertThat(result.path("result").path("isError").asBoolean()).isTrue();
    assertThat(result.toString()).contains("missing_action_token").doesNotContain("customer-42");
    assertThat(served()).isEqualTo(before);
  }

  @Test
  void replayedActionToken_isRefused() throws Exception {
    String token = mint(broker.broker().identity().minter(), orders.mcpUrl(), args("ord_0042"));
    int before = served();
    assertThat(direct(token, args("ord_0042")).path("result").path("isError").asBoolean()).isFalse();
    assertRefused(direct(token, args("ord_0042")), "replayed");
    assertThat(served()).isEqualTo(before + 1);
  }

  @Test
  void actionToken_withOtherArguments_isRefused() throws Exception {
    String token = mint(broker.broker().identity().minter(), orders.mcpUrl(), args("ord_0042"));
    int before = served();
    JsonNode result = direct(token, args("ord_0043"));
    assertRefused(result, "digest_mismatch");
    assertThat(result.toString()).doesNotContain("customer_id");
    assertThat(served()).isEqualTo(before);
  }

  @Test
  void actionToken_forAnotherBackend_isRefused() throws Exception {
    String token = mint(broker.broker().identity().minter(), URI.create("http://127.0.0.1:1/refunds"), args("ord_0042"));
    int before = served();
    assertRefused(direct(token, args("ord_0042")), "wrong_audience");
    assertThat(served()).isEqualTo(before);
  }

  @Test
  void expiredActionToken_isRefused() throws Exception {
    Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    ActionTokenMinter stale = new ActionTokenMinter(BrokerIdentity.ACTION_TOKEN_ISSUER,
        broker.broker().identity().actionKeys(), tenMinutesAgo);
    int before = served();
    assertRefused(direct(mint(stale, orders.mcpUrl(), args("ord_0042")), args("ord_0042")), "expired");
    assertThat(served()).isEqualTo(before);
  }
}
