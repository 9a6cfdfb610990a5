package dev.mcpbroker.pipeline;

import dev.mcpbroker.upstream.LiveTools;

/**
 * Finds the catalog entry for the public name. Only declared tools whose pin currently verifies
 * resolve; a withheld tool is indistinguishable from an unknown one to the client. A tool an
 * operator disabled resolves, so that the refusal names it, and is refused {@code tool_disabled}.
 */
final class ResolveTool implements Stage {
  private final LiveTools tools;
  private final ToolSwitch toolSwitch;

  ResolveTool(LiveTools tools, ToolSwitch toolSwitch) {
    this.tools = tools;
    this.toolSwitch = toolSwitch;
  }

  @Override
  public StageOutcome apply(CallContext context) {
    String name = context.request().name();
    return tools.verified(name)
        .<StageOutcome>map(spec -> toolSwitch.isDisabled(spec.name())
            ? new StageOutcome.Deny(DenyReason.TOOL_DISABLED,
                "tool " + spec.name() + " was not called: an operator disabled it for now")
            : new StageOutcome.Continue(context.withTool(spec)))
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
