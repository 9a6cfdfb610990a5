package dev.mcpbroker.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads or creates the audit signing key (Ed25519, separate from any token key) and reads and
 * writes its public half for {@code audit verify --key}.
 *
 * <p>The key file holds two PEM blocks, {@code PRIVATE KEY} (PKCS#8) and {@code PUBLIC KEY}
 * (X.509), and is created with mode 0600. A public key file may be PEM, or the base64 of the
 * X.509 DER, or the base64 of the raw 32-byte key.
 */
public final class AuditKeys {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  // DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), before the 32 key bytes
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private AuditKeys() {}

  /** Loads the key pair from {@code file}, creating it (mode 0600) if it does not exist. */
  public static KeyPair loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return load(file);
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK 15+ has Ed25519", e);
    }
    String text = pem("PRIVATE KEY", pair.getPrivate().getEncoded())
        + pem("PUBLIC KEY", pair.getPublic().getEncoded());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp); // not a POSIX file system: rely on the directory's protection
    }
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException raced) {
      Files.delete(tmp);
      return load(file);
    }
    return pair;
  }

  /** Writes {@code key} as a PEM {@code PUBLIC KEY} file. */
  public static void exportPublicKey(PublicKey key, Path file) throws IOException {
    Files.writeString(file, pem("PUBLIC KEY", key.getEncoded()), StandardCharsets.US_ASCII);
  }

  /** Reads a public key file: PEM, base64 X.509 DER, or base64 raw 32-byte Ed25519 key. */
  public static PublicKey readPublicKey(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(text);
    byte[] der = m.find() ? decode(m.group(2)) : decode(text);
    if (der.length == 32) {
      byte[] full = new byte[SPKI_PREFIX.length + 32];
      System.arraycopy(SPKI_PREFIX, 0, full, 0, SPKI_PREFIX.length);
      System.arraycopy(der, 0, full, SPKI_PREFIX.length, 32);
      der = full;
    }
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
    }
  }

  /** Returns the key id written into checkpoints: hex of the first 8 bytes of SHA-256(X.509). */
  public static String keyId(PublicKey key) {
    byte[] digest = MerkleTree.sha256().digest(key.getEncoded());
    return HexFormat.of().formatHex(digest, 0, 8);
  }

  private static KeyPair load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    byte[] priv = null;
    byte[] pub = null;
    for (Matcher m = PEM.matcher(text); m.find(); ) {
      if (m.group(1).equals("PRIVATE KEY")) {
        priv = decode(m.group(2));
      } else if (m.group(1).equals("PUBLIC KEY")) {
        pub = decode(m.group(2));
      }
    }
    if (priv == null || pub == null) {
      throw new IOException(file + ": expected PEM blocks PRIVATE KEY and PUBLIC KEY");
    }
    try {
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      return new KeyPair(kf.generatePublic(new X509EncodedKeySpec(pub)),
          kf.generatePrivate(new PKCS8EncodedKeySpec(priv)));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not an Ed25519 key pair (" + e.getMessage() + ")", e);
    }
  }

  private static byte[] decode(String base64) throws IOException {
    try {
      return Base64.getMimeDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IOException("not base64: " + e.getMessage(), e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
