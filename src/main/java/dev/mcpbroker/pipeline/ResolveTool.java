package dev.mcpbroker.pipeline;

import dev.mcpbroker.upstream.LiveTools;

/**
 * Finds the catalog entry for the public name. Only declared tools whose pin currently verifies
 * resolve; a withheld tool is indistinguishable from an unknown one to the client.
 */
final class ResolveTool implements Stage {
  private final LiveTools tools;

  ResolveTool(LiveTools tools) {
    this.tools = tools;
  }

  @Override
  public StageOutcome apply(CallContext context) {
    String name = context.request().name();
    return tools.verified(name)
        .<StageOutcome>map(spec -> new StageOutcome.Continue(context.withTool(spec)))
        .orElseGet(() -> new StageOutcome.Deny(DenyReason.UNKNOWN_TOOL,
            "tool: " + abbreviate(name) + " (expected: a tool listed by tools/list)"));
  }

  static String abbreviate(String text) {
    if (text == null) {
      return "missing";
    }
    return text.length() <= 64 ? '"' + text + '"' : '"' + text.substring(0, 64) + "\"...";
  }
}
