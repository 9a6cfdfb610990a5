package dev.mcpbroker.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Says how clients prove who they are: the issuer whose session tokens the broker accepts and
 * where its keys are, or the development issuer; and how long action tokens live. There is no
 * setting that turns authentication off.
 *
 * @param issuer the {@code iss} accepted; for the development issuer, defaults to {@link #DEV_ISSUER}
 * @param resource this broker's resource URI ({@code aud}, RFC 8707); null = the MCP endpoint's URL
 * @param jwksFile a local JWKS file with the issuer's keys, or null
 * @param jwksUrl the issuer's JWKS URL, or null (exactly one of the two, unless devIssuer)
 * @param maxLifetime tokens issued for longer are refused
 * @param clockSkew tolerated clock difference for exp/nbf/iat
 * @param requiredScopes scopes every token must carry (else 403 insufficient_scope)
 * @param authorizationServers published in the protected-resource metadata (RFC 9728)
 * @param scopesSupported published in the protected-resource metadata
 * @param devIssuer whether the broker signs development tokens itself (key kept on disk)
 * @param devIssuerKeyFile where the development key lives
 * @param actionTokenTtl lifetime of the per-call action tokens sent to backends
 * @param jwksRefetchInterval the shortest time between two fetches of the issuer's keys, also when
 *     a token names an unknown {@code kid}; default 5 minutes
 */
public record AuthSettings(
    String issuer,
    URI resource,
    Path jwksFile,
    URI jwksUrl,
    Duration maxLifetime,
    Duration clockSkew,
    Set<String> requiredScopes,
    List<String> authorizationServers,
    List<String> scopesSupported,
    boolean devIssuer,
    Path devIssuerKeyFile,
    Duration actionTokenTtl,
    Duration jwksRefetchInterval) {

  /** The issuer name of development tokens. */
  public static final String DEV_ISSUER = "urn:mcp-broker:dev-issuer";

  public AuthSettings {
    if (devIssuer) {
      issuer = issuer == null ? DEV_ISSUER : issuer;
      if (jwksFile != null || jwksUrl != null) {
        throw new IllegalArgumentException("auth.jwksFile/jwksUrl: set with devIssuer: true (expected: one or the other)");
      }
      devIssuerKeyFile = devIssuerKeyFile == null ? Path.of(".mcp-broker", "dev-issuer-key.json") : devIssuerKeyFile;
    } else {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalArgumentException("auth.issuer: missing (expected: the issuer of session tokens, or devIssuer: true)");
      }
      if ((jwksFile == null) == (jwksUrl == null)) {
        throw new IllegalArgumentException("auth.jwksFile/jwksUrl: " + (jwksFile == null ? "neither" : "both")
            + " (expected: exactly one)");
      }
    }
    maxLifetime = maxLifetime == null ? Duration.ofMinutes(15) : maxLifetime;
    clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
    requiredScopes = requiredScopes == null ? Set.of() : Set.copyOf(requiredScopes);
    authorizationServers = authorizationServers == null ? List.of(issuer) : List.copyOf(authorizationServers);
    scopesSupported = scopesSupported == null ? List.copyOf(requiredScopes) : List.copyOf(scopesSupported);
    actionTokenTtl = actionTokenTtl == null ? Duration.ofSeconds(30) : actionTokenTtl;
    if (actionTokenTtl.compareTo(Duration.ofMinutes(5)) > 0 || actionTokenTtl.isNegative() || actionTokenTtl.isZero()) {
      throw new IllegalArgumentException("actionTokens.ttl: " + actionTokenTtl + " (expected: between 1s and 5m)");
    }
    jwksRefetchInterval = jwksRefetchInterval == null ? Duration.ofMinutes(5) : jwksRefetchInterval;
    if (jwksRefetchInterval.isNegative() || jwksRefetchInterval.isZero()) {
      throw new IllegalArgumentException("auth.jwksRefetchInterval: " + jwksRefetchInterval + " (expected: > 0)");
    }
  }

  /** Settings with the default JWKS refetch interval. */
  public AuthSettings(String issuer, URI resource, Path jwksFile, URI jwksUrl, Duration maxLifetime,
      Duration clockSkew, Set<String> requiredScopes, List<String> authorizationServers,
      List<String> scopesSupported, boolean devIssuer, Path devIssuerKeyFile, Duration actionTokenTtl) {
    this(issuer, resource, jwksFile, jwksUrl, maxLifetime, clockSkew, requiredScopes, authorizationServers,
        scopesSupported, devIssuer, devIssuerKeyFile, actionTokenTtl, null);
  }

  /** Development settings: the broker's own issuer with its key in {@code keyFile}. */
  public static AuthSettings development(Path keyFile) {
    return new AuthSettings(null, null, null, null, null, null, null, null, null, true, keyFile, null);
  }
}
