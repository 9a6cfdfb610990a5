package dev.mcpbroker.pipeline;

/** One step of the tool-call chain: takes the call context and returns an outcome, never throws for bad input. */
@FunctionalInterface
public interface Stage {
  StageOutcome apply(CallContext context);
}
