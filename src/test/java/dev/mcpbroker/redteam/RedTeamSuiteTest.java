package dev.mcpbroker.redteam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpbroker.upstream.LiveTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The red-team suite: every scenario file under {@code integration-tests/scenarios/}, one dynamic
 * test each (a failure names its file), against one demo stack with the shipped configuration.
 * Each scenario brings its own customers and orders, so none depends on another's state; after
 * each, the {@link Oracle} judges what reached the world. The table of threats, layers and failures
 * is printed at the end. Run alone: {@code mvn -B -ntp test -Dtest=RedTeamSuiteTest}.
 */
class RedTeamSuiteTest {
  static final Path SCENARIOS = Path.of("integration-tests", "scenarios");
  private static Stack stack;
  private static Tokens tokens;
  private static Set<String> catalog;
  private static final Summary SUMMARY = new Summary();

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.start();
    tokens = new Tokens(stack.demo.broker());
    catalog = stack.demo.broker().tools().statuses().stream().map(s -> s.spec().name()).collect(Collectors.toSet());
    assertThat(stack.demo.broker().tools().statuses()).as("every shipped tool verified against its pin")
        .allMatch(s -> s.state() == LiveTools.State.VERIFIED);
  }

  @AfterAll
  static void stop() {
    System.out.println(SUMMARY.table());
    if (stack != null) {
      stack.close();
    }
  }

  static List<Scenario> scenarios() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(SCENARIOS)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<Scenario> all = new ArrayList<>();
    for (Path f : files) {
      all.add(Scenario.read(f));
    }
    // independence: no two scenarios share an order or act for the same customer
    Map<String, String> owners = new HashMap<>();
    for (Scenario s : all) {
      for (String key : Stream.concat(s.orders().stream().map(o -> "order " + o.id()),
          s.subjects().stream().map(x -> "subject " + x)).collect(Collectors.toSet())) {
        String other = owners.putIfAbsent(key, s.id());
        if (other != null) {
          throw new IllegalArgumentException(s.id() + ": " + key + " is already used by " + other
              + " (expected: each scenario has customers and orders of its own)");
        }
      }
    }
    return all;
  }

  @TestFactory
  Stream<DynamicTest> scenarios_allHold() throws Exception {
    List<Scenario> all = scenarios();
    assertThat(all).as("scenario files in " + SCENARIOS).hasSizeGreaterThanOrEqualTo(60);
    return all.stream().map(s -> DynamicTest.dynamicTest(s.id() + " " + s.title(), s.file().toUri(), () -> run(s)));
  }

  private static void run(Scenario s) throws Exception {
    stack.insert(s.orders());
    Oracle oracle = new Oracle(stack);
    oracle.before();
    Runner runner = new Runner(stack, s, tokens, catalog);
    runner.run();
    List<String> problems = new ArrayList<>(runner.failures);
    problems.addAll(oracle.check(runner));
    SUMMARY.add(new Summary.Verdict(s, Oracle.stopped(runner), problems));
    System.out.println("red-team " + s.id() + ": " + runner.outcomes.stream().map(o -> o.kind() + (o.reason() == null
        || o.kind() == Outcome.Kind.ADMIN ? "" : ":" + o.reason()) + (o.kind() == Outcome.Kind.HTTP
        || o.kind() == Outcome.Kind.RPC_ERROR ? "(" + o.status() + ")" : "")).distinct().collect(Collectors.joining(" ")));
    assertThat(problems).as(s.file() + ": " + s.title()).isEmpty();
  }
}
