package dev.mcpbroker.config;

/** Signals a configuration file the broker refuses to start with; the message names file, line and field. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
