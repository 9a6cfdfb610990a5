package dev.mcpbroker.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Declares one upstream MCP server from {@code tools.yaml}: where it is and how long the broker
 * waits for it.
 *
 * @param name the key under {@code upstreams:}, used by tools to name their upstream
 * @param url the upstream's Streamable HTTP MCP endpoint
 * @param connectTimeout how long to wait for a TCP connection
 * @param callTimeout the deadline of one request, from send to final response
 * @param idleTimeout an upstream session unused this long is closed
 * @param headers static headers sent on every request (never the client's token)
 * @param audience the {@code aud} of the action tokens minted for this upstream; its URL when
 *     not configured
 */
public record UpstreamSpec(
    String name,
    URI url,
    Duration connectTimeout,
    Duration callTimeout,
    Duration idleTimeout,
    Map<String, String> headers,
    String audience) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

  public UpstreamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("url: " + url + " (expected: an http or https URL)");
    }
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
    idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    headers.forEach((k, v) -> {
      // RFC 9110 §5.1 token for the name; no control characters in the value (header injection)
      if (k.isEmpty() || !k.chars().allMatch(c -> c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0)) {
        throw new IllegalArgumentException("headers: '" + k + "' (expected: an HTTP header name)");
      }
      if (v == null || v.chars().anyMatch(c -> (c < 32 && c != '\t') || c == 127)) {
        throw new IllegalArgumentException("headers." + k + ": a value with control characters"
            + " (expected: a single-line header value)");
      }
    });
    audience = audience == null || audience.isBlank() ? url.toString() : audience;
  }

  /** Declares an upstream whose action-token audience is its URL. */
  public UpstreamSpec(String name, URI url, Duration connectTimeout, Duration callTimeout,
      Duration idleTimeout, Map<String, String> headers) {
    this(name, url, connectTimeout, callTimeout, idleTimeout, headers, null);
  }
}
