/**
 * The {@code refunds} reference backend: a standalone MCP server with the one money-moving tool
 * {@code issue_refund}, which re-checks ownership, currency, the order's remaining refundable
 * amount, its own hard cap and idempotency, and pays and writes the ledger in one transaction.
 *
 * <p>Owns: the {@code ledger} table and its views ({@link dev.mcpbroker.backends.refunds.LedgerView}),
 * the payments-provider seam, and the service's own secrets (payments key, database password),
 * which never leave it. May depend on the database, the gate, the shared server and the orders
 * model; never on the broker's packages.
 */
package dev.mcpbroker.backends.refunds;
