/**
 * The {@code orders} reference backend: a standalone MCP server (the MCP Java SDK's Streamable HTTP
 * servlet on embedded Jetty) with the read-only tools {@code get_order} and {@code list_orders},
 * which the broker's demo fronts.
 *
 * <p>Owns: the order data model, the {@link dev.mcpbroker.backends.orders.OrderBook} it is read
 * from, and the tool definitions whose pins {@code config/tools.yaml} records. May depend on the
 * MCP SDK, Jetty and Jackson; never on the broker's packages, since it stands in for a service a
 * deployment runs on its own.
 */
package dev.mcpbroker.backends.orders;
