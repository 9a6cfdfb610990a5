/**
 * The operators' HTTP API, on its own port: health, readiness and Prometheus metrics without a
 * token; behind the admin token, the kill switch (revocations), the per-tool switch, pending
 * approvals, policy reload and the policy in force. Every {@code /admin/...} request is audited.
 *
 * <p>Owns the routes, request validation and answers; plain Java that tests drive without sockets
 * through {@link dev.mcpbroker.admin.AdminEndpoint}, which the transport calls. Depends on audit,
 * config, json, policy (approvals, reload outcomes) and the {@link dev.mcpbroker.admin.BrokerOperations}
 * the broker implements; never on Netty.
 */
package dev.mcpbroker.admin;
