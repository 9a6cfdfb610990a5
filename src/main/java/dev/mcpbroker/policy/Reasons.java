package dev.mcpbroker.policy;

/** Names the stable reason codes the engine itself reports; rules add their own. */
public final class Reasons {
  private Reasons() {}

  /** No permit rule matched (and the deciding rules named no reason of their own). */
  public static final String NO_MATCHING_RULE = "no_matching_rule";
  /** A CEL expression failed to evaluate (bad input, malformed decimal, missing field). */
  public static final String POLICY_ERROR = "policy_error";
  /** A declared fact could not be fetched. */
  public static final String FACT_UNAVAILABLE = "fact_unavailable";
  /** The rewritten arguments no longer match the tool's schema. */
  public static final String REWRITE_INVALID = "rewrite_invalid";
  /** A rate limit of a matching permit is used up. */
  public static final String RATE_LIMITED = "rate_limited";
  /** A budget of a matching permit would be exceeded. */
  public static final String BUDGET_EXCEEDED = "budget_exceeded";
  /** This session made more calls than the policy's hard cap. */
  public static final String SESSION_CALL_CAP = "session_call_cap";
  /** The tool is not in the catalog the policy was built against. */
  public static final String UNKNOWN_TOOL = "unknown_tool";
  /** A call awaits a human's approval. */
  public static final String APPROVAL_REQUIRED = "approval_required";
  /** A human rejected this exact call. */
  public static final String APPROVAL_REJECTED = "approval_rejected";
  /** A forbid matched without a reason of its own (the parser requires one; kept for safety). */
  public static final String FORBIDDEN = "forbidden";
}
