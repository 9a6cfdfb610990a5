package dev.mcpbroker.redteam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One red-team scenario as read from its YAML file: who attacks (principals), the data it needs
 * (orders reserved for it), the calls it makes (steps, each with its expected outcome), the ledger
 * it may leave behind, the threats it covers and the layer expected to stop it. Unknown keys are
 * errors: a typo must not silently drop an expectation.
 */
record Scenario(Path file, String id, String title, String description, List<String> threats, Layer layer,
    Map<String, PrincipalSpec> principals, List<OrderFixture> orders, Map<String, Integer> ledger,
    List<ObjectNode> steps) {

  static final String DEFAULT = "default";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ORDER_ID = Pattern.compile("ord_[1-9][0-9]{3}");
  private static final Set<String> TOP = Set.of("id", "title", "description", "threat", "layer", "principal",
      "principals", "orders", "ledger", "steps");
  static final Set<String> TOKEN_KINDS = Set.of("valid", "missing", "garbage", "not_bearer", "alg_none",
      "hs256_public_key", "expired", "not_yet_valid", "wrong_issuer", "wrong_audience", "lifetime_too_long",
      "unknown_kid", "impostor_key", "tampered", "no_subject", "no_agent", "self_entitled");

  /** A caller: a session token for {@code agent} acting for {@code subject}, good or forged as {@code token} says. */
  record PrincipalSpec(String name, String agent, String subject, String token) {}

  /** An order the scenario owns; inserted before it runs, never touched by another scenario. */
  record OrderFixture(String id, String customer, String currency, BigDecimal total, BigDecimal refunded) {}

  static Scenario read(Path file) throws IOException {
    JsonNode root = YAML.readTree(file.toFile());
    String where = file.getFileName().toString();
    if (!(root instanceof ObjectNode top)) {
      throw new IllegalArgumentException(where + ": not a mapping");
    }
    keys(top, TOP, where);
    String id = text(top, "id", where);
    if (!where.equals(id + ".yaml")) {
      throw new IllegalArgumentException(where + ": id \"" + id + "\" (expected: the file name without .yaml)");
    }
    List<String> threats = new ArrayList<>();
    for (JsonNode t : required(top, "threat", where)) {
      if (!Threats.NAMES.containsKey(t.asText())) {
        throw new IllegalArgumentException(where + ": threat \"" + t.asText() + "\" (expected: one of " + Threats.NAMES.keySet() + ")");
      }
      threats.add(t.asText());
    }
    if (threats.isEmpty()) {
      throw new IllegalArgumentException(where + ": threat: empty (expected: at least one id)");
    }
    Map<String, PrincipalSpec> principals = new LinkedHashMap<>();
    principals.put(DEFAULT, principal(DEFAULT, required(top, "principal", where), where));
    if (top.has("principals")) {
      top.get("principals").fields().forEachRemaining(e -> principals.put(e.getKey(), principal(e.getKey(), e.getValue(), where)));
    }
    List<OrderFixture> orders = new ArrayList<>();
    for (JsonNode o : top.path("orders")) {
      keys(o, Set.of("id", "customer", "currency", "total", "refunded"), where + ": orders");
      String oid = text(o, "id", where + ": orders");
      if (!ORDER_ID.matcher(oid).matches()) {
        throw new IllegalArgumentException(where + ": orders: id \"" + oid + "\" (expected: ord_1000 to ord_9999, reserved for the suite)");
      }
      orders.add(new OrderFixture(oid, o.path("customer").asText(principals.get(DEFAULT).subject()),
          o.path("currency").asText("EUR"), new BigDecimal(text(o, "total", where + ": orders")),
          new BigDecimal(o.path("refunded").asText("0.00"))));
    }
    Map<String, Integer> ledger = new LinkedHashMap<>();
    top.path("ledger").fields().forEachRemaining(e -> {
      if (orders.stream().noneMatch(o -> o.id().equals(e.getKey()))) {
        throw new IllegalArgumentException(where + ": ledger: " + e.getKey() + " (expected: an order of this scenario)");
      }
      ledger.put(e.getKey(), e.getValue().asInt());
    });
    List<ObjectNode> steps = new ArrayList<>();
    int n = 0;
    for (JsonNode s : required(top, "steps", where)) {
      n++;
      if (!(s instanceof ObjectNode step)) {
        throw new IllegalArgumentException(where + ": step " + n + ": not a mapping");
      }
      Steps.validate(step, where + ": step " + n, principals.keySet());
      steps.add(step);
    }
    return new Scenario(file, id, text(top, "title", where), top.path("description").asText(""), List.copyOf(threats),
        Layer.of(text(top, "layer", where), where + ": layer"), principals, List.copyOf(orders), ledger, List.copyOf(steps));
  }

  private static PrincipalSpec principal(String name, JsonNode p, String where) {
    keys(p, Set.of("agent", "subject", "token"), where + ": principal " + name);
    String token = p.path("token").asText("valid");
    if (!TOKEN_KINDS.contains(token)) {
      throw new IllegalArgumentException(where + ": principal " + name + ": token \"" + token + "\" (expected: one of " + TOKEN_KINDS + ")");
    }
    return new PrincipalSpec(name, p.path("agent").asText("demo-agent"), text(p, "subject", where + ": principal " + name), token);
  }

  static void keys(JsonNode node, Set<String> allowed, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(where + ": unknown key \"" + k + "\" (expected: one of " + allowed + ")");
      }
    }
  }

  private static JsonNode required(JsonNode node, String key, String where) {
    if (!node.hasNonNull(key)) {
      throw new IllegalArgumentException(where + ": " + key + ": missing");
    }
    return node.get(key);
  }

  private static String text(JsonNode node, String key, String where) {
    return required(node, key, where).asText();
  }

  /** Every subject the scenario's principals act for. */
  Set<String> subjects() {
    Set<String> out = new java.util.LinkedHashSet<>();
    principals.values().forEach(p -> out.add(p.subject()));
    return out;
  }
}
