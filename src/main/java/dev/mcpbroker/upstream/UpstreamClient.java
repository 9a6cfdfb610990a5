package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.catalog.UpstreamSpec;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Opens MCP sessions with one upstream server over Streamable HTTP. One per upstream; all share
 * one {@link HttpClient}, which pools keep-alive connections per host.
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
  private final HttpClient http;
  private final int maxMessageBytes;

  public UpstreamClient(UpstreamSpec spec, HttpClient http) {
    this(spec, http, DEFAULT_MAX_MESSAGE_BYTES);
  }

  public UpstreamClient(UpstreamSpec spec, HttpClient http, int maxMessageBytes) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.http = Objects.requireNonNull(http, "http");
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " (expected: > 0)");
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Builds the shared client: HTTP/1.1 because MCP's SSE streams are long-lived responses that
   * gain nothing from h2 and h2c upgrades would add a round trip; no redirects, because a
   * redirected POST could carry the upstream credentials somewhere else.
   */
  public static HttpClient newHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
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

  HttpClient http() {
    return http;
  }

  int maxMessageBytes() {
    return maxMessageBytes;
  }
}
