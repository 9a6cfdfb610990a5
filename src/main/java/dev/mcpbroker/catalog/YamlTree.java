package dev.mcpbroker.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a YAML document into a Jackson tree while remembering the line of every entry (by JSON
 * pointer), so that configuration errors can name the line. Rejects duplicate keys, aliases and
 * more than one document, and resolves {@code ${NAME}} placeholders in string values after parsing,
 * so a substituted value can never change the document's structure.
 */
final class YamlTree {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final String fileName;
  private final Map<String, String> env;
  private final Map<String, Integer> lines = new HashMap<>();
  private JsonNode root;

  private YamlTree(String fileName, Map<String, String> env) {
    this.fileName = fileName;
    this.env = env;
  }

  static YamlTree parse(String yaml, String fileName, Map<String, String> env) {
    YamlTree tree = new YamlTree(fileName, Map.copyOf(env));
    try (YAMLParser p = YAML.createParser(yaml)) {
      if (p.nextToken() == null) {
        throw tree.error(List.of(), "empty file (expected: a mapping with upstreams and tools)");
      }
      tree.lines.put("", line(p));
      tree.root = tree.read(p, new ArrayList<>());
      if (p.nextToken() != null) {
        throw new CatalogException(
            fileName + ":" + line(p) + ": a second YAML document (expected: one)");
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw new CatalogException(
          fileName + ":" + line + ": malformed YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CatalogException(fileName + ":1: unreadable YAML: " + e.getMessage(), e);
    }
    return tree;
  }

  JsonNode root() {
    return root;
  }

  /** The line of the entry at {@code path}, or of its nearest recorded ancestor. */
  int line(List<?> path) {
    for (int n = path.size(); n >= 0; n--) {
      Integer line = lines.get(SchemaPaths.pointer(path.subList(0, n)));
      if (line != null) {
        return line;
      }
    }
    return 1;
  }

  /** An error located at {@code path}: {@code file:line: path: detail}. */
  CatalogException error(List<?> path, String detail) {
    return errorAt(line(path), path, detail);
  }

  CatalogException errorAt(int line, List<?> path, String detail) {
    String where = path.isEmpty() ? "" : SchemaPaths.dotted(path) + ": ";
    return new CatalogException(fileName + ":" + line + ": " + where + detail);
  }

  private JsonNode read(JsonParser p, List<Object> path) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = Json.NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          List<Object> child = with(path, key);
          if (o.has(key)) {
            throw errorAt(
                line(p),
                child,
                "duplicate key (expected: each key once; first on line " + line(child) + ")");
          }
          lines.put(SchemaPaths.pointer(child), line(p));
          p.nextToken();
          o.set(key, read(p, child));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = Json.NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          List<Object> child = with(path, a.size());
          lines.put(SchemaPaths.pointer(child), line(p));
          a.add(read(p, child));
        }
        return a;
      }
      case VALUE_STRING -> {
        if (((YAMLParser) p).isCurrentAlias()) {
          throw error(
              path, "*" + p.getText() + " (expected: no YAML aliases; write the value out)");
        }
        return Json.NODES.textNode(substitute(p.getText(), path));
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> Json.NODES.numberNode(p.getIntValue());
          case LONG -> Json.NODES.numberNode(p.getLongValue());
          default -> Json.NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        try {
          return Json.NODES.numberNode(p.getDecimalValue());
        } catch (NumberFormatException e) {
          throw error(path, p.getText() + " (expected: a finite number)");
        }
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return Json.NODES.booleanNode(t == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return Json.NODES.nullNode();
      }
      default ->
          throw error(
              path, p.getText() + " (expected: a string, number, boolean, list or mapping)");
    }
  }

  private String substitute(String text, List<Object> path) {
    if (!text.contains("${")) {
      return text;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        throw error(
            path,
            m.group()
                + " is not set (expected: a value for "
                + m.group(1)
                + " in the environment)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (PLACEHOLDER.matcher(text).replaceAll("").contains("${")) {
      throw error(
          path,
          Json.NODES.textNode(text)
              + " (expected: placeholders like ${NAME}, NAME of A-Z a-z 0-9 _)");
    }
    return out.toString();
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static List<Object> with(List<Object> path, Object segment) {
    List<Object> out = new ArrayList<>(path);
    out.add(segment);
    return out;
  }
}
