/**
 * The {@code orders} reference backend: a standalone MCP server (the MCP Java SDK's Streamable HTTP
 * servlet on embedded Jetty) with the read-only tools {@code get_order} and {@code list_orders},
 * which the broker's demo fronts. Reads are scoped to the customer the call gate names, and every
 * order served is recorded in {@code orders_served}.
 *
 * <p>Owns: the order data model, the {@link dev.mcpbroker.backends.orders.OrderBook} it is read
 * from, the demo seed, and the tool definitions whose pins {@code config/tools.yaml} records. May
 * depend on the database, the gate, the shared server, the MCP SDK, Jetty and Jackson; never on the broker's packages, since it stands in for a service a
 * deployment runs on its own.
 */
package dev.mcpbroker.backends.orders;
