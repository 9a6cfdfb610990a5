package dev.mcpbroker.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Forwards HTTP to a target, adding {@code Authorization: Bearer <token>}: lets clients that
 * cannot send a header (the conformance suite) talk to a broker with authentication on. Streams
 * SSE answers as they arrive and passes Host and Origin through, so the broker still judges them.
 * Needs {@code -Djdk.httpclient.allowRestrictedHeaders=host} (set by the build for tests).
 */
public final class AuthForwarder implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding",
      "keep-alive", "upgrade", "expect", "te", "trailer", "authorization");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final Supplier<String> token;

  public AuthForwarder(URI target, Supplier<String> token) throws IOException {
    this.target = target;
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::forward);
    server.start();
  }

  /** Returns the URL to give clients: same path as the target, the forwarder's port. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + target.getPath());
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = target.resolve(ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
      byte[] body = ex.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> request.header(name, v));
        }
      });
      request.setHeader("Authorization", "Bearer " + token.get());
      HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      response.headers().map().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          values.forEach(v -> ex.getResponseHeaders().add(name, v));
        }
      });
      boolean streaming = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
      long length = response.headers().firstValueAsLong("Content-Length").orElse(streaming ? 0 : -2);
      try (InputStream in = response.body()) {
        if (length == 0 && !streaming || response.statusCode() == 202) {
          ex.sendResponseHeaders(response.statusCode(), -1);
          return;
        }
        ex.sendResponseHeaders(response.statusCode(), streaming || length < 0 ? 0 : length);
        OutputStream out = ex.getResponseBody();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, n);
          out.flush(); // SSE events must reach the client as they come
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
