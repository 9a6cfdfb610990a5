package dev.mcpbroker.policy;

/**
 * Observes what the engine does, for metrics: how long evaluations take, which obligations refuse
 * calls, which signals hold. Called on the decision path, so implementations must be cheap and
 * must not throw.
 */
public interface PolicyObserver {
  /** Observes nothing. */
  PolicyObserver NONE = new PolicyObserver() {
    @Override
    public void evaluated(long nanos) {}

    @Override
    public void obligationHit(String tool, String kind) {}

    @Override
    public void signal(String tool, String signal) {}
  };

  /** One evaluation of a tool's rules and obligations (facts already fetched) took {@code nanos}. */
  void evaluated(long nanos);

  /** An obligation refused a call of {@code tool}: {@code rate_limit}, {@code budget} or {@code session_cap}. */
  void obligationHit(String tool, String kind);

  /** The declared signal {@code signal} held on an allowed call of {@code tool}. */
  void signal(String tool, String signal);
}
