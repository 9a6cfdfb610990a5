package dev.mcpbroker.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.audit.AuditEvent;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.identity.SigningKeys;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.policy.Approval;
import dev.mcpbroker.policy.PolicyWatcher;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the admin port's requests (the contract in README.md, "Admin API"):
 *
 * <pre>
 *   GET  /healthz  /readyz  /metrics                       no token
 *   POST /admin/revocations {"kind","id"}                  kill switch: agent | session | token
 *   GET  /admin/tools ; POST /admin/tools/{name}/disable|enable
 *   GET  /admin/approvals ; POST /admin/approvals/{id}/approve {"approver"}
 *                           POST /admin/approvals/{id}/reject {"approver","reason"}
 *   POST /admin/reload ; GET /admin/policy
 * </pre>
 *
 * Every {@code /admin/...} request needs {@code Authorization: Bearer <admin token>} (401
 * otherwise, the token checked before the route so that routes are not probed) and is audited
 * ({@code admin_action}: action, target, outcome; never the token). A token in the query string is
 * refused outright, and so is any request with an {@code Origin} header: this API is not for
 * browsers, and refusing them closes the DNS-rebinding door on the unauthenticated routes.
 */
public final class AdminApi implements AdminEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  static final String JSON = "application/json";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final AdminToken token;
  private final BrokerOperations broker;
  private final Supplier<AuditLog> audit;

  public AdminApi(AdminToken token, BrokerOperations broker, Supplier<AuditLog> audit) {
    this.token = token;
    this.broker = broker;
    this.audit = audit;
  }

  /** What one admin route does: the method it answers, the audited action and target, the work. */
  private record Route(String method, String action, String target, Handler run) {}

  /** Does a route's work; may add what the audit entry should say beyond action and target. */
  @FunctionalInterface
  private interface Handler {
    Response run(Request request, ObjectNode auditDetails);
  }

  @Override
  public Response handle(Request r) {
    if (r.query().containsKey("access_token") || r.query().containsKey("token")) {
      return error(400, "access_token: in the query string (expected: an Authorization: Bearer header)");
    }
    if (r.origin() != null) {
      return error(403, "Origin header: " + JsonBody.abbreviate(r.origin())
          + " (expected: none; the admin API does not serve browsers)");
    }
    switch (r.path()) {
      case "/healthz":
        return onlyGet(r, () -> json(200, Json.NODES.objectNode().put("status", "ok")));
      case "/readyz":
        return onlyGet(r, this::readiness);
      case "/metrics":
        return onlyGet(r, () -> Response.text(200, PROMETHEUS_TEXT, broker.scrape()));
      default:
        break;
    }
    if (!r.path().equals("/admin") && !r.path().startsWith("/admin/")) {
      return error(404, "path: " + JsonBody.abbreviate(r.path())
          + " (expected: /healthz, /readyz, /metrics or /admin/...)");
    }
    if (!token.matches(r.authorization())) {
      audited("authenticate", r.path(), 401);
      return error(401, "Authorization header: " + (r.authorization() == null ? "missing" : "not the admin token")
          + " (expected: Bearer <the token in the admin token file>)")
          .withHeader("WWW-Authenticate", "Bearer realm=\"mcp-broker-admin\"");
    }
    Response answer = route(r);
    return answer;
  }

  private Response route(Request r) {
    Route route = match(r.path());
    if (route == null) {
      audited("unknown_route", r.path(), 404);
      return error(404, "path: " + JsonBody.abbreviate(r.path()) + " (expected: an admin route, see README.md)");
    }
    if (!route.method().equals(r.method())) {
      audited(route.action(), route.target(), 405);
      return error(405, "method: " + r.method() + " (expected: " + route.method() + ")")
          .withHeader("Allow", route.method());
    }
    Response answer;
    ObjectNode details = Json.NODES.objectNode();
    try {
      answer = route.run().run(r, details);
    } catch (JsonBody.BadRequest e) {
      answer = error(400, e.getMessage());
      details.put("message", e.getMessage());
    }
    audited(route.action(), route.target(), answer.status(), details);
    return answer;
  }

  private Route match(String path) {
    String[] p = path.substring(1).split("/", -1);
    if (p.length == 2) {
      return switch (p[1]) {
        case "revocations" -> new Route("POST", "revoke", "", this::revoke);
        case "tools" -> new Route("GET", "list_tools", "", (r, d) -> tools());
        case "approvals" -> new Route("GET", "list_approvals", "", (r, d) -> approvals());
        case "reload" -> new Route("POST", "reload", "", (r, d) -> reload(d));
        case "policy" -> new Route("GET", "show_policy", "", (r, d) -> policy());
        default -> null;
      };
    }
    if (p.length == 3 && p[1].equals("keys") && p[2].equals("rotate")) {
      return new Route("POST", "rotate_keys", "action-token", this::rotateKeys);
    }
    if (p.length == 4 && !p[2].isEmpty()) {
      String target = p[2];
      if (p[1].equals("tools") && (p[3].equals("disable") || p[3].equals("enable"))) {
        boolean enable = p[3].equals("enable");
        return new Route("POST", p[3] + "_tool", target, (r, d) -> setEnabled(target, enable));
      }
      if (p[1].equals("approvals") && (p[3].equals("approve") || p[3].equals("reject"))) {
        boolean approve = p[3].equals("approve");
        return new Route("POST", p[3], target, (r, d) -> decide(target, approve, r, d));
      }
    }
    return null;
  }

  // ---- routes

  private Response readiness() {
    List<String> reasons = broker.notReadyReasons();
    ObjectNode body = Json.NODES.objectNode().put("ready", reasons.isEmpty());
    if (!reasons.isEmpty()) {
      reasons.forEach(body.putArray("reasons")::add);
    }
    return json(reasons.isEmpty() ? 200 : 503, body);
  }

  private Response revoke(Request r, ObjectNode audit) {
    JsonBody body = JsonBody.parse(r.body());
    String kind = body.text("kind", "agent, session or token");
    if (!kind.equals("agent") && !kind.equals("session") && !kind.equals("token")) {
      throw new JsonBody.BadRequest("kind: \"" + JsonBody.abbreviate(kind) + "\" (expected: agent, session or token)");
    }
    String id = body.text("id", "the " + kind + " id to revoke, a non-empty string");
    audit.put("kind", kind).put("id", id);
    BrokerOperations.Revoked revoked = broker.revoke(kind, id);
    ObjectNode answer = Json.NODES.objectNode().put("kind", kind).put("id", id).put("revoked", true)
        .put("sessionsEnded", revoked.sessionsEnded()).put("persisted", revoked.notKept() == null);
    if (revoked.notKept() != null) {
      // in force now, lost at the next restart: the operator must know, so not a 200
      audit.put("message", revoked.notKept());
      return json(500, answer.put("error", revoked.notKept()));
    }
    return json(200, answer);
  }

  private Response rotateKeys(Request r, ObjectNode audit) {
    SigningKeys.Rotation rotation = broker.rotateActionKeys();
    audit.put("current", rotation.current()).put("retired", rotation.retired());
    return json(200, Json.NODES.objectNode().put("current", rotation.current()).put("retired", rotation.retired())
        .put("retiredPublishedUntil", rotation.retiredUntil().toString()));
  }

  private Response tools() {
    ObjectNode body = Json.NODES.objectNode();
    ArrayNode list = body.putArray("tools");
    for (BrokerOperations.ToolView t : broker.tools()) {
      list.addObject().put("name", t.name()).put("upstream", t.upstream()).put("tier", t.tier())
          .put("state", t.state()).put("enabled", t.enabled());
    }
    return json(200, body);
  }

  private Response setEnabled(String tool, boolean enable) {
    Optional<Boolean> changed = broker.setEnabled(tool, enable);
    if (changed.isEmpty()) {
      return error(404, "tool: \"" + JsonBody.abbreviate(tool) + "\" (expected: a tool declared in tools.yaml)");
    }
    return json(200, Json.NODES.objectNode().put("tool", tool).put("enabled", enable).put("changed", changed.get()));
  }

  private Response approvals() {
    ObjectNode body = Json.NODES.objectNode();
    ArrayNode list = body.putArray("approvals");
    for (Approval a : broker.approvals().pending()) {
      ObjectNode o = list.addObject().put("id", a.id()).put("agent", a.agent()).put("subject", a.subject())
          .put("tool", a.tool());
      o.set("arguments", broker.redacted(a.tool(), a.args()));
      o.put("argumentsSha256", a.argsDigest()).put("rule", a.ruleId())
          .put("requestedAt", a.requestedAt().toString()).put("expiresAt", a.expiresAt().toString());
    }
    return json(200, body);
  }

  private Response decide(String id, boolean approve, Request r, ObjectNode audit) {
    JsonBody body = JsonBody.parse(r.body());
    String approver = body.text("approver", "who decides, a non-empty string");
    String reason = approve ? null : body.optionalText("reason", "why, a non-empty string");
    audit.put("approver", approver);
    if (reason != null) {
      audit.put("reason", reason);
    }
    Optional<Approval> before = broker.approvals().get(id);
    if (before.isEmpty()) {
      return error(404, "approval: \"" + JsonBody.abbreviate(id) + "\" (expected: the id of a pending approval)");
    }
    boolean done = approve ? broker.approvals().approve(id, approver) : broker.approvals().reject(id, approver);
    Approval now = broker.approvals().get(id).orElse(before.get());
    if (!done) {
      return error(409, "approval " + id + ": " + now.state().name().toLowerCase()
          + " (expected: pending; it was decided already or lapsed)");
    }
    ObjectNode answer = Json.NODES.objectNode().put("id", id).put("state", now.state().name().toLowerCase())
        .put("approver", approver).put("expiresAt", now.expiresAt().toString());
    if (reason != null) {
      answer.put("reason", reason);
    }
    return json(200, answer);
  }

  private Response reload(ObjectNode audit) {
    PolicyWatcher.Outcome o = broker.reload();
    audit.put("policyVersion", o.version());
    if (!o.ok()) {
      audit.put("message", o.message());
    }
    ObjectNode body = Json.NODES.objectNode().put("outcome", o.ok() ? "success" : "rejected")
        .put("policyVersion", o.version());
    if (o.ok()) {
      return json(200, body.put("changed", o.changed()));
    }
    return json(422, body.put("error", o.message()));
  }

  private Response policy() {
    BrokerOperations.PolicyView p = broker.policy();
    return json(200, Json.NODES.objectNode().put("version", p.version()).put("loadedAt", p.loadedAt().toString())
        .put("tests", p.tests()));
  }

  // ---- helpers

  private Response onlyGet(Request r, Supplier<Response> answer) {
    if (!r.method().equals("GET")) {
      return error(405, "method: " + r.method() + " (expected: GET)").withHeader("Allow", "GET");
    }
    return answer.get();
  }

  private void audited(String action, String target, int status) {
    audited(action, target, status, Json.NODES.objectNode());
  }

  /**
   * Appends the admin action to the audit log without waiting: the kill switch must work even
   * when the log does not.
   */
  private void audited(String action, String target, int status, ObjectNode extra) {
    String outcome = outcome(status);
    ObjectNode details = Json.NODES.objectNode().put("action", action).put("target", JsonBody.abbreviate(target))
        .put("outcome", outcome).put("status", status);
    details.setAll(extra);
    AuditLog log = audit.get();
    try {
      log.append(AuditEvent.builder(AuditEvent.Type.ADMIN_ACTION).reason(outcome).details(details).build())
          .whenComplete((seq, failure) -> {
            if (failure != null) {
              LOG.error("audit entry for admin action {} {} not written: {}", action, target, failure.toString());
            }
          });
    } catch (RuntimeException e) {
      LOG.error("audit entry for admin action {} {} rejected", action, target, e);
    }
  }

  static String outcome(int status) {
    return switch (status) {
      case 200 -> "ok";
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 422 -> "rejected";
      default -> "status_" + status;
    };
  }

  static Response error(int status, String message) {
    return json(status, Json.NODES.objectNode().put("error", message));
  }

  static Response json(int status, Object body) {
    try {
      return new Response(status, JSON, Json.MAPPER.writeValueAsBytes(body), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("admin answer not serializable", e);
    }
  }
}
