package dev.mcpbroker.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;

/**
 * Splits a compact JWS and checks its {@code alg} against an allow-list before anything else
 * looks at it, so that {@code none} and HMAC never reach key selection (RFC 8725 §2.1, §3.1: the
 * classic key-confusion attack signs HS256 with the verifier's public key).
 */
final class CompactJws {
  /** Bigger than any honest token; bounds the work an attacker can make us do. */
  static final int MAX_CHARS = 16 * 1024;

  /** The result of {@link #parse}: a signed JWT whose signature is not yet checked, or why not. */
  sealed interface Parsed permits Ok, Bad {}

  record Ok(SignedJWT jwt, JWSAlgorithm alg) implements Parsed {}

  record Bad(boolean algNotAllowed, String message) implements Parsed {}

  private CompactJws() {}

  static Parsed parse(String compact, Set<JWSAlgorithm> allowed) {
    if (compact == null || compact.isBlank()) {
      return new Bad(false, "token: missing (expected: a compact JWS)");
    }
    if (compact.length() > MAX_CHARS) {
      return new Bad(false, "token: " + compact.length() + " chars (expected: <= " + MAX_CHARS + ")");
    }
    int first = compact.indexOf('.');
    int second = first < 0 ? -1 : compact.indexOf('.', first + 1);
    if (second < 0 || compact.indexOf('.', second + 1) >= 0) {
      return new Bad(false, "token: not three dot-separated parts (expected: a compact JWS)");
    }
    String alg;
    try {
      Map<String, Object> header =
          JSONObjectUtils.parse(new Base64URL(compact.substring(0, first)).decodeToString());
      alg = JSONObjectUtils.getString(header, "alg");
    } catch (ParseException | RuntimeException e) {
      return new Bad(false, "header: not a JSON object (expected: a JWS header)");
    }
    if (alg == null) {
      return new Bad(false, "alg: missing (expected: one of " + allowed + ")");
    }
    JWSAlgorithm jwsAlg = JWSAlgorithm.parse(alg);
    if (!allowed.contains(jwsAlg)) {
      return new Bad(true, "alg: " + quote(alg) + " (expected: one of " + allowed + ")");
    }
    try {
      return new Ok(SignedJWT.parse(compact), jwsAlg);
    } catch (ParseException e) {
      return new Bad(false, "token: " + e.getMessage());
    }
  }

  /** Quotes a claim value for a message, cut short so that a hostile token cannot flood logs. */
  static String quote(Object value) {
    String s = String.valueOf(value);
    return "\"" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\"";
  }
}
