package dev.mcpbroker;

import dev.mcpbroker.audit.AuditEvent;
import dev.mcpbroker.audit.AuditLog;
import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.metrics.BrokerMetrics;
import dev.mcpbroker.protocol.Authenticator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every refused authentication in the audit log and the denial counter (a denial like any
 * other: a burst of them is what an attack looks like), without waiting for the entry: nothing was
 * let through.
 */
final class AuditedAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(AuditedAuthenticator.class);

  /** The reason code of a session presented by a principal other than the one that opened it. */
  static final String SESSION_HIJACK = "session_hijack";

  private final Authenticator delegate;
  private final AuditLog log;
  private final BrokerMetrics metrics;

  AuditedAuthenticator(Authenticator delegate, AuditLog log, BrokerMetrics metrics) {
    this.delegate = delegate;
    this.log = log;
    this.metrics = metrics;
  }

  @Override
  public Outcome authenticate(String authorization) {
    return audited(delegate.authenticate(authorization));
  }

  @Override
  public Outcome authenticateCached(String authorization) {
    return audited(delegate.authenticateCached(authorization)); // null (not known yet): nothing to record
  }

  /** A session hijack attempt: counted and audited as a denial, with who tried and on which session. */
  @Override
  public void foreignSession(Principal caller, String sessionId) {
    metrics.denied(BrokerMetrics.NO_TOOL, SESSION_HIJACK);
    try {
      log.append(AuditEvent.builder(AuditEvent.Type.DECISION)
          .principal(caller.agent(), caller.subject(), caller.actorHistory())
          .session(sessionId)
          .decision(AuditEvent.Decision.DENY, "authentication:" + SESSION_HIJACK, List.of()).build());
    } catch (RuntimeException e) {
      LOG.error("audit entry for a session hijack attempt not written", e);
    }
  }

  private Outcome audited(Outcome outcome) {
    if (outcome instanceof Refused refused) {
      metrics.denied(BrokerMetrics.NO_TOOL, refused.reason());
      try {
        log.append(AuditEvent.builder(AuditEvent.Type.DECISION)
            .decision(AuditEvent.Decision.DENY, "authentication:" + refused.reason(), List.of()).build());
      } catch (RuntimeException e) {
        LOG.error("audit entry for a refused authentication not written", e);
      }
    }
    return outcome;
  }
}
