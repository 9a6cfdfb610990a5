package dev.mcpbroker.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads {@code broker.yaml}, the broker's own settings (the catalog and policies live in their
 * own files). The file is optional: without it the broker listens on loopback defaults. Unknown
 * keys are errors, so that a typo never silently leaves a default in force.
 */
public final class BrokerSettingsLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private BrokerSettingsLoader() {}

  record File(@JsonProperty("server") Server server) {}

  record Server(String host, Integer port, String path, Integer maxBodyBytes, Set<String> allowedHosts,
      Set<String> allowedOrigins, String sessionIdleTimeout) {}

  /** Loads {@code file} if it exists, else returns the loopback defaults on {@code defaultPort}. */
  public static ServerSettings load(Path file, int defaultPort) {
    ServerSettings defaults = ServerSettings.loopback(defaultPort);
    if (!Files.exists(file)) {
      return defaults;
    }
    try {
      File parsed = YAML.readValue(file.toFile(), File.class);
      Server s = parsed == null || parsed.server() == null ? new Server(null, null, null, null, null, null, null) : parsed.server();
      return new ServerSettings(
          s.host() != null ? s.host() : defaults.host(),
          s.port() != null ? s.port() : defaults.port(),
          s.path() != null ? s.path() : defaults.path(),
          s.maxBodyBytes() != null ? s.maxBodyBytes() : defaults.maxBodyBytes(),
          s.allowedHosts() != null ? s.allowedHosts() : defaults.allowedHosts(),
          s.allowedOrigins() != null ? s.allowedOrigins() : defaults.allowedOrigins(),
          s.sessionIdleTimeout() != null
              ? Durations.parse("server.sessionIdleTimeout", s.sessionIdleTimeout())
              : defaults.sessionIdleTimeout());
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(file + ":" + line(e) + ": " + e.getPropertyName()
          + ": unknown key (expected one of: " + e.getKnownPropertyIds() + ")");
    } catch (JsonMappingException e) {
      throw new ConfigException(file + ":" + line(e) + ": " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException(file + ": unreadable (" + e.getMessage() + ")");
    }
  }

  private static int line(JsonMappingException e) {
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }
}
