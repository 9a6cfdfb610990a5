package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.CanonicalJson;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applies the stateful obligations of an allowed verdict: charges rate limits and budgets, and
 * holds the call for a human unless an approval for this exact call is at hand (which it uses up).
 * Checking the windows, using the approval and charging happen under the ledger's lock, so an
 * approved call runs exactly once and a refused call is never charged.
 */
final class ObligationGate {
  private final Ledger ledger;
  private final Approvals approvals;

  ObligationGate(Ledger ledger, Approvals approvals) {
    this.ledger = ledger;
    this.approvals = approvals;
  }

  Approvals approvals() {
    return approvals;
  }

  Ledger ledger() {
    return ledger;
  }

  Decision finish(String version, CallInput in, Verdict v, ObjectNode finalArgs) {
    Optional<ShadowResult> shadow = Optional.ofNullable(v.shadow());
    if (v.effect() != Effect.ALLOW) {
      return new Decision(Effect.DENY, v.reason(), v.ruleIds(), version, finalArgs, in.args(),
          Optional.empty(), shadow, v.detail());
    }
    List<String> rates = new ArrayList<>(v.charges().size());
    List<String> budgets = new ArrayList<>(v.charges().size());
    for (Verdict.Charge c : v.charges()) {
      (c.budget() ? budgets : rates).add(c.key());
    }
    if (v.approval() == null) {
      long entry = ledger.nextId();
      Verdict.Charge over = v.charges().isEmpty() ? null : ledger.charge(v.charges(), in.now(), () -> true, entry);
      if (over != null) {
        return over(version, in, v, finalArgs, over, shadow);
      }
      return new Decision(Effect.ALLOW, "", v.ruleIds(), version, finalArgs, in.args(),
          v.charges().isEmpty() ? Optional.empty()
              : Optional.of(new Obligations(rates, budgets, Optional.empty(), spent(v, in.now(), entry))),
          shadow, "");
    }
    String digest = CanonicalJson.sha256Hex(finalArgs);
    @SuppressWarnings("unchecked")
    Optional<Approval>[] found = new Optional[] {Optional.empty()};
    long entry = ledger.nextId();
    Verdict.Charge over = ledger.charge(v.charges(), in.now(), () -> {
      found[0] = approvals.consume(in.principal(), in.tool(), digest, in.now());
      return found[0].map(a -> a.state() == Approval.State.USED).orElse(false);
    }, entry);
    if (over != null) {
      return over(version, in, v, finalArgs, over, shadow);
    }
    if (found[0].isPresent() && found[0].get().state() == Approval.State.USED) {
      return new Decision(Effect.ALLOW, "", v.ruleIds(), version, finalArgs, in.args(),
          Optional.of(new Obligations(rates, budgets, Optional.of(found[0].get().id()), spent(v, in.now(), entry))), shadow,
          "approved by " + found[0].get().approver());
    }
    if (found[0].isPresent()) {
      Approval a = found[0].get();
      return new Decision(Effect.DENY, Reasons.APPROVAL_REJECTED, v.ruleIds(), version, finalArgs, in.args(),
          Optional.of(new Obligations(List.of(), List.of(), Optional.of(a.id()))), shadow,
          "rejected by " + a.approver());
    }
    Approval a = approvals.request(in.principal(), in.tool(), finalArgs, digest, v.approval().ruleId(),
        in.now(), v.approval().ttl());
    return new Decision(Effect.HELD, Reasons.APPROVAL_REQUIRED, v.ruleIds(), version, finalArgs, in.args(),
        Optional.of(new Obligations(List.of(), List.of(), Optional.of(a.id()))), shadow,
        "awaiting approval " + a.id() + " until " + a.expiresAt());
  }

  /** The budget amounts {@code v}'s charges took at {@code now}. */
  private static List<Obligations.Spent> spent(Verdict v, Instant now, long entry) {
    List<Obligations.Spent> out = new ArrayList<>(1);
    for (Verdict.Charge c : v.charges()) {
      if (c.budget()) {
        out.add(new Obligations.Spent(c.key(), c.amount(), now, entry));
      }
    }
    return out;
  }

  /**
   * Gives back what {@code d} spent from budgets: for a call that was allowed but certainly not
   * carried out. Rate limits keep counting (an attempt is an attempt).
   */
  void refund(Decision d) {
    d.obligations().ifPresent(o -> o.spent().forEach(s -> ledger.release(s.key(), s.entry())));
  }

  private static Decision over(String version, CallInput in, Verdict v, ObjectNode finalArgs,
      Verdict.Charge over, Optional<ShadowResult> shadow) {
    String detail = over.key() + ": " + over.amount().toPlainString() + " more (expected: at most "
        + over.max().toPlainString() + " per " + over.window() + ")";
    return new Decision(Effect.DENY, over.budget() ? Reasons.BUDGET_EXCEEDED : Reasons.RATE_LIMITED,
        v.ruleIds(), version, finalArgs, in.args(), Optional.empty(), shadow, detail);
  }
}
