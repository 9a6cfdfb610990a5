/**
 * MCP over JSON-RPC, independent of any socket: message decoding, version negotiation, client
 * sessions and their ids, the lazy JSON-or-SSE reply, relaying server-to-client requests with
 * per-session ids. Depends on json and the MCP SDK schema types only.
 */
package dev.mcpbroker.protocol;
