package dev.mcpbroker.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads {@code broker.yaml}, the broker's own settings (the catalog and policies live in their
 * own files): how it listens (loopback defaults) and how clients authenticate (required). Unknown
 * keys are errors, so that a typo never silently leaves a default in force.
 */
public final class BrokerSettingsLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .addHandler(new DeserializationProblemHandler() {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
            JsonDeserializer<?> deserializer, Object bean, String property) {
          // the exception Jackson would throw carries the parser's position after the key;
          // the token's own start is the line the operator has to fix
          throw new UnknownKey(p.currentTokenLocation().getLineNr(), property,
              deserializer.getKnownPropertyNames());
        }
      });

  /** An unknown key, with the line it starts on. */
  private static final class UnknownKey extends RuntimeException {
    final int line;
    final String key;
    final java.util.Collection<Object> known;

    UnknownKey(int line, String key, java.util.Collection<Object> known) {
      super(key, null, false, false);
      this.line = line;
      this.key = key;
      this.known = known;
    }
  }

  private BrokerSettingsLoader() {}

  // Plain field-bound classes rather than records: Jackson buffers a record's tokens before
  // construction and loses the line of an unknown key, which the error message must name.
  static final class File {
    public Server server;
    public Auth auth;
    public ActionTokens actionTokens;
    public Audit audit;
    public Admin admin;
  }

  static final class Admin {
    public String host;
    public Integer port;
    public String tokenFile;
  }

  static final class Audit {
    public String dir;
    public String keyFile;
    public Long checkpointEvery;
    public String checkpointInterval;
    public Long maxFileBytes;
    public String maxFileAge;
  }

  static final class Auth {
    public String issuer;
    public String resource;
    public String jwksFile;
    public String jwksUrl;
    public String jwksRefetchInterval;
    public String maxLifetime;
    public String clockSkew;
    public Set<String> requiredScopes;
    public java.util.List<String> authorizationServers;
    public java.util.List<String> scopesSupported;
    public Boolean devIssuer;
    public String devIssuerKeyFile;
  }

  static final class ActionTokens {
    public String ttl;
  }

  static final class Server {
    public String host;
    public Integer port;
    public String path;
    public Integer maxBodyBytes;
    public Set<String> allowedHosts;
    public Set<String> allowedOrigins;
    public String sessionIdleTimeout;
  }

  /**
   * Loads {@code file}. Server settings default to loopback on {@code defaultPort}; the {@code
   * auth} section is required, since nothing turns authentication off.
   */
  public static BrokerSettings load(Path file, int defaultPort) {
    if (!Files.exists(file)) {
      throw new ConfigException(file + ": missing (expected: broker settings with an auth section)");
    }
    try {
      File parsed = YAML.readValue(file.toFile(), File.class);
      if (parsed == null || parsed.auth == null) {
        throw new ConfigException(file + ": auth: missing (expected: an issuer with jwksFile or jwksUrl,"
            + " or devIssuer: true for development)");
      }
      return new BrokerSettings(server(parsed, defaultPort), auth(parsed, file.getParent()), audit(parsed),
          admin(parsed));
    } catch (UnknownKey e) {
      throw new ConfigException(file + ":" + e.line + ": " + e.key + ": unknown key (expected one of: " + e.known + ")");
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof UnknownKey u) {
        throw new ConfigException(file + ":" + u.line + ": " + u.key + ": unknown key (expected one of: " + u.known + ")");
      }
      throw new ConfigException(file + ":" + line(e) + ": " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException(file + ": unreadable (" + e.getMessage() + ")");
    }
  }

  private static AuthSettings auth(File parsed, Path dir) {
    Auth a = parsed.auth;
    Path base = dir == null ? Path.of(".") : dir;
    return new AuthSettings(a.issuer,
        a.resource == null ? null : java.net.URI.create(a.resource),
        a.jwksFile == null ? null : base.resolve(a.jwksFile),
        a.jwksUrl == null ? null : java.net.URI.create(a.jwksUrl),
        a.maxLifetime == null ? null : Durations.parse("auth.maxLifetime", a.maxLifetime),
        a.clockSkew == null ? null : Durations.parse("auth.clockSkew", a.clockSkew),
        a.requiredScopes, a.authorizationServers, a.scopesSupported,
        Boolean.TRUE.equals(a.devIssuer),
        a.devIssuerKeyFile == null ? null : Path.of(a.devIssuerKeyFile),
        parsed.actionTokens == null || parsed.actionTokens.ttl == null ? null
            : Durations.parse("actionTokens.ttl", parsed.actionTokens.ttl),
        a.jwksRefetchInterval == null ? null : Durations.parse("auth.jwksRefetchInterval", a.jwksRefetchInterval));
  }

  private static AuditSettings audit(File parsed) {
    Audit a = parsed.audit == null ? new Audit() : parsed.audit;
    return new AuditSettings(a.dir == null ? null : Path.of(a.dir), a.keyFile == null ? null : Path.of(a.keyFile),
        a.checkpointEvery == null ? 0 : a.checkpointEvery,
        a.checkpointInterval == null ? null : Durations.parse("audit.checkpointInterval", a.checkpointInterval),
        a.maxFileBytes == null ? 0 : a.maxFileBytes,
        a.maxFileAge == null ? null : Durations.parse("audit.maxFileAge", a.maxFileAge));
  }

  private static AdminSettings admin(File parsed) {
    Admin a = parsed.admin == null ? new Admin() : parsed.admin;
    return new AdminSettings(a.host, a.port == null ? AdminSettings.DEFAULT_PORT : a.port,
        a.tokenFile == null ? null : Path.of(a.tokenFile));
  }

  private static ServerSettings server(File parsed, int defaultPort) {
    ServerSettings defaults = ServerSettings.loopback(defaultPort);
    Server s = parsed.server == null ? new Server() : parsed.server;
    return new ServerSettings(
        s.host != null ? s.host : defaults.host(),
        s.port != null ? s.port : defaults.port(),
        s.path != null ? s.path : defaults.path(),
        s.maxBodyBytes != null ? s.maxBodyBytes : defaults.maxBodyBytes(),
        s.allowedHosts != null ? s.allowedHosts : defaults.allowedHosts(),
        s.allowedOrigins != null ? s.allowedOrigins : defaults.allowedOrigins(),
        s.sessionIdleTimeout != null
            ? Durations.parse("server.sessionIdleTimeout", s.sessionIdleTimeout)
            : defaults.sessionIdleTimeout());
  }

  private static int line(JsonMappingException e) {
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }
}
