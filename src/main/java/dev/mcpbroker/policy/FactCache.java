package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Caches fact look-ups for their declared ttl, keyed by tool, arguments and principal (a result is
 * only ever reused for the same agent and subject). Concurrent look-ups of one key share one
 * fetch; a failed fetch is not cached, so the next call tries again.
 */
final class FactCache {
  /** {@code args} must not change after the key is built (the engine builds it fresh per call). */
  record Key(String tool, ObjectNode args, String agent, String subject, Duration ttl) {}

  private final FactSource source;
  private final Duration timeout;
  private final AsyncCache<Key, JsonNode> cache = Caffeine.newBuilder()
      .executor(Caches.SAME_THREAD)
      .maximumSize(100_000)
      .expireAfter(new Expiry<Key, JsonNode>() {
        @Override
        public long expireAfterCreate(Key k, JsonNode v, long now) {
          return k.ttl().toNanos();
        }

        @Override
        public long expireAfterUpdate(Key k, JsonNode v, long now, long current) {
          return k.ttl().toNanos();
        }

        @Override
        public long expireAfterRead(Key k, JsonNode v, long now, long current) {
          return current;
        }
      })
      .buildAsync();

  FactCache(FactSource source, Duration timeout) {
    this.source = source;
    this.timeout = timeout;
  }

  CompletableFuture<JsonNode> get(Key key, PrincipalView principal) {
    return cache.get(key, (k, executor) -> {
      CompletableFuture<JsonNode> f;
      try {
        f = source.fetch(k.tool(), k.args().deepCopy(), principal);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      return (f == null ? CompletableFuture.<JsonNode>completedFuture(null) : f)
          .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  void invalidateAll() {
    cache.synchronous().invalidateAll();
  }
}
