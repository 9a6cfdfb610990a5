/**
 * The HTTP edge: Netty server, Streamable HTTP framing to and from {@link
 * dev.mcpbroker.protocol.Exchange}, Host/Origin checks, body size limits, SSE writing. The only
 * package that imports Netty (ArchitectureTest fails the build otherwise). Depends on protocol,
 * admin (the admin port's endpoint), config and json.
 */
package dev.mcpbroker.transport;
