package dev.mcpbroker.identity;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers for {@code jti} and {@code sid}: 128 random bits, base64url. */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String random128() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
