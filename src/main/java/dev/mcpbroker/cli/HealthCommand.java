package dev.mcpbroker.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code mcp-broker health [--url URL]}: GETs the admin port's {@code /healthz} (or any URL) and
 * exits 0 on 200, 1 otherwise. It exists for the container's HEALTHCHECK: the JRE image has no
 * curl or wget, and a probe written in the broker's own language needs nothing more installed.
 */
final class HealthCommand {
  static final String DEFAULT_URL = "http://127.0.0.1:9090/healthz";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private HealthCommand() {}

  static int run(Args args, PrintStream out, PrintStream err) throws InterruptedException {
    URI url = url(args.option("url", DEFAULT_URL));
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        out.println(url + ": 200");
        return 0;
      }
      err.println("mcp-broker health: " + url + ": " + response.statusCode() + " " + response.body().strip());
      return 1;
    } catch (IOException e) {
      err.println("mcp-broker health: " + url + ": unreachable (" + e + ")");
      return 1;
    }
  }

  private static URI url(String text) {
    try {
      URI uri = URI.create(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new Args.UsageException("--url: " + text + " (expected: an absolute http or https URL)");
  }
}
