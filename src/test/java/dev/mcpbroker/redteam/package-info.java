/**
 * The red-team suite: adversarial scenarios kept as data under {@code integration-tests/scenarios/}
 * (one YAML file each), run against the demo stack with the shipped configuration over real MCP
 * HTTP, and judged by an oracle that reads what reached the world (the refunds ledger, the orders
 * backend's record of what it served, the audit log, the denial counter) rather than what the
 * broker answered. Test scope only; depends on the broker, the demo and {@code dev.mcpbroker.testing}.
 */
package dev.mcpbroker.redteam;
