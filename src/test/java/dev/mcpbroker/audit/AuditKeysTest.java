package dev.mcpbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void checkpointsSignedByANativeProvider_areTheBytesTheJdkWouldWrite() throws Exception {
    AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
    assumeTrue(accp.getLoadingError() == null, "ACCP did not load on this machine");
    KeyPair pair = AuditKeys.loadOrCreate(dir.resolve("k.pem"));
    String keyId = AuditKeys.keyId(pair.getPublic());
    byte[] root = MerkleTree.leafHash("x".getBytes(StandardCharsets.UTF_8));
    Checkpoint jdk = Checkpoint.sign(7, root, "2026-12-04T10:00:00.000000Z", pair.getPrivate(), keyId);
    Checkpoint nativeSigned = Checkpoint.sign(7, root, "2026-12-04T10:00:00.000000Z", pair.getPrivate(), keyId,
        accp);
    // Ed25519 is deterministic (RFC 8032 §5.1.6): a verifier cannot tell which provider signed
    assertThat(nativeSigned.toCanonicalJson()).isEqualTo(jdk.toCanonicalJson());
    assertThat(nativeSigned.verify(pair.getPublic())).isTrue();
  }

  @Test
  void theLogSignsCheckpointsWithTheProviderItIsGiven() throws Exception {
    AtomicInteger signers = new AtomicInteger();
    Provider.Service jdkEd25519 = Security.getProvider("SunEC").getService("Signature", "Ed25519");
    Provider counting = new Provider("counting", "1", "counts the Ed25519 signers made") {
      {
        putService(new Service(this, "Signature", "Ed25519", jdkEd25519.getClassName(), null, null) {
          @Override
          public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
            signers.incrementAndGet();
            return jdkEd25519.newInstance(parameter);
          }
        });
      }
    };
    KeyPair pair = TestLogs.newKey();
    try (AuditLog log = AuditLog.open(dir.resolve("log"), AuditLog.Options.defaults(pair)
        .withSignatureProvider(counting))) {
      log.append(TestLogs.event(1)).get(5, TimeUnit.SECONDS);
      Checkpoint cp = log.checkpoint().get(5, TimeUnit.SECONDS);
      assertThat(signers.get()).as("signers made by the given provider").isPositive();
      assertThat(cp.verify(pair.getPublic())).isTrue();
    }
  }
}
