package dev.mcpbroker.upstream;

import java.time.Duration;

/**
 * Reports why an upstream gave no usable answer. The {@link Kind} decides what the broker tells
 * the client; the message names the upstream and, where there is one, the method.
 */
public final class UpstreamException extends RuntimeException {

  /** Why the upstream gave no usable answer. */
  public enum Kind {
    /** No connection could be made, or it broke before an answer. */
    UNREACHABLE,
    /** The call's deadline passed; a {@code notifications/cancelled} was sent for it. */
    TIMEOUT,
    /** The upstream answered with an HTTP error status, see {@link #status()}. */
    HTTP_STATUS,
    /** The upstream broke the protocol: unparseable or oversized body, no response, bad version. */
    PROTOCOL,
    /** The session was closed locally while the call was open. */
    CLOSED
  }

  private final Kind kind;
  private final String upstream;
  private final int status;

  UpstreamException(Kind kind, String upstream, int status, String detail, Throwable cause) {
    // No stack trace: the message and the cause (which keeps its own trace) say all there is.
    super("upstream '" + upstream + "' " + detail, cause, true, false);
    this.kind = kind;
    this.upstream = upstream;
    this.status = status;
  }

  static UpstreamException of(Kind kind, String upstream, String detail) {
    return new UpstreamException(kind, upstream, 0, detail, null);
  }

  static UpstreamException timeout(String upstream, String method, Duration deadline) {
    return of(Kind.TIMEOUT, upstream, "did not answer " + method + " within " + format(deadline));
  }

  static UpstreamException status(String upstream, String what, int status) {
    return new UpstreamException(
        Kind.HTTP_STATUS, upstream, status, "answered " + what + " with HTTP " + status, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The upstream's name from {@code tools.yaml}. */
  public String upstream() {
    return upstream;
  }

  /** The HTTP status for {@link Kind#HTTP_STATUS}, otherwise 0. */
  public int status() {
    return status;
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
