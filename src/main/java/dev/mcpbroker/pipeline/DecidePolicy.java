package dev.mcpbroker.pipeline;

import dev.mcpbroker.identity.Principal;
import dev.mcpbroker.policy.CallInput;
import dev.mcpbroker.policy.Decision;
import dev.mcpbroker.policy.Obligations;
import dev.mcpbroker.policy.PolicyEngine;
import dev.mcpbroker.policy.PrincipalView;
import dev.mcpbroker.policy.Reasons;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the policy engine about the validated call: who (the session token's principal), which
 * tool, the arguments, this session's earlier calls, now. Allow continues with the arguments the
 * policy says to forward (possibly rewritten); deny refuses with the rule's reason code; held
 * answers that the call awaits a human. Asynchronous because the engine may fetch facts first.
 */
final class DecidePolicy {
  private static final Logger LOG = LoggerFactory.getLogger(DecidePolicy.class);

  private final PolicyEngine engine;
  private final Clock clock;

  DecidePolicy(PolicyEngine engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  CompletableFuture<StageOutcome> apply(CallContext context) {
    Principal p = context.request().principal();
    String tool = context.tool().name();
    if (p == null) {
      return CompletableFuture.completedFuture(new StageOutcome.Deny(DenyReason.NO_PRINCIPAL,
          "tool " + tool + " was not called: the call carries no authenticated caller"));
    }
    CallInput in = new CallInput(
        new PrincipalView(p.agent(), p.subject(), p.actorHistory(), p.scopes(), context.request().sessionId()),
        tool, context.arguments(), context.request().history().view(), clock.instant());
    CompletableFuture<Decision> decided;
    try {
      decided = engine.decide(in);
    } catch (RuntimeException e) {
      decided = CompletableFuture.failedFuture(e);
    }
    return decided.handle((d, failure) -> {
      if (failure != null) {
        // the engine promises never to fail; if it does, that is a bug: log it and deny
        LOG.error("policy engine failed on {}", tool, failure);
        return policyDenied(tool, Reasons.POLICY_ERROR, null);
      }
      return switch (d.effect()) {
        case ALLOW -> new StageOutcome.Continue(context.withDecision(d));
        case DENY -> policyDenied(tool, d.reason(), d);
        case HELD -> new StageOutcome.Held(d, d.obligations().flatMap(Obligations::approvalId).orElse(""));
      };
    });
  }

  private static StageOutcome policyDenied(String tool, String code, Decision d) {
    // the model sees the stable code, never the rule's condition or the facts behind it
    return new StageOutcome.Deny(DenyReason.POLICY_DENIED,
        "tool " + tool + " was not called: refused by policy (" + code + ")", code, d);
  }
}
