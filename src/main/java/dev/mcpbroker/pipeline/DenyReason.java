package dev.mcpbroker.pipeline;

/**
 * Names why a call was refused: a closed set of stable codes that clients, audit entries and
 * metrics labels can rely on.
 */
public enum DenyReason {
  /** The tool is not declared, or withheld (pin mismatch, upstream unreachable). */
  UNKNOWN_TOOL("unknown_tool"),
  /** An operator disabled the tool for everyone (admin API); it is withheld from tools/list too. */
  TOOL_DISABLED("tool_disabled"),
  /** The arguments fail the tool's schema. */
  INVALID_ARGUMENTS("invalid_arguments"),
  /** The upstream could not be reached or refused the connection. */
  UPSTREAM_UNAVAILABLE("upstream_unavailable"),
  /** The upstream did not answer within its deadline. */
  UPSTREAM_TIMEOUT("upstream_timeout"),
  /** The upstream answered with something that is not a valid MCP response. */
  UPSTREAM_ERROR("upstream_error"),
  /** The policy refused the call; the rule's own reason code goes to the client and the audit. */
  POLICY_DENIED("policy_denied"),
  /** The caller's identity could not be put in policy terms (no authenticated principal). */
  NO_PRINCIPAL("no_principal"),
  /** The decision could not be recorded, so a state-changing call is not forwarded. */
  AUDIT_UNAVAILABLE("audit_unavailable");

  private final String code;

  DenyReason(String code) {
    this.code = code;
  }

  /** Returns the stable code, e.g. {@code invalid_arguments}. */
  public String code() {
    return code;
  }
}
