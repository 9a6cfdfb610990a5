package dev.mcpbroker.redteam;

import java.util.Arrays;

/** The layer of the broker's defence expected to stop a scenario (or observed stopping a call). */
enum Layer {
  AUTHENTICATION("authentication"),
  CATALOG_SCHEMA("catalog/schema"),
  POLICY("policy"),
  OBLIGATION("obligation"),
  BACKEND("backend"),
  TRANSPORT("transport");

  final String wire;

  Layer(String wire) {
    this.wire = wire;
  }

  static Layer of(String text, String where) {
    return Arrays.stream(values()).filter(l -> l.wire.equals(text)).findFirst().orElseThrow(() ->
        new IllegalArgumentException(where + ": \"" + text + "\" (expected: one of authentication, catalog/schema,"
            + " policy, obligation, backend, transport)"));
  }

  @Override
  public String toString() {
    return wire;
  }
}
