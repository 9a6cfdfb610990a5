/**
 * The meaning of each MCP method at the broker: tools through the pipeline, resources, prompts
 * and completions federated across the upstreams that declare them, per-session upstream
 * sessions and the relay of upstream notifications, and the policy's fact look-ups through the
 * broker. Depends on protocol, pipeline, catalog, upstream, identity, policy, audit.
 */
package dev.mcpbroker.gateway;
