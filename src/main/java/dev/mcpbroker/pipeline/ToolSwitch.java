package dev.mcpbroker.pipeline;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operators' broker-wide switch per tool: a disabled tool is withheld from {@code tools/list}
 * and every call of it is refused ({@code tool_disabled}) until it is enabled again, without a
 * restart or a deploy. Held in memory: a restart enables every tool (a tool that must stay off
 * for good leaves {@code tools.yaml}).
 */
public final class ToolSwitch {
  private volatile Set<String> disabled = Set.of();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Disables {@code tool}; false when it already was. */
  public boolean disable(String tool) {
    synchronized (this) {
      if (disabled.contains(tool)) {
        return false;
      }
      Set<String> next = new LinkedHashSet<>(disabled);
      next.add(tool);
      disabled = Set.copyOf(next);
    }
    listeners.forEach(Runnable::run);
    return true;
  }

  /** Enables {@code tool} again; false when it was not disabled. */
  public boolean enable(String tool) {
    synchronized (this) {
      if (!disabled.contains(tool)) {
        return false;
      }
      Set<String> next = new LinkedHashSet<>(disabled);
      next.remove(tool);
      disabled = Set.copyOf(next);
    }
    listeners.forEach(Runnable::run);
    return true;
  }

  /** Tells whether {@code tool} is disabled now. */
  public boolean isDisabled(String tool) {
    Set<String> d = disabled;
    return !d.isEmpty() && d.contains(tool);
  }

  /** Returns the disabled tools. */
  public Set<String> disabled() {
    return disabled;
  }

  /** Runs {@code listener} after every change (to tell clients that the tool list changed). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }
}
