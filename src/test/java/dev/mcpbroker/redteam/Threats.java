package dev.mcpbroker.redteam;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names the threats a scenario may cover: the OWASP Top 10 for LLM Applications 2025 (LLM01 to
 * LLM10) and the OWASP Agentic AI Threats and Mitigations list (T1 to T15). A closed set, so that
 * a typo in a scenario file fails the suite instead of inventing a threat.
 */
final class Threats {
  private Threats() {}

  /** Every known id with its official name, in the lists' order. */
  static final Map<String, String> NAMES = names();

  private static Map<String, String> names() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("LLM01", "Prompt Injection");
    m.put("LLM02", "Sensitive Information Disclosure");
    m.put("LLM03", "Supply Chain");
    m.put("LLM04", "Data and Model Poisoning");
    m.put("LLM05", "Improper Output Handling");
    m.put("LLM06", "Excessive Agency");
    m.put("LLM07", "System Prompt Leakage");
    m.put("LLM08", "Vector and Embedding Weaknesses");
    m.put("LLM09", "Misinformation");
    m.put("LLM10", "Unbounded Consumption");
    m.put("T1", "Memory Poisoning");
    m.put("T2", "Tool Misuse");
    m.put("T3", "Privilege Compromise");
    m.put("T4", "Resource Overload");
    m.put("T5", "Cascading Hallucination Attacks");
    m.put("T6", "Intent Breaking & Goal Manipulation");
    m.put("T7", "Misaligned & Deceptive Behaviors");
    m.put("T8", "Repudiation & Untraceability");
    m.put("T9", "Identity Spoofing & Impersonation");
    m.put("T10", "Overwhelming Human in the Loop");
    m.put("T11", "Unexpected RCE and Code Attacks");
    m.put("T12", "Agent Communication Poisoning");
    m.put("T13", "Rogue Agents in Multi-Agent Systems");
    m.put("T14", "Human Attacks on Multi-Agent Systems");
    m.put("T15", "Human Manipulation");
    return java.util.Collections.unmodifiableMap(m);
  }
}
