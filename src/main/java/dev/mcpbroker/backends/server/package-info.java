/**
 * What the reference backends share: an MCP server on the SDK's Streamable HTTP servlet transport
 * on embedded Jetty ({@link dev.mcpbroker.backends.server.McpHttpServer}), and the wrapper that
 * puts every tool behind the {@link dev.mcpbroker.backends.gate.CallGate}
 * ({@link dev.mcpbroker.backends.server.GatedTools}).
 *
 * <p>Owns: the HTTP edge of a backend (allowed hosts, no browser origins) and the shape of tool
 * results. May depend on the MCP SDK, Jetty, Jackson and the gate; never on a backend's data.
 */
package dev.mcpbroker.backends.server;
