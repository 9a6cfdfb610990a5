package dev.mcpbroker;

import dev.mcpbroker.metrics.BrokerMetrics;
import dev.mcpbroker.policy.PolicyObserver;

/** Feeds what the policy engine observes into the broker's metrics. */
final class PolicyMetrics implements PolicyObserver {
  private final BrokerMetrics metrics;

  PolicyMetrics(BrokerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void evaluated(long nanos) {
    metrics.policyEvaluated(nanos);
  }

  @Override
  public void obligationHit(String tool, String kind) {
    metrics.obligationHit(tool, kind);
  }

  @Override
  public void signal(String tool, String signal) {
    metrics.signal(tool, signal);
  }
}
