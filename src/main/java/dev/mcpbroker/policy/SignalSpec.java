package dev.mcpbroker.policy;

import java.util.List;
import java.util.Objects;

/**
 * Declares a signal: a named CEL condition over an allowed call of one of {@code tools}, counted
 * when it holds (metrics {@code mcp_broker_policy_signals_total{tool, signal}}), never enforced.
 * It lets an alert see what policy allows but an operator wants to watch, such as refunds just
 * under the cap.
 */
record SignalSpec(String path, String name, List<String> tools, String when) {
  SignalSpec {
    Objects.requireNonNull(name, "name");
    tools = List.copyOf(tools);
    Objects.requireNonNull(when, "when");
  }
}
