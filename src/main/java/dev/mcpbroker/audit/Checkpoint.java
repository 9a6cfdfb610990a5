package dev.mcpbroker.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpbroker.json.CanonicalJson;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A signed statement "the audit tree had this size and this root at this time": one line of
 * {@code checkpoints.jsonl}, and what a verifier trusts from an earlier run.
 */
public record Checkpoint(long treeSize, String root, String time, String keyId, String signature) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

  public Checkpoint {
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree_size: " + treeSize + " (expected: >= 0)");
    }
    if (root == null || !HEX64.matcher(root).matches()) {
      throw new IllegalArgumentException("root: " + root + " (expected: 64 lowercase hex digits)");
    }
    Instant.parse(Objects.requireNonNull(time, "time"));
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("key_id: " + keyId + " (expected: non-empty)");
    }
    if (signature == null || !BASE64URL.matcher(signature).matches()) {
      throw new IllegalArgumentException("signature: " + signature + " (expected: base64url)");
    }
  }

  /** Signs a checkpoint of {@code treeSize} leaves with root {@code root}. */
  public static Checkpoint sign(long treeSize, byte[] root, String time, PrivateKey key,
      String keyId) {
    return sign(treeSize, root, time, key, keyId, null);
  }

  /**
   * Signs as {@link #sign(long, byte[], String, PrivateKey, String)} does, with {@code
   * provider}'s Ed25519 (null: the JDK's).
   */
  static Checkpoint sign(long treeSize, byte[] root, String time, PrivateKey key, String keyId,
      Provider provider) {
    String rootHex = EntryCodec.HEX.formatHex(root);
    try {
      Signature s = provider == null ? Signature.getInstance("Ed25519")
          : Signature.getInstance("Ed25519", provider);
      s.initSign(key);
      s.update(signedText(treeSize, rootHex, time));
      String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
      return new Checkpoint(treeSize, rootHex, time, keyId, sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** True if the key id names {@code key} and the signature over the checkpoint text verifies. */
  public boolean verify(PublicKey key) {
    if (!keyId.equals(AuditKeys.keyId(key))) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(signedText(treeSize, root, time));
      return s.verify(Base64.getUrlDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Returns the root as bytes. */
  public byte[] rootBytes() {
    return EntryCodec.HEX.parseHex(root);
  }

  /** Returns the canonical JSON line (without newline). */
  public byte[] toCanonicalJson() {
    ObjectNode o = Json.NODES.objectNode();
    o.put("tree_size", treeSize).put("root", root).put("time", time).put("key_id", keyId)
        .put("signature", signature);
    return CanonicalJson.canonicalize(o);
  }

  /** Parses a checkpoint line; throws {@link IllegalArgumentException} naming what is wrong. */
  public static Checkpoint parse(String json) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject() || !n.path("tree_size").canConvertToExactIntegral()) {
      throw new IllegalArgumentException("tree_size: missing (expected: an integer)");
    }
    return new Checkpoint(n.get("tree_size").asLong(), text(n, "root"), text(n, "time"),
        text(n, "key_id"), text(n, "signature"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + ": " + v + " (expected: a string)");
    }
    return v.asText();
  }

  // the exact bytes signed; a fixed prefix keeps a checkpoint signature from meaning anything else
  static byte[] signedText(long treeSize, String rootHex, String time) {
    return ("mcp-broker-audit-checkpoint\n" + treeSize + "\n" + rootHex + "\n" + time + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
