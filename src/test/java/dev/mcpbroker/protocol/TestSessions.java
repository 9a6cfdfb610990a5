package dev.mcpbroker.protocol;

import dev.mcpbroker.json.Json;

/** Opens client sessions for tests outside this package (the store's factory is package-private). */
public final class TestSessions {
  private TestSessions() {}

  /** Returns a new live session in {@code store}, negotiated at {@code version}, no capabilities. */
  public static ClientSession open(SessionStore store, String version) {
    return store.create(version, Json.NODES.objectNode(), null, SessionStoreTest.PRINCIPAL);
  }
}
