package dev.mcpbroker.redteam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.testing.McpHttp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays one scenario's steps against the stack over real MCP HTTP, checks each step's outcome
 * against its expectation, and keeps every outcome for the oracle.
 */
final class Runner {
  static final String VERSION = "2025-11-25";
  private static final ObjectMapper LENIENT = new ObjectMapper();

  final Stack stack;
  final Scenario scenario;
  final Set<String> catalog;
  private final Map<String, String> tokens = new HashMap<>();
  private final Map<String, String> sessions = new HashMap<>();
  /** Who opened each named session: the broker binds a session to that principal. */
  private final Map<String, String> openers = new HashMap<>();
  final List<Outcome> outcomes = new ArrayList<>();
  final List<String> failures = new ArrayList<>();
  final List<String> approved = new ArrayList<>();
  final List<Runnable> undo = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(1);
  private final Specials specials;
  String lastApproval;

  Runner(Stack stack, Scenario scenario, Tokens forge, Set<String> catalog) throws Exception {
    this.stack = stack;
    this.scenario = scenario;
    this.catalog = catalog;
    for (Scenario.PrincipalSpec p : scenario.principals().values()) {
      tokens.put(p.name(), forge.of(p));
    }
    this.specials = new Specials(this);
  }

  /** Runs every step; a step that does not match its expectation is recorded and the rest still run. */
  void run() {
    try {
      int n = 0;
      for (ObjectNode step : scenario.steps()) {
        n++;
        step(step, "step " + n + " (" + Steps.kind(step) + ")");
      }
    } finally {
      for (int i = undo.size() - 1; i >= 0; i--) {
        undo.get(i).run();
      }
    }
  }

  private void step(ObjectNode step, String where) {
    List<Outcome> got;
    try {
      got = execute(step, where);
    } catch (Exception | AssertionError e) {
      failures.add(where + ": could not run: " + e);
      return;
    }
    outcomes.addAll(got);
    if (step.has("expect_counts")) {
      String bad = Expect.countsMismatch(step.get("expect_counts"), got);
      if (bad != null) {
        failures.add(where + ": " + bad);
      }
    } else if (step.has("expect")) {
      for (Outcome o : got) {
        String bad = Expect.mismatch(step.get("expect"), o);
        if (bad != null) {
          failures.add(where + ": " + bad);
        }
      }
    }
  }

