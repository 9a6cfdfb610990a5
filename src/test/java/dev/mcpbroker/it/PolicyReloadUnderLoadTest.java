package dev.mcpbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.audit.AuditQuery;
import dev.mcpbroker.policy.PolicyWatcher;
import dev.mcpbroker.testing.BrokerUnderTest;
import dev.mcpbroker.testing.McpHttp;
import dev.mcpbroker.testing.RecordingUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hot reload under load: 100 reloads (every fifth one a broken file) while clients keep calling;
 * not one call fails, every call is decided by a whole policy, and a broken file never takes
 * effect (the version in force stays the last good one, and the rejection is audited with its line).
 */
class PolicyReloadUnderLoadTest {
  static String policy(int generation) {
    return """
        version: 1
        # generation %d
        rules:
          - id: pay-as-subject
            tools: [pay]
            effect: permit
            rewrite:
              set: {text: principal.subject}
        """.formatted(generation);
  }

  static final String BROKEN = """
      version: 1
      rules:
        - id: pay-everything
          tools: [pay]
          effect: permit
          when: args.text ==
      """;

  @Test
  void hundredReloadsUnderLoad_noFailedCall_andABrokenFileNeverTakesEffect() throws Exception {
    try (RecordingUpstream upstream = new RecordingUpstream()) {
      String catalog = """
          upstreams:
            rec: {url: "${URL}"}
          tools:
            - {name: pay, upstream: rec, upstreamTool: echo, tier: money, pin: "%s", inputSchema: %s}
          """.formatted(BrokerUnderTest.livePin(upstream.url(), "echo"), RecordingUpstream.ECHO_SCHEMA);
      try (BrokerUnderTest broker = BrokerUnderTest.start(catalog, policy(0),
          BrokerUnderTest.env("URL", upstream.url().toString()))) {
        PolicyWatcher watcher = broker.broker().policyWatcher();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          Thread caller = new Thread(() -> {
            try {
              McpHttp client = broker.client(broker.token("agent", "customer-42"));
              String session = client.initialize("2025-11-25");
              int id = 0;
              while (running.get()) {
                JsonNode result = client.callTool(session, ++id, "pay", "{\"text\":\"x\"}").path("result");
                if (!"echo: customer-42".equals(result.path("content").path(0).path("text").asText())) {
                  failures.add(result.toString());
                } else {
                  ok.incrementAndGet();
                }
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
          });
          caller.start();
          callers.add(caller);
        }

        String good = broker.broker().policy().snapshot().version();
        for (int i = 1; i <= 100; i++) {
          boolean broken = i % 5 == 0;
          write(broker.policyFile(), broken ? BROKEN : policy(i));
          PolicyWatcher.Outcome o = watcher.reloadNow();
          if (broken) {
            assertThat(o.ok()).isFalse();
            assertThat(o.message()).startsWith("policies.yaml:");
            assertThat(broker.broker().policy().snapshot().version()).isEqualTo(good);
          } else {
            assertThat(o.ok()).as(o.message()).isTrue();
            good = broker.broker().policy().snapshot().version();
          }
        }
        Thread.sleep(200); // let the callers make a few more calls under the last policy
        running.set(false);
        for (Thread caller : callers) {
          caller.join(30_000);
        }

        assertThat(failures).isEmpty();
        assertThat(ok.get()).isPositive();
        assertThat(watcher.rejected()).isGreaterThanOrEqualTo(20);
        broker.broker().audit().checkpoint().get(10, TimeUnit.SECONDS);
        try (Stream<JsonNode> all = AuditQuery.run(broker.auditDir(), AuditQuery.Filter.ALL)) {
          List<JsonNode> reloads = all.filter(e -> "policy_reload".equals(e.path("type").asText())).toList();
          assertThat(reloads).anySatisfy(e -> {
            assertThat(e.path("reason").asText()).isEqualTo("rejected");
            assertThat(e.path("details").path("message").asText()).startsWith("policies.yaml:");
          });
          assertThat(reloads).anySatisfy(e -> assertThat(e.path("reason").asText()).isEqualTo("accepted"));
        }
      }
    }
  }

  /** Replaces the file in one step, as a deployment tool would. */
  private static void write(Path file, String content) throws Exception {
    Path tmp = file.resolveSibling(".policies.yaml.tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
