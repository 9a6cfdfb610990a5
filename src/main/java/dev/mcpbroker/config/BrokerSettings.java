package dev.mcpbroker.config;

/**
 * Holds everything {@code broker.yaml} configures: how the broker listens, how clients
 * authenticate, where decisions are audited, and where the admin API listens.
 */
public record BrokerSettings(ServerSettings server, AuthSettings auth, AuditSettings audit, AdminSettings admin) {
  public BrokerSettings {
    if (server == null || auth == null) {
      throw new IllegalArgumentException("server and auth are required");
    }
    audit = audit == null ? new AuditSettings(null, null, 0, null) : audit;
    admin = admin == null ? AdminSettings.defaults() : admin;
  }

  /** Settings with the admin API's defaults. */
  public BrokerSettings(ServerSettings server, AuthSettings auth, AuditSettings audit) {
    this(server, auth, audit, null);
  }

  /** Returns these settings with {@code a} for the admin API. */
  public BrokerSettings withAdmin(AdminSettings a) {
    return new BrokerSettings(server, auth, audit, a);
  }
}
