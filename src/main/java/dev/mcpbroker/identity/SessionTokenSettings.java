package dev.mcpbroker.identity;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How session tokens are verified: the trusted issuer, this broker's resource URI, lifetimes, and
 * where the issuer's keys come from (a local JWKS file or a JWKS URL, exactly one).
 *
 * @param issuer the exact {@code iss} accepted
 * @param audience this broker's resource URI; {@code aud} must contain it (RFC 8707 §2)
 * @param maxLifetime the longest {@code exp - iat} accepted; default 15 minutes
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}; default 30 seconds
 * @param requiredScopes scopes every token must carry; default none
 * @param jwksFile a local JWKS file, or null when {@code jwksUrl} is set
 * @param jwksUrl the issuer's JWKS URL (https, or http on loopback only), or null
 * @param jwksMinRefetchInterval the shortest time between two JWKS fetches; default 5 minutes
 * @param entitlementsClaim the claim holding the entitlements object; default {@code entitlements}
 */
public record SessionTokenSettings(
    String issuer,
    URI audience,
    Duration maxLifetime,
    Duration clockSkew,
    Set<String> requiredScopes,
    Path jwksFile,
    URI jwksUrl,
    Duration jwksMinRefetchInterval,
    String entitlementsClaim) {

  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(15);
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final Duration DEFAULT_JWKS_MIN_REFETCH_INTERVAL = Duration.ofMinutes(5);
  public static final String DEFAULT_ENTITLEMENTS_CLAIM = "entitlements";

  public SessionTokenSettings {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("issuer: " + issuer + " (expected: non-blank)");
    }
    if (audience == null || !audience.isAbsolute()) {
      throw new IllegalArgumentException("audience: " + audience + " (expected: an absolute URI)");
    }
    maxLifetime = positive("maxLifetime", maxLifetime, DEFAULT_MAX_LIFETIME);
    clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew: " + clockSkew + " (expected: >= 0)");
    }
    requiredScopes = requiredScopes == null ? Set.of() : Set.copyOf(requiredScopes);
    if ((jwksFile == null) == (jwksUrl == null)) {
      throw new IllegalArgumentException(
          "jwksFile: " + jwksFile + ", jwksUrl: " + jwksUrl + " (expected: exactly one)");
    }
    if (jwksUrl != null) {
      checkJwksUrl(jwksUrl);
    }
    jwksMinRefetchInterval =
        positive("jwksMinRefetchInterval", jwksMinRefetchInterval, DEFAULT_JWKS_MIN_REFETCH_INTERVAL);
    entitlementsClaim =
        entitlementsClaim == null || entitlementsClaim.isBlank() ? DEFAULT_ENTITLEMENTS_CLAIM : entitlementsClaim;
  }

  /** Settings with defaults that trust the keys in a local JWKS file. */
  public static SessionTokenSettings withJwksFile(String issuer, URI audience, Path jwksFile) {
    return new SessionTokenSettings(issuer, audience, null, null, null, jwksFile, null, null, null);
  }

  /** Settings with defaults that trust the keys published at an issuer's JWKS URL. */
  public static SessionTokenSettings withJwksUrl(String issuer, URI audience, URI jwksUrl) {
    return new SessionTokenSettings(issuer, audience, null, null, null, null, jwksUrl, null, null);
  }

  // Keys fetched over plain http could be swapped by anyone on the path; loopback is for tests.
  static void checkJwksUrl(URI url) {
    String scheme = url.getScheme();
    String host = url.getHost();
    boolean loopback = "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    if (!"https".equalsIgnoreCase(scheme) && !("http".equalsIgnoreCase(scheme) && loopback)) {
      throw new IllegalArgumentException("jwksUrl: " + url + " (expected: https, or http on loopback)");
    }
  }

  private static Duration positive(String name, Duration value, Duration fallback) {
    Duration d = value == null ? fallback : value;
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
    return d;
  }
}
