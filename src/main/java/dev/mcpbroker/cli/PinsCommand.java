package dev.mcpbroker.cli;

import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.upstream.LiveTools;
import dev.mcpbroker.transport.UpstreamHttpClient;
import dev.mcpbroker.upstream.UpstreamClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Prints the live pin of every declared tool next to the pinned one, so an operator can review a
 * changed upstream definition and re-pin it. Exits 1 when any declared tool does not verify.
 */
final class PinsCommand {
  private PinsCommand() {}

  static int run(Args args, PrintStream out) throws InterruptedException {
    Catalog catalog = CatalogLoader.load(Path.of(args.option("config", "config")).resolve("tools.yaml"), System.getenv());
    Map<String, UpstreamClient> clients = new LinkedHashMap<>();
    try (UpstreamHttpClient http = UpstreamHttpClient.create(UpstreamSpec.DEFAULT_CONNECT_TIMEOUT);
        LiveTools tools = new LiveTools(catalog, clients)) {
      catalog.upstreams().forEach((name, spec) -> clients.put(name, new UpstreamClient(spec, http)));
      try {
        tools.refreshAll().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        out.println("# not every upstream answered: " + e.getMessage());
      }
      return print(tools, out);
    }
  }

  static int print(LiveTools tools, PrintStream out) {
    int bad = 0;
    out.println("# tool                upstream.tool                 state         live pin");
    for (LiveTools.Status s : tools.statuses()) {
      out.printf("%-20s  %-28s  %-12s  %s%n", s.spec().name(), s.spec().upstream() + "." + s.spec().upstreamTool(),
          s.state(), s.livePin() == null ? "-" : s.livePin());
      if (s.state() != LiveTools.State.VERIFIED) {
        bad++;
      }
    }
    if (bad > 0) {
      out.println("# " + bad + " declared tool(s) do not verify. After reviewing each change, copy its live pin into tools.yaml.");
    }
    return bad == 0 ? 0 : 1;
  }
}
