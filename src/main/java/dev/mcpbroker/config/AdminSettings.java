package dev.mcpbroker.config;

import java.nio.file.Path;

/**
 * Says where the admin API listens (its own port, loopback by default) and where its bearer token
 * is kept.
 *
 * @param host the address to bind; outside loopback the token file must exist before start
 * @param port the TCP port; 0 picks a free one
 * @param tokenFile the file holding the admin token; on loopback a missing one is created with a
 *     random token (readable by the owner only)
 */
public record AdminSettings(String host, int port, Path tokenFile) {
  public static final int DEFAULT_PORT = 9090;

  public AdminSettings {
    host = host == null ? "127.0.0.1" : host;
    if (host.isBlank()) {
      throw new IllegalArgumentException("admin.host: \"\" (expected: an address)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin.port: " + port + " (expected: 0..65535)");
    }
    tokenFile = tokenFile == null ? Path.of(".mcp-broker", "admin-token") : tokenFile;
  }

  /** The defaults: {@code 127.0.0.1:9090}, token in {@code .mcp-broker/admin-token}. */
  public static AdminSettings defaults() {
    return new AdminSettings(null, DEFAULT_PORT, null);
  }

  /** Loopback on an ephemeral port with the token file in {@code base} (tests, a second demo). */
  public static AdminSettings ephemeralUnder(Path base) {
    return new AdminSettings(null, 0, base.resolve("admin-token"));
  }

  /** Returns these settings on {@code port}. */
  public AdminSettings withPort(int p) {
    return new AdminSettings(host, p, tokenFile);
  }
}
