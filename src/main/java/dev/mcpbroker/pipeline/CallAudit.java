package dev.mcpbroker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.audit.AuditEvent;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import dev.mcpbroker.policy.Decision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the tool-call chain's audit entries: one per decision and one per upstream outcome.
 * An allow is recorded with the final arguments (sensitive fields as digests) and the action
 * token's id; a deny with the digest of what was asked (attacker-chosen content is kept out of
 * the log, its fingerprint is enough to match a report) and the reason.
 */
final class CallAudit {
  private static final Logger LOG = LoggerFactory.getLogger(CallAudit.class);

  private final AuditLog log;

  CallAudit(AuditLog log) {
    this.log = log;
  }

  /** Records an allowed call; the future completes once the entry is on disk. */
  CompletableFuture<Long> allowed(CallContext c) {
    Decision d = c.decision();
    boolean rewritten = c.rewritten();
    AuditEvent.Builder e = base(c, AuditEvent.Type.DECISION)
        .decision(rewritten ? AuditEvent.Decision.REWRITE : AuditEvent.Decision.ALLOW,
            rewritten ? "rewritten" : "permitted", d == null ? List.of() : d.ruleIds())
        .arguments(c.arguments(), c.tool().sensitive());
    if (d != null) {
      e.policyVersion(d.policyVersion());
      ObjectNode details = Json.NODES.objectNode();
      if (rewritten) {
        // both forms: what the agent asked for and what the policy made of it
        details.set("original_arguments", AuditEvent.digestSensitive(d.originalArgs(), c.tool().sensitive()));
      }
      // a call a human approved names the approval it used up
      d.obligations().flatMap(o -> o.approvalId()).ifPresent(id -> details.put("approval_id", id));
      if (!details.isEmpty()) {
        e.details(details);
      }
    }
    if (c.actionToken() != null) {
      e.actionTokenId(c.actionToken().jti());
    }
    return append(e.build());
  }

  /** Records a refusal; not waited for (nothing leaves the broker either way). */
  void denied(CallContext c, StageOutcome.Deny deny) {
    ObjectNode details = Json.NODES.objectNode().put("message", deny.message());
    JsonNode asked = c.request().arguments();
    if (asked instanceof ObjectNode object) {
      try {
        details.put("arguments_sha256", CanonicalJson.sha256Hex(object));
      } catch (IllegalArgumentException notCanonical) {
        // e.g. a number beyond double range: no canonical form, so fingerprint the text as parsed
        details.put("arguments_text_sha256", HexFormat.of().formatHex(sha256(object.toString())));
      }
    }
    AuditEvent.Builder e = base(c, AuditEvent.Type.DECISION);
    Decision d = deny.decision();
    if (d != null) {
      e.policyVersion(d.policyVersion());
      if (!d.detail().isEmpty()) {
        details.put("policy_detail", d.detail()); // for operators; the model saw only the code
      }
    }
    append(e.decision(AuditEvent.Decision.DENY, deny.code(), d == null ? List.of() : d.ruleIds())
        .details(details).build());
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Records a call held for approval, with the final arguments a human will judge. */
  void held(CallContext c, StageOutcome.Held held) {
    Decision d = held.decision();
    append(base(c, AuditEvent.Type.DECISION)
        .decision(AuditEvent.Decision.HELD, d.reason(), d.ruleIds())
        .policyVersion(d.policyVersion())
        .arguments(d.finalArgs(), c.tool().sensitive())
        .details(Json.NODES.objectNode().put("approval_id", held.approvalId()))
        .build());
  }

  /**
   * Records what the upstream answered and how long it took. Nothing waits for this entry (the
   * answer goes back to the client either way), so it rides with the next decision's fsync.
   */
  void outcome(CallContext c, String outcome, long latencyMs) {
    AuditEvent.Builder e = base(c, AuditEvent.Type.UPSTREAM_OUTCOME).upstream(outcome, latencyMs);
    if (c.actionToken() != null) {
      e.actionTokenId(c.actionToken().jti());
    }
    append(e.build(), false);
  }

  boolean healthy() {
    return log.healthy();
  }

  private static AuditEvent.Builder base(CallContext c, AuditEvent.Type type) {
    Principal p = c.request().principal();
    AuditEvent.Builder e = AuditEvent.builder(type).session(c.request().sessionId())
        .tool(c.tool() != null ? c.tool().name() : c.request().name());
    if (p != null) {
      e.principal(p.agent(), p.subject(), p.actorHistory());
    }
    return e;
  }

  private CompletableFuture<Long> append(AuditEvent event) {
    return append(event, true);
  }

  private CompletableFuture<Long> append(AuditEvent event, boolean waited) {
    try {
      return (waited ? log.append(event) : log.appendUnwaited(event)).whenComplete((seq, failure) -> {
        if (failure != null) {
          LOG.error("audit entry not written ({}): {}", event.type().wire(), failure.toString());
        }
      });
    } catch (RuntimeException e) {
      LOG.error("audit entry rejected ({})", event.type().wire(), e);
      return CompletableFuture.failedFuture(e);
    }
  }
}
