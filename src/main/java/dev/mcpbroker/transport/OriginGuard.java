package dev.mcpbroker.transport;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Checks Host and Origin against allow-lists, so that a web page whose DNS name was rebound to
 * this machine cannot drive the broker (MCP 2025-11-25 basic/transports, security warning: servers
 * MUST validate the Origin header).
 */
final class OriginGuard {
  private final Set<String> hosts;
  private final Set<String> origins;

  OriginGuard(Set<String> hosts, Set<String> origins) {
    this.hosts = hosts;
    this.origins = origins;
  }

  /** Returns null when allowed, else the reason. */
  String check(String host, String origin) {
    if (host == null || host.isBlank()) {
      return "Host header: missing (expected: one of " + hosts + ")";
    }
    String hostName = hostName(host);
    if (!hosts.contains(hostName)) {
      return "Host header: " + host + " (expected: one of " + hosts + ")";
    }
    if (origin != null) {
      String originHost = originHost(origin);
      if (originHost == null || !origins.contains(originHost)) {
        return "Origin header: " + origin + " (expected: an origin on one of " + origins + ")";
      }
    }
    return null;
  }

  /** Returns the host part of a Host header, lower case, without the port; IPv6 keeps brackets. */
  static String hostName(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static String originHost(String origin) {
    try {
      URI uri = URI.create(origin.trim());
      String host = uri.getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
