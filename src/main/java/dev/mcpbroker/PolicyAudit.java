package dev.mcpbroker;

import dev.mcpbroker.audit.AuditEvent;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.policy.Approval;
import dev.mcpbroker.policy.PolicyWatcher;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what happens to the policy itself: each reload (the version in force, or the rejected
 * file's {@code policies.yaml:LINE: problem}) and each approval request and human decision.
 */
final class PolicyAudit {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyAudit.class);

  private volatile AuditLog log;

  /** Late binding: the approvals exist before the audit log is open. */
  void bind(AuditLog log) {
    this.log = log;
  }

  void reload(PolicyWatcher.Outcome o) {
    if (o.ok() && !o.changed()) {
      return; // an editor touched the file without changing it
    }
    var details = Json.NODES.objectNode().put("outcome", o.ok() ? "accepted" : "rejected");
    if (!o.ok()) {
      details.put("message", o.message());
    }
    append(AuditEvent.builder(AuditEvent.Type.POLICY_RELOAD).policyVersion(o.version())
        .reason(o.ok() ? "accepted" : "rejected").details(details).build());
  }

  void approval(Approval a) {
    AuditEvent.Type type = a.state() == Approval.State.PENDING
        ? AuditEvent.Type.APPROVAL_REQUESTED : AuditEvent.Type.APPROVAL_DECIDED;
    var details = Json.NODES.objectNode().put("approval_id", a.id()).put("state", a.state().name().toLowerCase())
        .put("arguments_sha256", a.argsDigest());
    if (!a.approver().isEmpty()) {
      details.put("approver", a.approver());
    }
    append(AuditEvent.builder(type).principal(a.agent(), a.subject(), List.of()).tool(a.tool())
        .decision(null, a.state().name().toLowerCase(), a.ruleId() == null ? List.of() : List.of(a.ruleId()))
        .details(details).build());
  }

  private void append(AuditEvent e) {
    AuditLog l = log;
    if (l == null) {
      return;
    }
    try {
      l.append(e).whenComplete((seq, failure) -> {
        if (failure != null) {
          LOG.error("audit entry not written ({}): {}", e.type().wire(), failure.toString());
        }
      });
    } catch (RuntimeException failure) {
      LOG.error("audit entry rejected ({})", e.type().wire(), failure);
    }
  }
}
