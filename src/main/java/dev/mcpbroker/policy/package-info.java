/**
 * The decision engine: loads {@code config/policies.yaml} (rules with CEL conditions, entitlements,
 * declared fact look-ups, rewrites, obligations and embedded tests) into an immutable {@link
 * dev.mcpbroker.policy.PolicySnapshot}, and decides each tool call against it: forbid beats permit,
 * no permit denies, any error denies, each with its own reason code.
 *
 * <p>Owns: the policy file format, CEL compilation and evaluation, fact look-ups and their cache,
 * rate limits, budgets, approvals, hot reload and the {@code policy test/explain} commands. Plain
 * Java: may depend on CEL, Caffeine, Jackson, {@code dev.mcpbroker.json} and {@code
 * dev.mcpbroker.catalog}; never on Netty or on any other broker stage.
 */
package dev.mcpbroker.policy;
