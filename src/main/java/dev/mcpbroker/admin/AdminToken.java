package dev.mcpbroker.admin;

import dev.mcpbroker.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin API's bearer token, read from a file. Only its SHA-256 is kept, and presented tokens
 * are compared by digest with {@link MessageDigest#isEqual} (constant time, and independent of
 * the presented token's length), so neither timing nor a heap dump of a compare gives it away.
 */
public final class AdminToken {
  /** Shorter tokens are refused: the token is the only thing guarding the kill switch. */
  static final int MIN_LENGTH = 16;

  private final byte[] digest;
  private final Path file;

  private AdminToken(byte[] digest, Path file) {
    this.digest = digest;
    this.file = file;
  }

  /**
   * Reads the token from {@code file}. When the file is missing and {@code host} is a loopback
   * address, creates it with 32 random bytes (base64url, owner-only permissions where the file
   * system has them); outside loopback a missing file is a configuration error.
   */
  public static AdminToken loadOrCreate(Path file, String host) {
    try {
      if (!Files.exists(file)) {
        if (!isLoopback(host)) {
          throw new ConfigException("admin.tokenFile: " + file + " missing (expected: an existing file holding"
              + " the admin token when admin.host " + host + " is not a loopback address)");
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // owner-only from the moment it exists (as AuditKeys does): setting the permissions after
        // writing would leave the token readable under the umask for a moment
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(file); // not a POSIX file system: rely on the directory's permissions
        }
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.length() < MIN_LENGTH) {
        throw new ConfigException("admin.tokenFile: " + file + " holds " + token.length()
            + " characters (expected: a token of at least " + MIN_LENGTH + ")");
      }
      return new AdminToken(sha256(token), file);
    } catch (IOException e) {
      throw new ConfigException("admin.tokenFile: " + file + " unreadable (" + e.getMessage() + ")");
    }
  }

  /** Returns the file the token is kept in. */
  public Path file() {
    return file;
  }

  /** Tells whether {@code authorization} is {@code Bearer <this token>}. */
  boolean matches(String authorization) {
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
