package dev.mcpbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a policy file is rejected at load names the file, the line and the problem. */
class LoadErrorsTest {
  /** Eleven lines; the escalate rule is lines 9-11, so text appended to it starts at line 12. */
  static final String BASE = """
      version: 1
      rules:
        - id: reads
          tools: {tier: read}
          effect: permit
        - id: refunds
          tools: [issue_refund]
          effect: permit
        - id: esc
          tools: [escalate]
          effect: permit
      """;

  static String line(int n, String replacement) {
    String[] lines = BASE.split("\n", -1);
    lines[n - 1] = replacement;
    return String.join("\n", lines);
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of("unknown key in a rule", line(5, "    efect: permit"),
            "policies.yaml:5: rules[0].efect: unknown key (expected one of: id, tools, effect"),
        Arguments.of("unknown top-level key", BASE + "rulez: []\n",
            "policies.yaml:12: rulez: unknown key"),
        Arguments.of("CEL type error", BASE + "    when: 'args + 1 == 2'\n",
            "policies.yaml:12: rules[2].when: 'args + 1 == 2' (expected: a CEL expression over principal, tool, args, session, facts, now that type-checks: found no matching overload for '_+_'"),
        Arguments.of("undeclared variable", BASE + "    when: 'arg.summary == \"x\"'\n",
            "policies.yaml:12: rules[2].when: 'arg.summary == \"x\"' (expected: a CEL expression over principal, tool, args, session, facts, now that type-checks: undeclared reference to 'arg' at column 1"),
        Arguments.of("unknown function", BASE + "    when: 'decimal_lte(args.a, \"1\")'\n",
            "policies.yaml:12: rules[2].when: 'decimal_lte(args.a, \"1\")' (expected: a CEL expression"),
        Arguments.of("condition not bool", BASE + "    when: '\"yes\"'\n",
            "policies.yaml:12: rules[2].when: '\"yes\"' (expected: a condition giving bool, not string)"),
        Arguments.of("rule naming an unknown tool", line(10, "    tools: [escalation]"),
            "policies.yaml:10: rules[2].tools[0]: \"escalation\" (expected: a tool declared in the catalog: get_order, list_orders, issue_refund, escalate)"),
        Arguments.of("declared tool without a rule", BASE.replace("  - id: esc\n    tools: [escalate]\n    effect: permit\n", ""),
            "policies.yaml:2: rules: tool \"escalate\" of the catalog has no enforced rule"),
        Arguments.of("declared tool with only a shadow rule", BASE + "    shadow: true\n",
            "policies.yaml:2: rules: tool \"escalate\" of the catalog has no enforced rule"),
        Arguments.of("undeclared fact", BASE + "    when: 'facts.order.remaining == \"1\"'\n",
            "policies.yaml:12: rules[2].when: 'facts.order.remaining == \"1\"' reads facts.order (expected: a declared fact"),
        Arguments.of("undeclared session list", BASE + "    when: 'size(session.orders) > 0'\n",
            "policies.yaml:12: rules[2].when: 'size(session.orders) > 0' reads session.orders (expected: id, calls or a declared session list)"),
        Arguments.of("permit granted on actor history", BASE + "    when: '\"support-bot\" in principal.actors'\n",
            "policies.yaml:12: rules[2].when: '\"support-bot\" in principal.actors' reads principal.actors in a permit (expected: actor history only in forbid rules"),
        Arguments.of("permit reading the whole principal", BASE + "    when: 'size(principal[\"actors\"]) > 0'\n",
            "policies.yaml:12: rules[2].when: 'size(principal[\"actors\"]) > 0' reads principal.actors in a permit"),
        Arguments.of("permit rewrite on actor history", BASE + "    rewrite: {set: {summary: 'principal.actors[0]'}}\n",
            "policies.yaml:12: rules[2].rewrite.set.summary: 'principal.actors[0]' reads principal.actors in a permit"),
        Arguments.of("bad effect", line(11, "    effect: allow"),
            "policies.yaml:11: rules[2].effect: \"allow\" (expected: permit or forbid)"),
        Arguments.of("forbid without reason", line(11, "    effect: forbid"),
            "policies.yaml:9: rules[2].reason: missing (expected: a reason code on every forbid rule)"),
        Arguments.of("duplicate rule id", line(9, "  - id: reads"),
            "policies.yaml:9: rules[2].id: \"reads\" (expected: a unique rule id; first at line 3)"),
        Arguments.of("duplicate key", BASE + "    effect: forbid\n",
            "policies.yaml:12: rules[2].effect: duplicate key (expected: each key once; first on line 11)"),
        Arguments.of("version 2", line(1, "version: 2"), "policies.yaml:1: version: 2 (expected: 1)"),
        Arguments.of("limit not a decimal string", BASE + "roles: {agents: {a: {refund_limit: 5}}}\n",
            "policies.yaml:12: roles.agents.a.refund_limit: 5 (expected: a decimal string such as \"500.00\")"),
        Arguments.of("fact from a write tool", BASE + "facts: {t: {tool: escalate}}\n",
            "policies.yaml:12: facts.t.tool: \"escalate\" is tier write (expected: a read-tier tool"),
        Arguments.of("bad window", BASE + "    obligations: {rate_limit: {per: subject, window: 1 hour, max: 3}}\n",
            "policies.yaml:12: rules[2].obligations.rate_limit.window: \"1 hour\" (expected: a positive duration like 500ms, 30s, 10m, 1h or 1d)"),
        Arguments.of("bad scope", BASE + "    obligations: {rate_limit: {per: galaxy, window: 1h, max: 3}}\n",
            "policies.yaml:12: rules[2].obligations.rate_limit.per: \"galaxy\" (expected: principal, subject, session or tool)"),
        Arguments.of("failing embedded test", BASE + """
            tests:
              - name: escalation is denied
                principal: {agent: a, subject: s}
                tool: escalate
                args: {summary: x}
                expect: {decision: deny}
            """,
            "policies.yaml:13: tests[0] \"escalation is denied\": decision: allow (expected: deny)"),
        Arguments.of("malformed YAML", BASE + "  - id: [unclosed\n", "policies.yaml:12: malformed YAML"));
  }

  @Test
  void forbid_mayRestrictOnActorHistory() {
    PolicySnapshot snapshot = Fixtures.snapshot(BASE + """
          - id: no-relayed-escalations
            tools: [escalate]
            effect: forbid
            reason: relayed_agent
            when: '"untrusted-bot" in principal.actors'
        """);
    assertThat(snapshot.version()).startsWith("sha256:");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenPolicy_isRejectedWithFileLineAndProblem(String name, String yaml, String message) {
    assertThatThrownBy(() -> Fixtures.snapshot(yaml))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith(message);
  }
}
