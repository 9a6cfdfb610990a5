/**
 * The one strict Jackson mapper for wire JSON and RFC 8785 canonical serialization with SHA-256
 * digests. Depends on nothing else in the broker.
 */
package dev.mcpbroker.json;
