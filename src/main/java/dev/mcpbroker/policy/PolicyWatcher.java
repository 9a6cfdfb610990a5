package dev.mcpbroker.policy;

import dev.mcpbroker.catalog.Catalog;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the configuration directory and, when {@code policies.yaml} or {@code tools.yaml}
 * changes, builds and validates a new snapshot (against the catalog {@link Catalogs} reads: the
 * one in force, or the one a changed {@code tools.yaml} now declares) and swaps it into the engine,
 * then puts a changed catalog in force. A rejected file is logged as {@code policies.yaml:LINE: problem},
 * counted and reported to the listener; the last good snapshot stays in force. Bursts of file
 * events (an editor's save is several) are debounced into one reload.
 */
public final class PolicyWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyWatcher.class);
  private static final Set<String> WATCHED = Set.of("policies.yaml", "tools.yaml");

  /** Where the catalog comes from: read (and validated) before a reload, applied after it. */
  public interface Catalogs {
    /**
     * Returns the catalog {@code tools.yaml} declares now: the very instance in force when it did
     * not change. Throws {@link IllegalArgumentException} naming file, line and problem when invalid.
     */
    Catalog read();

    /** Puts {@code next} in force; called once the policy built against it is in force. */
    void apply(Catalog next);

    /** A catalog that never changes (tools.yaml is not reloaded). */
    static Catalogs fixed(Supplier<Catalog> catalog) {
      return new Catalogs() {
        @Override
        public Catalog read() {
          return catalog.get();
        }

        @Override
        public void apply(Catalog next) {
          // nothing to apply: read() always returns the catalog in force
        }
      };
    }
  }

  /** The outcome of one reload: the version in force afterwards, and the problem if rejected. */
  public record Outcome(boolean ok, boolean changed, String version, String message, Instant at) {}

  private final Path dir;
  private final Catalogs catalogs;
  private final PolicyEngine engine;
  private final Duration debounce;
  private final Consumer<Outcome> listener;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final Object reloading = new Object();
  private volatile WatchService watch;
  private Thread thread;

  public PolicyWatcher(Path dir, Supplier<Catalog> catalog, PolicyEngine engine, Duration debounce,
      Consumer<Outcome> listener) {
    this(dir, Catalogs.fixed(catalog), engine, debounce, listener);
  }

  public PolicyWatcher(Path dir, Catalogs catalogs, PolicyEngine engine, Duration debounce,
      Consumer<Outcome> listener) {
    this.dir = dir;
    this.catalogs = catalogs;
    this.engine = engine;
    this.debounce = debounce;
    this.listener = listener == null ? o -> { } : listener;
  }

  /** Starts watching on a daemon thread. */
  public synchronized void start() throws IOException {
    watch = FileSystems.getDefault().newWatchService();
    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    thread = new Thread(this::loop, "policy-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** Rebuilds from {@code policies.yaml} now and swaps when valid; never throws. */
  public Outcome reloadNow() {
    synchronized (reloading) {
      Outcome o;
      try {
        byte[] bytes = Files.readAllBytes(dir.resolve("policies.yaml"));
        Catalog c = catalogs.read();
        PolicySnapshot now = engine.snapshot();
        if (SnapshotBuilder.version(bytes).equals(now.version()) && c == now.catalog()) {
          o = new Outcome(true, false, now.version(), "", Instant.now());
        } else {
          PolicySnapshot next = PolicySnapshot.parse(bytes, "policies.yaml", c);
          // policy first: a tool the new catalog adds is refused until its rules are in force,
          // and one it drops is refused by the policy before it leaves the catalog
          engine.swap(next);
          if (c != now.catalog()) {
            catalogs.apply(c);
            LOG.info("catalog with {} tools in force", c.tools().size());
          }
          accepted.incrementAndGet();
          LOG.info("policy {} in force ({} tests passed)", next.version(), next.testCount());
          o = new Outcome(true, true, next.version(), "", Instant.now());
        }
      } catch (IOException | RuntimeException e) {
        rejected.incrementAndGet();
        String message = e instanceof IOException ? "policies.yaml:1: cannot read: " + e : e.getMessage();
        LOG.warn("configuration reload rejected, policy {} and its catalog stay in force: {}", engine.snapshot().version(), message);
        o = new Outcome(false, false, engine.snapshot().version(), message, Instant.now());
      }
      listener.accept(o);
      return o;
    }
  }

  /** How many reloads put a new snapshot in force. */
  public long accepted() {
    return accepted.get();
  }

  /** How many reloads were rejected. */
  public long rejected() {
    return rejected.get();
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watch.take();
        boolean relevant = drain(key);
        // debounce: keep absorbing events until the directory is quiet for one interval
        WatchKey more;
        while ((more = watch.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          relevant |= drain(more);
        }
        if (relevant) {
          reloadNow();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean drain(WatchKey key) {
    boolean relevant = false;
    for (WatchEvent<?> e : key.pollEvents()) {
      // a Kubernetes ConfigMap volume updates by renaming a new "..data" symlink over the old
      // one: no event names the YAML files, so any "..*" entry counts as a change
      relevant |= e.kind() == StandardWatchEventKinds.OVERFLOW
          || (e.context() instanceof Path p && (WATCHED.contains(p.getFileName().toString())
              || p.getFileName().toString().startsWith("..")));
    }
    key.reset();
    return relevant;
  }

  @Override
  public synchronized void close() throws IOException {
    if (watch != null) {
      watch.close();
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
