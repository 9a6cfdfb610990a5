package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.UpstreamSpec;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Opens MCP sessions with one upstream server over Streamable HTTP. One per upstream; all share
 * one {@link UpstreamHttp} client, which pools keep-alive connections per upstream.
 */
public final class UpstreamClient {

  /** The largest single message accepted from an upstream unless configured otherwise. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  /** The versions that define Streamable HTTP; 2024-11-05 used the older HTTP+SSE transport. */
  public static final Set<String> SUPPORTED_VERSIONS =
      Set.of("2025-11-25", "2025-06-18", "2025-03-26");

  static final String VERSION =
      Objects.requireNonNullElse(UpstreamClient.class.getPackage().getImplementationVersion(), "dev");

  private final UpstreamSpec spec;
  private final UpstreamHttp http;
  private final int maxMessageBytes;

  public UpstreamClient(UpstreamSpec spec, UpstreamHttp http) {
    this(spec, http, DEFAULT_MAX_MESSAGE_BYTES);
  }

  public UpstreamClient(UpstreamSpec spec, UpstreamHttp http, int maxMessageBytes) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.http = Objects.requireNonNull(http, "http");
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " (expected: > 0)");
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  public UpstreamSpec spec() {
    return spec;
  }

  /**
   * Sends initialize with the given version, capabilities and clientInfo {@code mcp-broker}, then
   * notifications/initialized.
   */
  public CompletableFuture<UpstreamSession> open(
      String protocolVersion, ObjectNode clientCapabilities) {
    Objects.requireNonNull(protocolVersion, "protocolVersion");
    Objects.requireNonNull(clientCapabilities, "clientCapabilities");
    return UpstreamSession.open(this, protocolVersion, clientCapabilities);
  }

  UpstreamHttp http() {
    return http;
  }

  int maxMessageBytes() {
    return maxMessageBytes;
  }
}
