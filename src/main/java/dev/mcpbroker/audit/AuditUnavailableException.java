package dev.mcpbroker.audit;

/**
 * Signals that an entry could not be made durable (disk full, permission lost, log closed), so
 * the caller must fail closed: nothing that depends on the entry may proceed.
 */
public final class AuditUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditUnavailableException(String message) {
    super(message);
  }

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
