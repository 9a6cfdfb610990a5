package dev.mcpbroker.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and writes a private key file readable by its owner only (0600, directory 0700). */
final class KeyFile {
  private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyFile() {}

  /**
   * Writes {@code content} unless the file exists, and returns what the file holds afterwards.
   *
   * <p>The file is created with its final permissions (never briefly world-readable) under a
   * temporary name and then moved into place; if another process got there first, its key wins.
   */
  static String writeOnce(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp = Files.createTempFile(dir, ".key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file);
      return content;
    } catch (FileAlreadyExistsException e) {
      return read(file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static String read(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(perms)) {
      LOG.warn("{} is readable by others ({}); expected rw-------", file, PosixFilePermissions.toString(perms));
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
