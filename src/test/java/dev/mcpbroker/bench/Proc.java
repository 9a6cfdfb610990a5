package dev.mcpbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the CPU time a process has used from {@code /proc/<pid>/stat} (utime + stime, in clock
 * ticks of 1/100 s on Linux), including its live child processes (nginx's workers).
 */
final class Proc {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ: 100 on every Linux ABI we run on

  private Proc() {}

  /** CPU seconds used so far by {@code pid} and its live descendants; 0 when it is gone. */
  static double cpuSeconds(long pid) {
    double total = ownCpu(pid);
    for (long child : children(pid)) {
      total += cpuSeconds(child);
    }
    return total;
  }

  /** CPU seconds used so far by {@code pid} alone. */
  static double ownCpu(long pid) {
    String[] f = fields(pid);
    if (f == null) {
      return 0;
    }
    // after "pid (comm)": state is field 3, so utime (14) and stime (15) are at 11 and 12
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /**
   * CPU seconds used so far by {@code pid}'s JIT compiler threads (C1 and C2): work that belongs
   * to warming up, not to serving calls, and that a short run on two cores cannot get rid of.
   */
  static double jitCpu(long pid) {
    double total = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String comm = Files.readString(t.resolve("comm")).trim();
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        }
      }
    } catch (IOException | RuntimeException e) {
      return total; // a thread that ended between listing and reading
    }
    return total;
  }

  private static List<Long> children(long pid) {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> all = Files.list(Path.of("/proc"))) {
      all.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
        String[] f = fields(Long.parseLong(n));
        if (f != null && Long.parseLong(f[1]) == pid) {
          out.add(Long.parseLong(n));
        }
      });
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** The fields after {@code comm} (which may hold spaces and parentheses), or null. */
  private static String[] fields(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
