package dev.mcpbroker.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;

/** Serializes JSON in RFC 8785 canonical form and digests it, so that hashes are reproducible. */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** Returns the RFC 8785 canonical UTF-8 bytes of {@code node}. */
  public static byte[] canonicalize(JsonNode node) {
    try {
      return new JsonCanonicalizer(Json.MAPPER.writeValueAsString(node)).getEncodedUTF8();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      // JsonCanonicalizer rejects only what Jackson cannot produce (e.g. NaN)
      throw new IllegalArgumentException("not canonicalizable JSON: " + e.getMessage(), e);
    }
  }

  /** Returns the lowercase hex SHA-256 of the canonical form of {@code node}. */
  public static String sha256Hex(JsonNode node) {
    return HexFormat.of().formatHex(sha256(canonicalize(node)));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
