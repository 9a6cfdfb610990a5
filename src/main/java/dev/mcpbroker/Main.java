package dev.mcpbroker;

import dev.mcpbroker.cli.Cli;

/** Entry point of the {@code mcp-broker} command. */
public final class Main {
  /** The JDK's setting for the common ForkJoinPool's parallelism. */
  static final String COMMON_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private Main() {}

  public static void main(String[] args) {
    ensureAsyncPool(Runtime.getRuntime().availableProcessors());
    int code = Cli.run(args, System.out, System.err);
    if (code != Cli.KEEP_RUNNING) {
      System.exit(code);
    }
  }

  /**
   * Gives the common pool at least two threads on a machine with one or two cores, unless the
   * operator chose a value. With fewer, CompletableFuture's default executor is not the pool but a
   * new thread per task, and the JDK HttpClient completes every sendAsync through that executor:
   * one thread started and torn down per upstream response (measured: about 8 ms per call at one
   * connection on two busy cores). Must run before anything touches ForkJoinPool.
   */
  static void ensureAsyncPool(int processors) {
    if (processors <= 2 && System.getProperty(COMMON_PARALLELISM) == null) {
      System.setProperty(COMMON_PARALLELISM, "2");
    }
  }
}
