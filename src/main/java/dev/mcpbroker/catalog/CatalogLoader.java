package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads {@code tools.yaml} into a {@link Catalog}, or fails with a {@link CatalogException} whose
 * message starts with {@code file:line: } and names the field, the value and the expectation.
 * Everything is checked when the file loads: nothing about the catalog can fail per call.
 */
public final class CatalogLoader {
  private static final Set<String> TOP =
      new LinkedHashSet<>(List.of("upstreams", "tools", "resources", "prompts"));
  private static final Set<String> RESOURCE = new LinkedHashSet<>(List.of("upstream", "uri"));
  private static final Set<String> PROMPT = new LinkedHashSet<>(List.of("upstream", "name"));

  private CatalogLoader() {}

  /** Reads and parses {@code file}; {@code env} resolves {@code ${NAME}} placeholders. */
  public static Catalog load(Path file, Map<String, String> env) {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CatalogException(file + ":1: cannot read the catalog: " + e, e);
    }
    return parse(yaml, file.toString(), env);
  }

  /** Parses catalog YAML; {@code fileName} prefixes error messages. */
  public static Catalog parse(String yaml, String fileName, Map<String, String> env) {
    YamlTree tree = YamlTree.parse(yaml, fileName, env);
    YamlMap top = YamlMap.of(tree, List.of(), tree.root(), TOP);
    if (top.get("upstreams") == null || top.get("tools") == null) {
      String key = top.get("upstreams") == null ? "upstreams" : "tools";
      throw tree.error(List.of(key), "missing (expected: a " + key + ": section)");
    }
    Map<String, UpstreamSpec> upstreams =
        UpstreamReader.read(tree, top.path("upstreams"), top.get("upstreams"));
    Map<String, ToolSpec> tools =
        ToolReader.read(tree, top.path("tools"), top.get("tools"), upstreams);
    List<ResourceRule> resources = new ArrayList<>();
    for (YamlMap m : entries(tree, top, "resources", RESOURCE)) {
      String upstream = upstream(m, upstreams);
      String uri = m.text("uri", "a URI glob such as orders://*");
      if (uri.isEmpty()) {
        throw m.error("uri", "\"\" (expected: a URI glob such as orders://*)");
      }
      resources.add(new ResourceRule(upstream, uri));
    }
    List<PromptRule> prompts = new ArrayList<>();
    Map<String, Integer> promptLines = new HashMap<>();
    for (YamlMap m : entries(tree, top, "prompts", PROMPT)) {
      String upstream = upstream(m, upstreams);
      String name = m.text("name", "a prompt name");
      if (name.isEmpty()) {
        throw m.error("name", "\"\" (expected: a prompt name)");
      }
      // prompts keep their upstream names downstream, so a name must route to one upstream
      Integer first = promptLines.putIfAbsent(name, tree.line(m.path("name")));
      if (first != null) {
        throw m.error(
            "name",
            "\"" + name + "\" (expected: a unique prompt name; first on line " + first + ")");
      }
      prompts.add(new PromptRule(upstream, name));
    }
    return new Catalog(upstreams, tools, resources, prompts);
  }

  private static List<YamlMap> entries(YamlTree tree, YamlMap top, String key, Set<String> keys) {
    JsonNode list = top.get(key);
    List<YamlMap> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    if (!list.isArray()) {
      throw top.error(key, YamlMap.describe(list) + " (expected: a list of rules)");
    }
    for (int i = 0; i < list.size(); i++) {
      out.add(YamlMap.of(tree, withIndex(top.path(key), i), list.get(i), keys));
    }
    return out;
  }

  private static List<Object> withIndex(List<Object> path, int i) {
    List<Object> out = new ArrayList<>(path);
    out.add(i);
    return out;
  }

  /** Reads {@code upstream} and checks that it names a declared upstream. */
  static String upstream(YamlMap m, Map<String, UpstreamSpec> upstreams) {
    String upstream = m.text("upstream", "the name of a declared upstream");
    if (!upstreams.containsKey(upstream)) {
      throw m.error(
          "upstream",
          "\""
              + upstream
              + "\" (expected one of the declared upstreams: "
              + String.join(", ", upstreams.keySet())
              + ")");
    }
    return upstream;
  }
}
