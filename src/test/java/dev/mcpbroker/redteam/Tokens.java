package dev.mcpbroker.redteam;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpbroker.Broker;
import dev.mcpbroker.testing.TokenForge;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;

/**
 * Makes the session token of a scenario's principal: a good one from the demo's development
 * issuer, or the forgery its {@code token:} names (every attack of the identity issue).
 */
final class Tokens {
  private final Broker broker;
  private final TokenForge forge;

  Tokens(Broker broker) throws Exception {
    this.broker = broker;
    this.forge = TokenForge.of(broker);
  }

  /** The bearer token to send, or null to send no Authorization header at all. */
  String of(Scenario.PrincipalSpec p) throws Exception {
    String agent = p.agent();
    String subject = p.subject();
    JWTClaimsSet good = forge.claims(agent, subject).build();
    return switch (p.token()) {
      case "valid" -> broker.identity().devIssuer().mint(agent, subject, Duration.ofMinutes(10), Set.of(), Map.of());
      // a validly signed token whose holder wrote itself a huge refund limit: limits come from
      // policies.yaml, never from the token
      case "self_entitled" -> broker.identity().devIssuer().mint(agent, subject, Duration.ofMinutes(10), Set.of(),
          Map.of("refund_limit", "1000000.00"));
      case "missing", "not_bearer" -> null;
      case "garbage" -> "not-a-jwt";
      case "alg_none" -> TokenForge.unsigned(good);
      case "hs256_public_key" -> forge.hs256WithPublicKey(good);
      case "expired" -> forge.sign(forge.claims(agent, subject).issueTime(at(Duration.ofMinutes(-10)))
          .expirationTime(at(Duration.ofMinutes(-5))).build());
      case "not_yet_valid" -> forge.sign(forge.claims(agent, subject).notBeforeTime(at(Duration.ofMinutes(5))).build());
      case "wrong_issuer" -> forge.sign(forge.claims(agent, subject).issuer("https://evil.example").build());
      case "wrong_audience" -> forge.sign(forge.claims(agent, subject).audience("http://127.0.0.1:1/other").build());
      case "lifetime_too_long" -> forge.sign(forge.claims(agent, subject).expirationTime(at(Duration.ofHours(24))).build());
      case "unknown_kid" -> forge.signWithKid(good, "kid-nobody-published");
      case "impostor_key" -> forge.signWithImpostorKey(good);
      // signed for the attacker's own subject, then the payload swapped for the victim's
      case "tampered" -> TokenForge.tamper(forge.sign(forge.claims(agent, "rt-tamper-own").build()), good);
      case "no_subject" -> forge.sign(new JWTClaimsSet.Builder(good).subject(null).build());
      case "no_agent" -> forge.sign(new JWTClaimsSet.Builder(good).claim("client_id", null).build());
      default -> throw new IllegalArgumentException("token: " + p.token());
    };
  }

  /** The claims of a token this suite made (to revoke its jti or sid). */
  static JWTClaimsSet claims(String token) throws ParseException {
    return SignedJWT.parse(token).getJWTClaimsSet();
  }

  private static Date at(Duration fromNow) {
    return Date.from(Instant.now().plus(fromNow));
  }
}
