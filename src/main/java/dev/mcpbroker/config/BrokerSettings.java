package dev.mcpbroker.config;

/** Holds everything {@code broker.yaml} configures: how the broker listens and how clients authenticate. */
public record BrokerSettings(ServerSettings server, AuthSettings auth) {
  public BrokerSettings {
    if (server == null || auth == null) {
      throw new IllegalArgumentException("server and auth are required");
    }
  }
}
