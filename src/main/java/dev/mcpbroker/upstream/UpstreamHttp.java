package dev.mcpbroker.upstream;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP/1.1 client the upstream side speaks Streamable HTTP through: one request out, the
 * response head, then its body as it arrives (an SSE stream can last as long as the call).
 *
 * <p>This package owns the protocol; the transport layer owns the sockets ({@code
 * dev.mcpbroker.transport.UpstreamHttpClient}, on Netty, pooling keep-alive connections per
 * upstream). Implementations never block the caller and never follow redirects: a redirected POST
 * could carry an action token somewhere else.
 *
 * <p>Failures complete {@link Exchange#done()} exceptionally with {@link
 * java.net.http.HttpConnectTimeoutException} or {@link java.net.ConnectException} (no connection),
 * {@link java.net.http.HttpTimeoutException} (no response head within the request's timeout), or
 * another {@link java.io.IOException} (the connection dropped).
 */
public interface UpstreamHttp extends AutoCloseable {

  /** Sends {@code request}; {@code response} hears the head and then the body, on an I/O thread. */
  Exchange send(Request request, ResponseHandler response);

  /** Closes every pooled connection; exchanges still open fail. */
  @Override
  void close();

  /**
   * One request. {@code headers} are sent in order, after {@code Host}; {@code timeout} bounds the
   * wait for the response head (null: none); {@code body} is null for GET and DELETE; {@code
   * connectTimeout} bounds opening a new connection for it (null: the client's own).
   */
  record Request(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body, Duration timeout,
      Duration connectTimeout) {
    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(uri, "uri");
      headers = List.copyOf(headers);
    }

    /** A request that connects within the client's own connect timeout. */
    public Request(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body, Duration timeout) {
      this(method, uri, headers, body, timeout, null);
    }
  }

  /** The status line and headers of a response. */
  interface Head {
    int status();

    /** The first value of header {@code name} (case-insensitive), or null. */
    String header(String name);
  }

  /** Receives one response. Called on the connection's I/O thread: must not block. */
  interface ResponseHandler {
    /** The head arrived; returns where the body goes, or null to discard it. */
    BodyReader onHead(Head head);
  }

  /** Receives a response body as it arrives. */
  interface BodyReader {
    /** The next bytes of the body; valid only during the call (copy what must be kept). */
    void onData(ByteBuffer chunk);

    /** The body ended normally. */
    void onEnd();

    /** The body could not be read to its end (connection dropped, cancelled). */
    void onError(Throwable failure);
  }

  /** One request in flight. */
  interface Exchange {
    /** Completes with the response status once the body has ended, or exceptionally. */
    CompletableFuture<Integer> done();

    /**
     * Stops the exchange, even before it started: with HTTP/1.1 an unfinished response can only
     * be stopped by closing its connection. A finished exchange is left alone.
     */
    void cancel();

    /** Whether the response body has ended (or the exchange failed or was cancelled). */
    boolean isFinished();
  }
}
