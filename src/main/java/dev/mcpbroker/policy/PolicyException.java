package dev.mcpbroker.policy;

/**
 * Reports a policy file that cannot be used; the message starts with {@code file:line: } and names
 * the field, the value and the expectation. The last good snapshot stays in force.
 */
public final class PolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
