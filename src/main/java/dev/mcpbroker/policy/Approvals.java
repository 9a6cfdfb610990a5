package dev.mcpbroker.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Holds the calls that wait for a human, and the human's answers. An approval covers one exact
 * call (same agent, subject, tool and canonical digest of the final arguments), is good for the
 * rule's time-to-live from the moment it is given, and is used up by the first call that matches:
 * the approved call runs exactly once, and a call with any argument changed needs a new approval.
 */
public final class Approvals {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Consumer<Approval> onChange;
  private final ConcurrentHashMap<String, Approval> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> byCall = new ConcurrentHashMap<>();

  /** {@code onChange} sees every request and every decision (for audit and metrics). */
  public Approvals(Clock clock, Consumer<Approval> onChange) {
    this.clock = clock;
    this.onChange = onChange == null ? a -> { } : onChange;
  }

  public Approvals(Clock clock) {
    this(clock, null);
  }

  /** Approves a pending request; false when it is unknown, decided or lapsed. */
  public boolean approve(String id, String approver) {
    return decide(id, approver, Approval.State.APPROVED);
  }

  /** Rejects a pending request; false when it is unknown, decided or lapsed. */
  public boolean reject(String id, String approver) {
    return decide(id, approver, Approval.State.REJECTED);
  }

  public Optional<Approval> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The requests still waiting for a human, oldest first. */
  public List<Approval> pending() {
    Instant now = clock.instant();
    expireLapsed(now);
    return byId.values().stream()
        .filter(a -> a.state() == Approval.State.PENDING && now.isBefore(a.expiresAt()))
        .sorted(Comparator.comparing(Approval::requestedAt)).toList();
  }

  /**
   * Marks the requests that lapsed without a decision as {@code EXPIRED} (each reported once to
   * the listener); called by {@link #pending()} and periodically by the broker.
   */
  public void expireLapsed() {
    expireLapsed(clock.instant());
  }

  private void expireLapsed(Instant now) {
    for (Approval a : byId.values()) {
      if (a.state() != Approval.State.PENDING || now.isBefore(a.expiresAt())) {
        continue;
      }
      Approval[] out = new Approval[1];
      byId.computeIfPresent(a.id(), (k, cur) -> {
        if (cur.state() != Approval.State.PENDING || now.isBefore(cur.expiresAt())) {
          return cur;
        }
        out[0] = cur.with(Approval.State.EXPIRED, "", null, cur.expiresAt());
        return out[0];
      });
      if (out[0] != null) {
        onChange.accept(out[0]);
      }
    }
  }

  private boolean decide(String id, String approver, Approval.State to) {
    if (approver == null || approver.isBlank()) {
      throw new IllegalArgumentException("approver: \"" + approver + "\" (expected: who decides)");
    }
    Instant now = clock.instant();
    Approval[] out = new Approval[1];
    byId.computeIfPresent(id, (k, a) -> {
      if (a.state() != Approval.State.PENDING || !now.isBefore(a.expiresAt())) {
        return a;
      }
      Duration ttl = Duration.between(a.requestedAt(), a.expiresAt());
      out[0] = a.with(to, approver, now, now.plus(ttl));
      return out[0];
    });
    if (out[0] != null) {
      onChange.accept(out[0]);
    }
    return out[0] != null;
  }

  /**
   * Looks up the latest request for this exact call: an approved one is used up and returned as
   * {@code USED} (exactly once); a rejected one is returned as is; otherwise empty.
   */
  Optional<Approval> consume(PrincipalView p, String tool, String digest, Instant now) {
    String id = byCall.get(callKey(p, tool, digest));
    if (id == null) {
      return Optional.empty();
    }
    Approval[] out = new Approval[1];
    byId.computeIfPresent(id, (k, a) -> {
      if (!now.isBefore(a.expiresAt())) {
        return a;
      }
      if (a.state() == Approval.State.APPROVED) {
        out[0] = a.with(Approval.State.USED, a.approver(), a.decidedAt(), a.expiresAt());
        return out[0];
      }
      out[0] = a.state() == Approval.State.REJECTED ? a : null;
      return a;
    });
    if (out[0] != null && out[0].state() == Approval.State.USED) {
      onChange.accept(out[0]);
    }
    return Optional.ofNullable(out[0]);
  }

  /** Returns the pending request for this exact call, or files a new one. */
  Approval request(PrincipalView p, String tool, ObjectNode args, String digest, String ruleId,
      Instant now, Duration ttl) {
    sweep(now);
    String key = callKey(p, tool, digest);
    Approval[] created = new Approval[1];
    String id = byCall.compute(key, (k, old) -> {
      Approval a = old == null ? null : byId.get(old);
      if (a != null && a.state() == Approval.State.PENDING && now.isBefore(a.expiresAt())) {
        return old;
      }
      byte[] b = new byte[16];
      RANDOM.nextBytes(b);
      created[0] = new Approval("apr_" + HexFormat.of().formatHex(b), p.agent(), p.subject(), tool,
          args.deepCopy(), digest, ruleId, now, now.plus(ttl), Approval.State.PENDING, "", null);
      byId.put(created[0].id(), created[0]);
      return created[0].id();
    });
    if (created[0] != null) {
      onChange.accept(created[0]);
    }
    return byId.get(id);
  }

  /** Forgets requests that lapsed more than a day ago. */
  private void sweep(Instant now) {
    Instant cutoff = now.minus(Duration.ofDays(1));
    byId.values().removeIf(a -> a.expiresAt().isBefore(cutoff));
    byCall.values().removeIf(id -> !byId.containsKey(id));
  }

  private static String callKey(PrincipalView p, String tool, String digest) {
    return p.agent() + '\u0000' + p.subject() + '\u0000' + tool + '\u0000' + digest;
  }
}
