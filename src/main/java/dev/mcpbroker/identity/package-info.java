/**
 * Who is calling: verifies the session tokens clients present and mints the single-use action
 * tokens backends receive (DESIGN.md "Tokens").
 *
 * <p>Owns: session-token verification into a {@link dev.mcpbroker.identity.Principal} (JWKS from a
 * file or URL, a verified-token cache, revocation deny-lists), the development issuer, action-token
 * signing keys with rotation, the action-token minter, and the small action-token verifier the
 * reference backends use. Also chooses the JCA provider for signatures ({@link
 * dev.mcpbroker.identity.CryptoProviders}).
 *
 * <p>May depend on nimbus-jose-jwt, Caffeine, the Amazon Corretto Crypto Provider, Jackson and
 * {@code dev.mcpbroker.json}; never on Netty or on any other broker stage, so that a backend can use
 * the action-token verifier without the broker's runtime.
 */
package dev.mcpbroker.identity;
