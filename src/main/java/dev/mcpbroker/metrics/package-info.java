/**
 * The broker's Prometheus metrics: one {@link dev.mcpbroker.metrics.BrokerMetrics} per broker,
 * with label values from closed sets only (catalog tool names, reason codes), never an agent,
 * subject or argument.
 */
package dev.mcpbroker.metrics;
