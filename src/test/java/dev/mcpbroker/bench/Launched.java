package dev.mcpbroker.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One process the benchmark started: its output goes to {@code <name>.log} in the run directory,
 * and {@link #start} returns once a line matches the readiness pattern (its first group is kept,
 * e.g. the port it bound).
 */
final class Launched implements AutoCloseable {
  final String name;
  final Process process;
  final String ready;
  final Path log;

  private Launched(String name, Process process, String ready, Path log) {
    this.name = name;
    this.process = process;
    this.ready = ready;
    this.log = log;
  }

  static Launched start(String name, List<String> command, Path cwd, Map<String, String> env, Pattern ready)
      throws IOException, InterruptedException {
    Files.createDirectories(cwd);
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    Path log = cwd.resolve(name + ".log");
    CompletableFuture<String> seen = new CompletableFuture<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
        String line;
        while ((line = in.readLine()) != null) {
          out.println(line);
          Matcher m = ready == null ? null : ready.matcher(line);
          if (m != null && !seen.isDone() && m.find()) {
            seen.complete(m.groupCount() > 0 ? m.group(1) : line);
          }
        }
      } catch (IOException e) {
        seen.completeExceptionally(e);
      }
      seen.completeExceptionally(new IllegalStateException(name + " exited before it was ready; see " + log));
    }, name + "-output");
    pump.setDaemon(true);
    pump.start();
    if (ready == null) {
      return new Launched(name, p, null, log);
    }
    try {
      return new Launched(name, p, seen.get(60, TimeUnit.SECONDS), log);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      p.destroyForcibly();
      throw new IllegalStateException(name + " did not become ready: " + e.getMessage() + " (log: " + log + ")", e);
    }
  }

  /** Starts a process that prints nothing when ready (nginx): ready once {@code port} accepts. */
  static Launched startListening(String name, List<String> command, Path cwd, int port)
      throws IOException, InterruptedException {
    Launched l = start(name, command, cwd, Map.of(), null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return l;
      } catch (IOException notYet) {
        if (!l.process.isAlive() || System.nanoTime() > deadline) {
          l.close();
          throw new IllegalStateException(name + " did not listen on " + port + " (log: " + l.log + ")");
        }
        Thread.sleep(50);
      }
    }
  }

  long pid() {
    return process.pid();
  }

  double cpuSeconds() {
    return Proc.cpuSeconds(pid());
  }

  /** Stops the process (SIGTERM, so a JVM runs its shutdown hooks and dumps a recording), then waits. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
