/**
 * Loads the tool catalog ({@code config/tools.yaml}): the upstream MCP servers, the tools the
 * broker exposes and how each maps to an upstream tool, the hardened input schemas the broker
 * enforces, and the resource and prompt pass-through allow-lists.
 *
 * <p>Owns: parsing and validating the catalog file, compiling tool input schemas once, and
 * validating call arguments against them. May depend on Jackson, the networknt JSON Schema
 * validator and {@code dev.mcpbroker.json}; never on Netty or on any other broker stage.
 */
package dev.mcpbroker.catalog;
