package dev.mcpbroker.protocol;

import java.util.List;

/** Lists the MCP protocol versions the broker speaks and negotiates one (MCP basic/lifecycle). */
public final class McpVersions {
  public static final String LATEST = "2025-11-25";
  /** Newest first. 2025-03-26 is spoken for clients that still announce it. */
  public static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26");
  /** Assumed when a request carries no MCP-Protocol-Version header (basic/transports). */
  public static final String ASSUMED_WITHOUT_HEADER = "2025-03-26";

  private McpVersions() {}

  /** Returns the client's version when supported, else the latest (the client then decides). */
  public static String negotiate(String requested) {
    return SUPPORTED.contains(requested) ? requested : LATEST;
  }

  /** Tells whether {@code version} may appear in the MCP-Protocol-Version header. */
  public static boolean isSupported(String version) {
    return SUPPORTED.contains(version);
  }
}
