package dev.mcpbroker.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds one immutable snapshot of {@code tools.yaml}: the upstreams and tools in file order and the
 * resource and prompt allow-lists. What is not in it is not exposed.
 *
 * @param upstreams upstreams by name, in file order
 * @param tools tools by public name, in file order
 * @param resources resource rules, in file order (the first match routes)
 * @param prompts prompt rules, in file order
 */
public record Catalog(
    Map<String, UpstreamSpec> upstreams,
    Map<String, ToolSpec> tools,
    List<ResourceRule> resources,
    List<PromptRule> prompts) {

  public Catalog {
    upstreams = Collections.unmodifiableMap(new LinkedHashMap<>(upstreams));
    tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
    resources = List.copyOf(resources);
    prompts = List.copyOf(prompts);
    for (Map.Entry<String, UpstreamSpec> e : upstreams.entrySet()) {
      require(e.getKey().equals(e.getValue().name()), "upstreams", e.getKey(), "its own name");
    }
    for (Map.Entry<String, ToolSpec> e : tools.entrySet()) {
      require(e.getKey().equals(e.getValue().name()), "tools", e.getKey(), "its own name");
      require(
          upstreams.containsKey(e.getValue().upstream()),
          "tools",
          e.getKey(),
          "a declared upstream");
    }
    for (ResourceRule r : resources) {
      require(upstreams.containsKey(r.upstream()), "resources", r.uriGlob(), "a declared upstream");
    }
    for (PromptRule p : prompts) {
      require(upstreams.containsKey(p.upstream()), "prompts", p.name(), "a declared upstream");
    }
  }

  private static void require(boolean ok, String section, String key, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(
          section + ": \"" + key + "\" (expected: " + expected + ")");
    }
  }

  /** Finds a tool by the public name clients call. */
  public Optional<ToolSpec> tool(String publicName) {
    return Optional.ofNullable(tools.get(publicName));
  }

  /** Finds the tool that exposes {@code upstreamTool} of {@code upstream}, if any. */
  public Optional<ToolSpec> toolByUpstreamName(String upstream, String upstreamTool) {
    return tools.values().stream()
        .filter(t -> t.upstream().equals(upstream) && t.upstreamTool().equals(upstreamTool))
        .findFirst();
  }

  /** Lists the tools served by {@code upstream}, in file order. */
  public List<ToolSpec> toolsOf(String upstream) {
    return tools.values().stream().filter(t -> t.upstream().equals(upstream)).toList();
  }

  /** Names the upstream of the first resource rule that matches {@code uri}. */
  public Optional<String> upstreamForResource(String uri) {
    return resources.stream().filter(r -> r.matches(uri)).map(ResourceRule::upstream).findFirst();
  }

  /** Tells whether a rule of {@code upstream} allows this resource URI or URI template. */
  public boolean resourceAllowed(String upstream, String uriOrTemplate) {
    return resources.stream()
        .anyMatch(r -> r.upstream().equals(upstream) && r.matches(uriOrTemplate));
  }

  /** Names the upstream that serves the allowed prompt {@code name}. */
  public Optional<String> upstreamForPrompt(String name) {
    return prompts.stream()
        .filter(p -> p.name().equals(name))
        .map(PromptRule::upstream)
        .findFirst();
  }

  /** Tells whether {@code upstream}'s prompt {@code name} is allowed through. */
  public boolean promptAllowed(String upstream, String name) {
    return prompts.stream().anyMatch(p -> p.upstream().equals(upstream) && p.name().equals(name));
  }
}
