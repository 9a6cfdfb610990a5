package dev.mcpbroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.admin.BrokerOperations;
import dev.mcpbroker.audit.AuditEvent;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.identity.Revocations;
import dev.mcpbroker.identity.SigningKeys;
import dev.mcpbroker.pipeline.ToolSwitch;
import dev.mcpbroker.policy.Approvals;
import dev.mcpbroker.policy.PolicyWatcher;
import dev.mcpbroker.protocol.ClientSession;
import dev.mcpbroker.protocol.SessionStore;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** What the admin API does to this broker: the broker's side of {@link BrokerOperations}. */
final class BrokerAdmin implements BrokerOperations {
  private final Broker broker;
  private final SessionStore sessions;
  private final ToolSwitch toolSwitch;
  private final Supplier<Instant> policyLoadedAt;

  BrokerAdmin(Broker broker, SessionStore sessions, ToolSwitch toolSwitch, Supplier<Instant> policyLoadedAt) {
    this.broker = broker;
    this.sessions = sessions;
    this.toolSwitch = toolSwitch;
    this.policyLoadedAt = policyLoadedAt;
  }

  /** The catalog in force (it changes when tools.yaml is reloaded). */
  private Catalog catalog() {
    return broker.tools().catalog();
  }

  @Override
  public List<String> notReadyReasons() {
    return broker.ready() ? List.of()
        : List.of("audit log unwritable: " + broker.auditDir() + " (decisions cannot be recorded)");
  }

  @Override
  public String scrape() {
    return broker.metrics().scrape();
  }

  /**
   * Deny-lists the id, then ends the live sessions it covers. A {@code session} id is matched
   * against both the token's {@code sid} and the MCP session id (the one the audit log shows), so
   * an operator can paste either.
   */
  @Override
  public Revoked revoke(String kind, String id) {
    Revocations r = broker.identity().revocations();
    String notKept = null;
    try {
      switch (kind) {
        case "agent" -> r.revokeAgent(id);
        case "session" -> r.revokeSession(id);
        case "token" -> r.revokeToken(id);
        default -> throw new IllegalArgumentException("kind: " + kind + " (expected: agent, session or token)");
      }
    } catch (UncheckedIOException e) {
      notKept = e.getMessage(); // in force in memory all the same: the sessions still end
    }
    return new Revoked(sessions.endWhere(s -> covers(kind, id, s)), notKept);
  }

  private static boolean covers(String kind, String id, ClientSession s) {
    Principal p = s.principal();
    return switch (kind) {
      case "agent" -> p.agent().equals(id);
      case "session" -> p.sessionId().equals(id) || s.id().equals(id);
      default -> p.tokenId().equals(id);
    };
  }

  @Override
  public List<ToolView> tools() {
    return broker.tools().statuses().stream().map(s -> new ToolView(s.spec().name(), s.spec().upstream(),
        s.spec().tier().yamlName(), s.state().name().toLowerCase(Locale.ROOT),
        !toolSwitch.isDisabled(s.spec().name()))).toList();
  }

  @Override
  public Optional<Boolean> setEnabled(String tool, boolean enabled) {
    if (catalog().tool(tool).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(enabled ? toolSwitch.enable(tool) : toolSwitch.disable(tool));
  }

  @Override
  public Approvals approvals() {
    return broker.policy().approvals();
  }

  @Override
  public JsonNode redacted(String tool, ObjectNode args) {
    return catalog().tool(tool).map(t -> AuditEvent.digestSensitive(args, t.sensitive())).orElse(args);
  }

  @Override
  public PolicyWatcher.Outcome reload() {
    return broker.reload();
  }

  @Override
  public PolicyView policy() {
    var s = broker.policy().snapshot();
    return new PolicyView(s.version(), policyLoadedAt.get(), s.testCount());
  }

  @Override
  public SigningKeys.Rotation rotateActionKeys() {
    return broker.identity().actionKeys().rotate();
  }
}
