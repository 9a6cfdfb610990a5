package dev.mcpbroker.config;

/**
 * Holds everything {@code broker.yaml} configures: how the broker listens, how clients
 * authenticate, and where decisions are audited.
 */
public record BrokerSettings(ServerSettings server, AuthSettings auth, AuditSettings audit) {
  public BrokerSettings {
    if (server == null || auth == null) {
      throw new IllegalArgumentException("server and auth are required");
    }
    audit = audit == null ? new AuditSettings(null, null, 0, null) : audit;
  }
}
