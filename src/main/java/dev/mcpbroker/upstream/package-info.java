/**
 * The broker's client side towards upstream MCP servers over Streamable HTTP (MCP 2025-11-25,
 * 2025-06-18, 2025-03-26): session handshake, requests with a deadline, SSE answers, resumption,
 * the listening stream and session teardown.
 *
 * <p>Owns nothing about policy: it forwards exactly the message it is given. It may depend on
 * {@code dev.mcpbroker.catalog} (the upstream's description), {@code dev.mcpbroker.json}, the
 * protocol version list in {@code dev.mcpbroker.protocol}, Jackson
 * and the {@link dev.mcpbroker.upstream.UpstreamHttp} client it is given (the transport layer's,
 * on Netty); never on Netty itself.
 * Nothing here blocks a caller's thread: every operation returns a {@code CompletableFuture}.
 */
package dev.mcpbroker.upstream;
