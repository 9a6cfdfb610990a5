package dev.mcpbroker.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording of the broker: where CPU samples land (top frame, and the first
 * broker frame on the stack), and which classes are allocated most (sampled weight).
 * {@code JfrSummary FILE.jfr} prints the same as the benchmark's {@code --profile}.
 */
public final class JfrSummary {
  private JfrSummary() {}

  static void print(Path recording, PrintStream out) {
    Map<String, Long> top = new HashMap<>();
    Map<String, Long> broker = new HashMap<>();
    Map<String, Long> alloc = new HashMap<>();
    Map<String, Long> allocSite = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    try (RecordingFile f = new RecordingFile(recording)) {
      while (f.hasMoreEvents()) {
        RecordedEvent e = f.readEvent();
        String type = e.getEventType().getName();
        RecordedStackTrace st = e.getStackTrace();
        if (type.equals("jdk.ExecutionSample") && st != null && !st.getFrames().isEmpty()) {
          samples++;
          top.merge(frame(st.getFrames().get(0)), 1L, Long::sum);
          broker.merge(firstBrokerFrame(st.getFrames()), 1L, Long::sum);
        } else if (type.equals("jdk.ObjectAllocationSample")) {
          long weight = e.getLong("weight");
          allocated += weight;
          alloc.merge(e.getClass("objectClass").getName(), weight, Long::sum);
          if (st != null) {
            allocSite.merge(firstBrokerFrame(st.getFrames()), weight, Long::sum);
          }
        }
      }
    } catch (IOException e) {
      out.println("jfr: cannot read " + recording + ": " + e);
      return;
    }
    out.println("jfr: " + samples + " CPU samples; top frames:");
    show(top, samples, 20, out);
    out.println("jfr: CPU samples by first dev.mcpbroker frame on the stack:");
    show(broker, samples, 20, out);
    out.printf("jfr: %.0f MB allocated (sampled weight); by class:%n", allocated / 1048576.0);
    show(alloc, allocated, 15, out);
    out.println("jfr: allocation by first dev.mcpbroker frame:");
    show(allocSite, allocated, 15, out);
  }

  private static String frame(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String firstBrokerFrame(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      if (f.getMethod() != null && f.getMethod().getType().getName().startsWith("dev.mcpbroker.")) {
        return frame(f) + ":" + f.getLineNumber();
      }
    }
    return "(no broker frame)";
  }

  private static void show(Map<String, Long> counts, long total, int n, PrintStream out) {
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
        .forEach(e -> out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
  }

  public static void main(String[] args) {
    print(Path.of(args[0]), System.out);
  }
}
