package dev.mcpbroker;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mcpbroker.config.AuthSettings;
import dev.mcpbroker.identity.ActionTokenMinter;
import dev.mcpbroker.identity.DevIssuer;
import dev.mcpbroker.identity.Revocations;
import dev.mcpbroker.identity.SessionTokenSettings;
import dev.mcpbroker.identity.SessionTokenVerifier;
import dev.mcpbroker.identity.SigningKeys;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Assembles the broker's identity pieces from {@code auth} settings: who may call (the session
 * token verifier, with revocations), the development issuer when configured, and the keys that
 * sign action tokens.
 *
 * @param resource this broker's resource URI, the {@code aud} session tokens must carry
 * @param verifier checks session tokens
 * @param revocations the deny-lists of agents, sessions and tokens
 * @param devIssuer mints development session tokens, or null when an external issuer is used
 * @param actionKeys the action-token signing keys (published at /.well-known/jwks.json)
 * @param minter mints action tokens
 */
public record BrokerIdentity(URI resource, SessionTokenVerifier verifier, Revocations revocations,
    DevIssuer devIssuer, SigningKeys actionKeys, ActionTokenMinter minter) {

  /** The {@code iss} of action tokens; backends are configured with it. */
  public static final String ACTION_TOKEN_ISSUER = "urn:mcp-broker";
  // keep a rotated-out key published for the longest action-token lifetime allowed
  private static final Duration KEY_RETENTION = Duration.ofMinutes(5);

  /** Builds the identity of a broker whose resource URI is {@code resource}, revocations in memory. */
  public static BrokerIdentity create(AuthSettings auth, URI resource) {
    return create(auth, resource, new Revocations());
  }

  /** Builds the identity of a broker whose resource URI is {@code resource}, with {@code revocations}. */
  public static BrokerIdentity create(AuthSettings auth, URI resource, Revocations revocations) {
    DevIssuer dev = null;
    SessionTokenSettings tokens;
    if (auth.devIssuer()) {
      dev = devIssuer(auth, resource);
      Path jwks = publishDevKeys(dev);
      tokens = new SessionTokenSettings(auth.issuer(), resource, auth.maxLifetime(), auth.clockSkew(),
          auth.requiredScopes(), jwks, null, auth.jwksRefetchInterval(), null);
    } else {
      tokens = new SessionTokenSettings(auth.issuer(), resource, auth.maxLifetime(), auth.clockSkew(),
          auth.requiredScopes(), auth.jwksFile(), auth.jwksUrl(), auth.jwksRefetchInterval(), null);
    }
    SigningKeys keys = new SigningKeys(KEY_RETENTION);
    return new BrokerIdentity(resource, new SessionTokenVerifier(tokens, revocations), revocations, dev, keys,
        new ActionTokenMinter(ACTION_TOKEN_ISSUER, keys));
  }

  /** Returns the development issuer for {@code auth} without starting a broker (token minting). */
  public static DevIssuer devIssuer(AuthSettings auth, URI resource) {
    return new DevIssuer(auth.issuer(), resource, auth.devIssuerKeyFile(), auth.maxLifetime(), null, Clock.systemUTC());
  }

  /** The well-known path of protected-resource metadata (RFC 9728 §3). */
  public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

  /**
   * Returns where clients find the protected-resource metadata of {@code resource}: RFC 9728 §3.1
   * inserts the well-known path between the host and the path of the resource identifier, and
   * §3.3 has clients check that the document's {@code resource} is that identifier. So the URL is
   * built from the resource URI (the name clients know), not from the address the broker binds.
   */
  public static URI metadataUrl(URI resource) {
    String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
    return URI.create(resource.getScheme() + "://" + resource.getRawAuthority() + METADATA_PATH + path
        + (resource.getRawQuery() == null ? "" : "?" + resource.getRawQuery()));
  }

  /** Returns the RFC 9728 protected-resource metadata of this broker. */
  public static Map<String, Object> metadata(URI resource, AuthSettings auth) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resource", resource.toString());
    m.put("authorization_servers", auth.authorizationServers());
    if (!auth.scopesSupported().isEmpty()) {
      m.put("scopes_supported", auth.scopesSupported());
    }
    m.put("bearer_methods_supported", java.util.List.of("header"));
    m.put("resource_name", "MCP Broker");
    return m;
  }

  /** Returns the action-token JWKS as JSON for publication. */
  public Object jwks() {
    try {
      return Json.MAPPER.readTree(actionKeys.jwks());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // the verifier reads a JWKS file; the development issuer's public key is written beside its key
  private static Path publishDevKeys(DevIssuer dev) {
    Path file = dev.keyFile().resolveSibling("dev-issuer-jwks.json");
    try {
      Files.writeString(file, dev.publicJwks());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
