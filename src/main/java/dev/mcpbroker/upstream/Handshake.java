package dev.mcpbroker.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Holds what one successful initialize produced. Replaced as a whole when the session is
 * re-initialized after the upstream forgot it.
 */
record Handshake(String sessionId, String protocolVersion, ObjectNode initializeResult) {}