  private List<Outcome> execute(ObjectNode step, String where) throws Exception {
    String as = step.path("as").asText(Scenario.DEFAULT);
    String session = step.path("session").asText(as);
    String kind = Steps.kind(step);
    JsonNode arg = step.get(kind);
    switch (kind) {
      case "call" -> {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < step.path("repeat").asInt(1); i++) {
          out.add(call(as, session, arg.asText(), substitute(step.path("args"), i), step.get("meta")));
        }
        return out;
      }
      case "rpc" -> {
        return List.of(rpc(as, session, arg.asText()));
      }
      case "initialize" -> {
        return List.of(classify(post(as, null, initializeBody()), null, as));
      }
      case "list_tools" -> {
        JsonNode tools = post(as, session(session, as), "{\"jsonrpc\":\"2.0\",\"id\":" + ids.getAndIncrement()
            + ",\"method\":\"tools/list\"}").last().path("result").path("tools");
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.path("name").asText()));
        return List.of(Outcome.of(Outcome.Kind.ALLOWED, 200, null, String.join(",", names), null));
      }
      case "concurrent" -> {
        return concurrent(step, as, session, where);
      }
      default -> {
        return List.of(specials.run(kind, step, as, session, where));
      }
    }
  }

  private List<Outcome> concurrent(ObjectNode step, String as, String session, String where) throws Exception {
    int n = step.get("concurrent").asInt();
    boolean shared = step.path("sessions").asText("separate").equals("shared");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = shared ? session : session + "#" + i;
      if (!shared || i == 0) {
        before(step, as, name, where);
      }
      session(name, as);
      names.add(name);
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Outcome>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int copy = i;
        answers.add(pool.submit(() -> {
          go.await();
          return call(as, names.get(copy), step.get("call").asText(), substitute(step.path("args"), copy), null);
        }));
      }
      go.countDown();
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : answers) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs a step's {@code before:} steps in {@code session}. */
  void before(ObjectNode step, String as, String session, String where) {
    for (JsonNode b : step.path("before")) {
      ObjectNode copy = ((ObjectNode) b).deepCopy();
      copy.put("session", session);
      step(copy, where + " before");
    }
  }

  private static final java.util.regex.Pattern REPEAT = java.util.regex.Pattern.compile("\\{(.)\\*([0-9]+)}");

  /**
   * Expands the suite's notations in every string of {@code args}: {@code {i}} becomes the copy
   * number (of a repeat or concurrent step), {@code {x*501}} becomes 501 x characters.
   */
  static JsonNode substitute(JsonNode args, int i) {
    if (args.isMissingNode()) {
      return Json.NODES.objectNode();
    }
    if (args.isTextual()) {
      String text = args.asText().replace("{i}", Integer.toString(i));
      java.util.regex.Matcher m = REPEAT.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
      }
      m.appendTail(out);
      return Json.NODES.textNode(out.toString());
    }
    if (args.isContainerNode()) {
      JsonNode copy = args.deepCopy();
      if (copy instanceof ObjectNode o) {
        o.fields().forEachRemaining(e -> e.setValue(substitute(e.getValue(), i)));
      } else if (copy instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
        for (int k = 0; k < a.size(); k++) {
          a.set(k, substitute(a.get(k), i));
        }
      }
      return copy;
    }
    return args;
  }

  Outcome call(String as, String session, String tool, JsonNode args, JsonNode meta) throws Exception {
    ObjectNode params = Json.NODES.objectNode().put("name", tool);
    params.set("arguments", args);
    if (meta != null) {
      params.set("_meta", meta);
    }
    ObjectNode body = Json.NODES.objectNode().put("jsonrpc", "2.0").put("id", ids.getAndIncrement())
        .put("method", "tools/call");
    body.set("params", params);
    return bySessionOwner(classify(post(as, session(session, as), body.toString()), tool, as), session, as);
  }

  /**
   * A 404 for a live session opened by another principal reads exactly like an unknown session to
   * the client (by design); the broker counts and audits it as {@code session_hijack}.
   */
  private Outcome bySessionOwner(Outcome o, String session, String as) {
    if (o.kind() != Outcome.Kind.HTTP || o.status() != 404 || session == null || !openers.containsKey(session)) {
      return o;
    }
    Scenario.PrincipalSpec opener = scenario.principals().get(openers.get(session));
    Scenario.PrincipalSpec caller = scenario.principals().get(as);
    boolean foreign = !opener.agent().equals(caller.agent()) || !opener.subject().equals(caller.subject());
    return foreign ? Outcome.of(Outcome.Kind.HTTP, 404, "session_hijack", o.text(), o.tool()) : o;
  }

  private Outcome rpc(String as, String session, String body) throws Exception {
    String tool = null;
    try {
      tool = LENIENT.readTree(body).path("params").path("name").asText(null);
    } catch (Exception notJson) {
      // a malformed body names no tool
    }
    return bySessionOwner(classify(post(as, session(session, as), body), tool, as), session, as);
  }

  /** Returns the id of the session named {@code name}, initializing it with {@code as}'s token on first use. */
  String session(String name, String as) throws Exception {
    String id = sessions.get(name);
    if (id == null) {
      id = client(as).initialize(VERSION);
      sessions.put(name, id);
      openers.put(name, as);
    }
    return id;
  }

  McpHttp client(String as) {
    return new McpHttp(stack.demo.broker().mcpUrl(), tokens.get(as));
  }

  String token(String as) {
    return tokens.get(as);
  }

  int nextId() {
    return ids.getAndIncrement();
  }

  McpHttp.Answer post(String as, String session, String body) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    if (session != null) {
      headers.put("Mcp-Session-Id", session);
      headers.put("MCP-Protocol-Version", VERSION);
    }
    if (scenario.principals().get(as).token().equals("not_bearer")) {
      headers.put("Authorization", "Basic cmVkdGVhbTpzZWNyZXQ=");
    }
    return client(as).send("POST", body, headers);
  }

  static String initializeBody() {
    return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + VERSION
        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"redteam\",\"version\":\"1\"}}}";
  }

  /** Classifies the broker's answer to a request naming {@code tool} (null when none). */
  Outcome classify(McpHttp.Answer a, String tool, String as) {
    if (a.status() != 200) {
      String reason = a.status() == 401 || a.status() == 403 || a.status() == 503 ? authReason(a, as) : null;
      return Outcome.of(Outcome.Kind.HTTP, a.status(), reason, a.body(), tool);
    }
    JsonNode m = a.last();
    if (m.has("error")) {
      int code = m.path("error").path("code").asInt();
      String message = m.path("error").path("message").asText("");
      // the catalog stage's refusal (counted as a denial); other -32602s are protocol errors
      String reason = code == -32602 && message.startsWith("tool: ")
          && message.contains("(expected: a tool listed by tools/list)") ? "unknown_tool" : null;
      return Outcome.of(Outcome.Kind.RPC_ERROR, code, reason, message, tool);
    }
    JsonNode r = m.path("result");
    String reason = r.path("_meta").path("dev.mcpbroker/reason").asText(null);
    if (r.path("isError").asBoolean()) {
      String text = r.path("content").path(0).path("text").asText(r.toString());
      if (reason == null) {
        return Outcome.of(Outcome.Kind.BACKEND_REFUSED, 200, null, text, tool);
      }
      return Outcome.of(reason.startsWith("upstream_") ? Outcome.Kind.UPSTREAM_ERROR : Outcome.Kind.DENIED, 200,
          reason, text, tool);
    }
    String approval = r.path("_meta").path("dev.mcpbroker/approval").asText(null);
    if (approval != null) {
      lastApproval = approval;
      return new Outcome(Outcome.Kind.HELD, 200, "approval_required", r.toString(), approval, tool);
    }
    return Outcome.of(Outcome.Kind.ALLOWED, 200, null, r.toString(), tool);
  }

  private String authReason(McpHttp.Answer a, String as) {
    String challenge = a.header("WWW-Authenticate");
    if (challenge != null) {
      int at = challenge.indexOf("error_description=\"");
      if (at >= 0) {
        int from = at + "error_description=\"".length();
        return challenge.substring(from, challenge.indexOf('"', from));
      }
      if (challenge.contains("insufficient_scope")) {
        return "insufficient_scope";
      }
    }
    if (a.status() == 503) {
      return "keys_unavailable";
    }
    return scenario.principals().get(as).token().equals("not_bearer") ? "not_bearer" : "missing_token";
  }
}
