package dev.mcpbroker.identity;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.jca.JCAAware;
import com.nimbusds.jose.jca.JCAContext;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the JCA provider that signs and verifies tokens: the Amazon Corretto Crypto Provider
 * (native AWS-LC) where it loads, the JDK's providers otherwise.
 *
 * <p>Why: the JDK's pure-Java ECDSA P-256 costs about 600 µs per signature on the target machines,
 * ACCP about 20 µs, and the broker signs one action token per call (DESIGN.md, performance notes).
 * ACCP is handed to each nimbus signer and verifier rather than installed JVM-wide with {@code
 * Security.insertProviderAt}, so TLS and everything else in the process keep the JDK's choices.
 * Setting the system property {@code mcpbroker.crypto.provider=jdk} forces the JDK (for
 * comparisons).
 */
public final class CryptoProviders {
  private static final Logger LOG = LoggerFactory.getLogger(CryptoProviders.class);
  static final String PROPERTY = "mcpbroker.crypto.provider";
  private static final Provider ACTIVE = load();

  private CryptoProviders() {}

  /** Returns the provider to use, or empty to let the JCA pick the JDK's default providers. */
  public static Optional<Provider> provider() {
    return Optional.ofNullable(ACTIVE);
  }

  /** Names the active provider, for logs and benchmark reports. */
  public static String activeName() {
    return ACTIVE == null ? "JDK (SunEC, SunRsaSign)" : ACTIVE.getName() + " " + ACTIVE.getVersionStr();
  }

  /** Hands the active provider to a nimbus signer or verifier and returns it. */
  public static <T extends JCAAware<? extends JCAContext>> T apply(T jcaAware) {
    if (ACTIVE != null) {
      jcaAware.getJCAContext().setProvider(ACTIVE);
    }
    return jcaAware;
  }

  /**
   * Converts a key to the active provider's own form, once. Why: ACCP accepts the JDK's key objects
   * but converts them on every signature, which measured about 90 µs of a 110 µs ES256 signature.
   * Returns {@code key} unchanged under the JDK or when the provider has no converter for it.
   */
  static <K extends Key> K nativeKey(K key, Class<K> type) {
    if (ACTIVE == null) {
      return key;
    }
    try {
      Key translated = KeyFactory.getInstance(key.getAlgorithm(), ACTIVE).translateKey(key);
      return type.isInstance(translated) ? type.cast(translated) : key;
    } catch (GeneralSecurityException e) {
      LOG.debug("{} keeps the JDK's {} key: {}", ACTIVE.getName(), key.getAlgorithm(), e.toString());
      return key;
    }
  }

  private static Provider load() {
    if ("jdk".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      LOG.info("JCA provider for tokens: JDK (forced by -D{}=jdk)", PROPERTY);
      return null;
    }
    try {
      AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
      Throwable error = accp.getLoadingError();
      if (error != null) {
        LOG.warn("JCA provider for tokens: JDK (ACCP did not load: {})", error.toString());
        return null;
      }
      accp.assertHealthy();
      LOG.info("JCA provider for tokens: {} (native AWS-LC)", accp.getName() + " " + accp.getVersionStr());
      return accp;
    } catch (LinkageError | RuntimeException e) {
      // no native library for this platform, or the jar is absent: slower but correct
      LOG.warn("JCA provider for tokens: JDK (ACCP unavailable: {})", e.toString());
      return null;
    }
  }
}
