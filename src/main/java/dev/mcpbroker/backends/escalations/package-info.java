/**
 * The {@code escalations} reference backend: a standalone MCP server with the tool
 * {@code escalate}, which opens a ticket for a human, and a Java API that lists the tickets.
 *
 * <p>Owns: the {@code tickets} table. May depend on the database, the gate and the shared server;
 * never on the broker's packages.
 */
package dev.mcpbroker.backends.escalations;
