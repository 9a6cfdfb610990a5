package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code tools:} section of the catalog. */
final class ToolReader {
  private static final Set<String> KEYS =
      new LinkedHashSet<>(
          List.of(
              "name",
              "upstream",
              "upstreamTool",
              "tier",
              "pin",
              "description",
              "sensitive",
              "inputSchema"));

  private final YamlTree tree;
  private final Map<String, UpstreamSpec> upstreams;
  private final Map<String, ToolSpec> tools = new LinkedHashMap<>();
  private final Map<String, Integer> nameLines = new HashMap<>();
  private final Map<String, String> byUpstreamTool = new HashMap<>();

  private ToolReader(YamlTree tree, Map<String, UpstreamSpec> upstreams) {
    this.tree = tree;
    this.upstreams = upstreams;
  }

  static Map<String, ToolSpec> read(
      YamlTree tree, List<Object> at, JsonNode section, Map<String, UpstreamSpec> upstreams) {
    if (section == null || !section.isArray()) {
      throw tree.error(at, YamlMap.describe(section) + " (expected: a list of tools)");
    }
    ToolReader reader = new ToolReader(tree, upstreams);
    for (int i = 0; i < section.size(); i++) {
      List<Object> path = new ArrayList<>(at);
      path.add(i);
      reader.tool(YamlMap.of(tree, path, section.get(i), KEYS));
    }
    return reader.tools;
  }

  private void tool(YamlMap m) {
    String name = m.text("name", "a tool name");
    if (!ToolSpec.NAME.matcher(name).matches()) {
      throw m.error("name", "\"" + name + "\" (expected: 1-128 characters of A-Z a-z 0-9 _ - .)");
    }
    int line = tree.line(m.path("name"));
    Integer first = nameLines.putIfAbsent(name, line);
    if (first != null) {
      throw m.error(
          "name",
          "\"" + name + "\" (expected: a unique name; first declared on line " + first + ")");
    }
    String upstream = CatalogLoader.upstream(m, upstreams);
    String upstreamTool = m.optionalText("upstreamTool", "the tool's name on the upstream");
    upstreamTool = upstreamTool == null ? name : upstreamTool;
    if (upstreamTool.isEmpty()) {
      throw m.error("upstreamTool", "\"\" (expected: the tool's name on the upstream)");
    }
    // one public name per upstream tool: an alias with a laxer tier or schema would be a bypass
    String other = byUpstreamTool.putIfAbsent(upstream + "\u0000" + upstreamTool, name);
    if (other != null) {
      throw m.error(
          m.get("upstreamTool") == null ? "name" : "upstreamTool",
          "\""
              + upstreamTool
              + "\" of upstream "
              + upstream
              + " (expected: exposed once; already exposed as "
              + other
              + ")");
    }
    String tierText = m.text("tier", "one of " + Tier.expected());
    Tier tier =
        Tier.fromYaml(tierText)
            .orElseThrow(
                () ->
                    m.error(
                        "tier", "\"" + tierText + "\" (expected one of: " + Tier.expected() + ")"));
    String pin = m.text("pin", "sha256: followed by 64 lowercase hex digits");
    if (!ToolSpec.PIN.matcher(pin).matches()) {
      throw m.error(
          "pin",
          YamlMap.describe(m.get("pin"))
              + " (expected: sha256: followed by 64 lowercase hex digits)");
    }
    String description = m.optionalText("description", "a string");
    Set<String> sensitive = sensitive(m);
    JsonNode inputSchema = m.get("inputSchema");
    if (inputSchema == null) {
      throw tree.error(
          m.path("inputSchema"), "missing (expected: a JSON Schema with type: object)");
    }
    ToolSchema schema = schema(m, name, inputSchema, sensitive);
    for (String s : sensitive) {
      if (!schema.topLevelProperties().contains(s)) {
        throw m.error(
            "sensitive",
            "\""
                + s
                + "\" (expected: a top-level property of inputSchema: "
                + String.join(", ", schema.topLevelProperties())
                + ")");
      }
    }
    tools.put(
        name,
        new ToolSpec(
            name, upstream, upstreamTool, tier, pin, description, sensitive, inputSchema, schema));
  }

  private Set<String> sensitive(YamlMap m) {
    JsonNode list = m.get("sensitive");
    Set<String> out = new LinkedHashSet<>();
    if (list == null) {
      return out;
    }
    if (!list.isArray()) {
      throw m.error("sensitive", YamlMap.describe(list) + " (expected: a list of argument names)");
    }
    for (JsonNode n : list) {
      if (!n.isTextual() || !out.add(n.asText())) {
        throw m.error("sensitive", YamlMap.describe(n) + " (expected: distinct argument names)");
      }
    }
    return out;
  }

  private ToolSchema schema(YamlMap m, String name, JsonNode inputSchema, Set<String> sensitive) {
    List<Object> at = m.path("inputSchema");
    try {
      return ToolSchema.compile(
          SchemaPaths.dotted(m.path()) + " (" + name + ")", inputSchema, sensitive);
    } catch (CatalogException e) {
      List<Object> inner = new ArrayList<>(at);
      for (String s : e.schemaPointer().split("/")) {
        if (!s.isEmpty()) {
          inner.add(s.replace("~1", "/").replace("~0", "~"));
        }
      }
      throw new CatalogException(
          tree.errorAt(tree.line(inner), List.of(), e.getMessage()).getMessage(), e.getCause());
    }
  }
}
