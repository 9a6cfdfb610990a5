package dev.mcpbroker.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Shared fixtures: the test catalog, the sample refund policy and small builders. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final Catalog CATALOG = CatalogLoader.parse(resource("tools.yaml"), "tools.yaml", Map.of("ORDERS_PORT", "1"));
  static final String POLICY = resource("policies.yaml");

  private Fixtures() {}

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/policy/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PolicySnapshot snapshot(String yaml) {
    return PolicySnapshot.parse(yaml.getBytes(StandardCharsets.UTF_8), "policies.yaml", CATALOG);
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static PrincipalView principal(String agent, String subject) {
    return PrincipalView.of(agent, subject, "sess-1");
  }

  /** A session that looked up (allowed get_order calls) the given orders. */
  static SessionView lookedUp(String... orderIds) {
    return new SessionView(Arrays.stream(orderIds)
        .map(id -> new SessionView.Call("get_order", json("{'order_id':'" + id + "'}"), Effect.ALLOW, null))
        .toList());
  }

  static ObjectNode order(String customer, String remaining, String currency) {
    return json("{'customer_id':'" + customer + "','remaining':'" + remaining + "','currency':'" + currency + "'}");
  }

  /** A fact source answering get_order from {@code orders}, failing for unknown ids. */
  static FactSource orders(Map<String, ? extends JsonNode> orders) {
    return (tool, args, p) -> {
      JsonNode o = orders.get(args.path("order_id").asText());
      return o == null ? CompletableFuture.failedFuture(new IllegalStateException("no such order"))
          : CompletableFuture.completedFuture(o);
    };
  }

  static CallInput refund(PrincipalView p, String orderId, String amount, SessionView session) {
    return new CallInput(p, "issue_refund", json("{'order_id':'" + orderId + "','amount':'" + amount + "'}"),
        session, NOW);
  }

  static List<String> lines(String s) {
    return List.of(s.split("\n"));
  }
}
