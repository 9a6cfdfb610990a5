package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receives what an upstream sends while one of our requests is open, or on the listening stream:
 * notifications (progress, logging, list_changed, ...) and server-to-client requests (sampling,
 * elicitation, roots, ping), in the order they arrived.
 *
 * <p>Called on an HTTP client thread: implementations must not block. Answer a server-to-client
 * request with {@link UpstreamSession#respond}.
 */
@FunctionalInterface
public interface UpstreamListener {

  /** Drops everything; for callers that want only the final response. */
  UpstreamListener IGNORE = message -> {};

  void onMessage(ObjectNode message);
}
