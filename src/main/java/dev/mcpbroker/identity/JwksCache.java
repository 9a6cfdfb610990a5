package dev.mcpbroker.identity;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuer's keys, fetched at most once per {@code minRefetchInterval}.
 *
 * <p>Design: a one-entry Caffeine cache. Once the entry is older than the interval, the next lookup
 * of a known key answers from it and Caffeine refreshes it in the background (so keys the issuer
 * withdrew stop being trusted); a lookup of an unknown {@code kid} waits for that refresh. Caffeine
 * coalesces refreshes, so concurrent misses cause one fetch; and an unknown kid inside the
 * interval is answered "unknown" without a fetch, so a stream of made-up kids cannot turn into a
 * stream of requests to the issuer.
 */
final class JwksCache {
  private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);
  private static final String KEY = "jwks";

  /** Thrown when keys could not be loaded at all: an outage, not the caller's fault. */
  static final class KeysUnavailable extends Exception {
    KeysUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final LoadingCache<String, KeySnapshot> cache;
  private final Duration minRefetchInterval;
  private final Clock clock;
  private final String source;
  private final Object refetchLock = new Object();
  // Caffeine completes a refresh's future before it installs the new value, so a lookup right
  // after a refetch could still see the stale set and fetch again; the newest set is kept here too
  private volatile KeySnapshot newest;

  JwksCache(JwksLoader loader, String source, Set<JWSAlgorithm> allowed, Duration minRefetchInterval, Clock clock) {
    this.minRefetchInterval = minRefetchInterval;
    this.clock = clock;
    this.source = source;
    this.cache = Caffeine.newBuilder()
        .ticker(ticker(clock))
        .refreshAfterWrite(minRefetchInterval)
        .build(k -> KeySnapshot.of(loader.load(), allowed, clock.instant()));
  }

  /** Returns the verifiers for {@code alg} and {@code kid}; empty if the key is unknown. */
  List<JWSVerifier> verifiersFor(JWSAlgorithm alg, String kid) throws KeysUnavailable {
    KeySnapshot snapshot = current();
    List<JWSVerifier> found = snapshot.verifiersFor(alg, kid);
    if (!found.isEmpty()) {
      if (stale(snapshot)) {
        cache.get(KEY); // answers from the old set and starts a background refresh
      }
      return found;
    }
    if (!stale(snapshot)) {
      return found;
    }
    synchronized (refetchLock) { // one waiting refetch at a time; the others then find it fresh
      snapshot = current();
      if (!stale(snapshot)) {
        return snapshot.verifiersFor(alg, kid);
      }
      try {
        // joins a background refresh already in flight rather than starting a second fetch
        KeySnapshot fresh = cache.refresh(KEY).get(2 * JwksLoader.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        remember(fresh);
        return fresh.verifiersFor(alg, kid);
      } catch (ExecutionException | CompletionException | TimeoutException e) {
        LOG.warn("could not refetch keys from {} (keeping the previous set)", source, e.getCause());
        return found;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return found;
      }
    }
  }

  /** The cached set without triggering a refresh; loads it on first use. */
  private KeySnapshot current() throws KeysUnavailable {
    KeySnapshot snapshot = cache.policy().getIfPresentQuietly(KEY);
    if (snapshot == null) {
      try {
        snapshot = cache.get(KEY);
      } catch (RuntimeException e) {
        LOG.warn("could not load keys from {}", source, e);
        throw new KeysUnavailable("keys: " + source + " unavailable", e);
      }
    }
    return remember(snapshot);
  }

  /** Returns the newer of {@code snapshot} and the newest seen so far, remembering it. */
  private KeySnapshot remember(KeySnapshot snapshot) {
    KeySnapshot known = newest;
    if (known != null && known.fetchedAt().isAfter(snapshot.fetchedAt())) {
      return known;
    }
    newest = snapshot;
    return snapshot;
  }

  private boolean stale(KeySnapshot snapshot) {
    return Duration.between(snapshot.fetchedAt(), clock.instant()).compareTo(minRefetchInterval) >= 0;
  }

  /** Caffeine's clock, driven by ours so that tests can move time. */
  static Ticker ticker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    };
  }
}
