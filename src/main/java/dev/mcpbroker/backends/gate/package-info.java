/**
 * The seam where a reference backend decides whether to serve a tool call at all, before any tool
 * logic runs: {@link dev.mcpbroker.backends.gate.CallGate}. Production wiring plugs action-token
 * verification in here; {@link dev.mcpbroker.backends.gate.CallGate#OPEN} is the development
 * stand-in.
 *
 * <p>Owns: the gate's contract and result type, and how the HTTP request's headers reach it
 * ({@link dev.mcpbroker.backends.gate.RequestHeaders}). May depend on the MCP SDK and the servlet
 * API; never on a backend's data.
 */
package dev.mcpbroker.backends.gate;
