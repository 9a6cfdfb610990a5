package dev.mcpbroker;

import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.metrics.BrokerMetrics;
import dev.mcpbroker.policy.PolicyWatcher;
import dev.mcpbroker.upstream.LiveTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads {@code tools.yaml} for a reload and puts a changed catalog in force: the live tools (pins
 * checked against the upstreams' last listings at once, then re-listed) and the metric labels.
 * The upstreams must stay as they are: adding, removing or changing one needs a restart, because
 * its client and its sessions are built at start. Without a {@code tools.yaml} in the watched
 * directory the catalog in force stays.
 */
final class CatalogReload implements PolicyWatcher.Catalogs {
  private final Path file;
  private final Map<String, String> env;
  private final LiveTools tools;
  private final BrokerMetrics metrics;
  private String text; // the text of the catalog in force; guarded by this
  private Catalog pending; // read, not yet applied; guarded by this
  private String pendingText; // guarded by this

  CatalogReload(Path file, Map<String, String> env, LiveTools tools, BrokerMetrics metrics) {
    this.file = file;
    this.env = Map.copyOf(env);
    this.tools = tools;
    this.metrics = metrics;
    this.text = readOrNull();
  }

  @Override
  public synchronized Catalog read() {
    String now = readOrNull();
    if (now == null || now.equals(text)) {
      return tools.catalog();
    }
    Catalog next = CatalogLoader.parse(now, file.getFileName().toString(), env);
    if (!next.upstreams().equals(tools.catalog().upstreams())) {
      throw new IllegalArgumentException(file.getFileName() + ":1: upstreams: changed (expected: the upstreams"
          + " the broker started with; restart the broker to add, remove or change an upstream)");
    }
    pending = next;
    pendingText = now;
    return next;
  }

  @Override
  public synchronized void apply(Catalog next) {
    if (next == pending) {
      text = pendingText;
    }
    metrics.tools(next.tools().keySet());
    tools.replace(next);
  }

  private String readOrNull() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ":1: cannot read: " + e.getMessage(), e);
    }
  }
}
