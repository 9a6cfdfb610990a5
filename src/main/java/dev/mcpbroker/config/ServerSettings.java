package dev.mcpbroker.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Holds how the broker listens: address, MCP endpoint path, request size limit, the Host and
 * Origin allow-lists that stop DNS rebinding, and how long an idle session lives.
 *
 * @param host the address to bind; loopback unless a deployment says otherwise
 * @param port the TCP port; 0 picks a free one (tests)
 * @param path the MCP endpoint path
 * @param maxBodyBytes a request body above this gets 413
 * @param allowedHosts host names accepted in the Host header (port ignored)
 * @param allowedOrigins host names accepted in an Origin header (port and scheme ignored)
 * @param sessionIdleTimeout a session unused this long is ended
 */
public record ServerSettings(
    String host,
    int port,
    String path,
    int maxBodyBytes,
    Set<String> allowedHosts,
    Set<String> allowedOrigins,
    Duration sessionIdleTimeout) {

  static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

  public ServerSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("server.host: " + host + " (expected: an address)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("server.port: " + port + " (expected: 0..65535)");
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("server.path: " + path + " (expected: a path starting with /)");
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("server.maxBodyBytes: " + maxBodyBytes + " (expected: >= 1024)");
    }
    allowedHosts = lower(allowedHosts);
    allowedOrigins = lower(allowedOrigins);
    if (sessionIdleTimeout == null || sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "server.sessionIdleTimeout: " + sessionIdleTimeout + " (expected: a positive duration)");
    }
  }

  /** Returns loopback defaults on {@code port}: the only safe defaults before authentication. */
  public static ServerSettings loopback(int port) {
    return new ServerSettings("127.0.0.1", port, "/mcp", 1 << 20,
        Set.copyOf(LOOPBACK_NAMES), Set.copyOf(LOOPBACK_NAMES), Duration.ofMinutes(30));
  }

  /** Returns the MCP endpoint's URL when listening on {@code boundPort} (IPv6 hosts in brackets). */
  public java.net.URI endpointUrl(int boundPort) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return java.net.URI.create("http://" + h + ":" + boundPort + path);
  }

  /** Returns a copy listening on {@code newPort}. */
  public ServerSettings withPort(int newPort) {
    return new ServerSettings(host, newPort, path, maxBodyBytes, allowedHosts, allowedOrigins,
        sessionIdleTimeout);
  }

  private static Set<String> lower(Set<String> names) {
    if (names == null || names.isEmpty()) {
      return Set.copyOf(LOOPBACK_NAMES);
    }
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }
}
