package dev.mcpbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeysTest {
  @TempDir Path dir;

  @Test
  void keyFile_isCreatedOwnerOnly_andReloadsToTheSameKey() throws Exception {
    Path file = dir.resolve("audit-key.pem");
    KeyPair created = AuditKeys.loadOrCreate(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    KeyPair loaded = AuditKeys.loadOrCreate(file);
    assertThat(loaded.getPrivate().getEncoded()).isEqualTo(created.getPrivate().getEncoded());
    assertThat(loaded.getPublic()).isEqualTo(created.getPublic());
  }

  @Test
  void exportedPublicKey_verifiesCheckpoints_inPemDerAndRawForm() throws Exception {
    KeyPair pair = AuditKeys.loadOrCreate(dir.resolve("k.pem"));
    Checkpoint cp = Checkpoint.sign(3, new byte[32], "2026-11-05T10:00:00.000000Z",
        pair.getPrivate(), AuditKeys.keyId(pair.getPublic()));
    Path pem = dir.resolve("pub.pem");
    AuditKeys.exportPublicKey(pair.getPublic(), pem);
    Path der = dir.resolve("pub.b64");
    Files.writeString(der, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    Path raw = dir.resolve("pub.raw");
    byte[] spki = pair.getPublic().getEncoded();
    Files.writeString(raw, Base64.getEncoder().encodeToString(
        Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
    for (Path p : new Path[] {pem, der, raw}) {
      assertThat(cp.verify(AuditKeys.readPublicKey(p))).as(p.toString()).isTrue();
    }
    assertThat(cp.verify(TestLogs.newKey().getPublic())).isFalse();
  }
}
