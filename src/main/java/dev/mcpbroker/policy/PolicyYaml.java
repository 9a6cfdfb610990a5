package dev.mcpbroker.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.mcpbroker.json.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses one YAML document into a Jackson tree and remembers the line of every entry by its dotted
 * path ({@code rules[0].when}), so that every later error can name the line. Rejects duplicate
 * keys, aliases and a second document.
 */
final class PolicyYaml {
  private static final YAMLFactory YAML = new YAMLFactory();

  private final String fileName;
  private final Map<String, Integer> lines = new HashMap<>();
  private JsonNode root;

  private PolicyYaml(String fileName) {
    this.fileName = fileName;
  }

  static PolicyYaml parse(String yaml, String fileName) {
    PolicyYaml tree = new PolicyYaml(fileName);
    try (YAMLParser p = YAML.createParser(yaml)) {
      if (p.nextToken() == null) {
        throw tree.error("", "empty file (expected: a mapping with version and rules)");
      }
      tree.lines.put("", line(p));
      tree.root = tree.read(p, "");
      if (p.nextToken() != null) {
        throw new PolicyException(fileName + ":" + line(p) + ": a second YAML document (expected: one)");
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw new PolicyException(fileName + ":" + line + ": malformed YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PolicyException(fileName + ":1: unreadable YAML: " + e.getMessage(), e);
    }
    return tree;
  }

  String fileName() {
    return fileName;
  }

  JsonNode root() {
    return root;
  }

  /** The line of the entry at {@code path}, or of its nearest recorded ancestor. */
  int line(String path) {
    String p = path;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 1;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }

  /** An error at {@code path}: {@code file:line: path: detail}. */
  PolicyException error(String path, String detail) {
    String where = path.isEmpty() ? "" : path + ": ";
    return new PolicyException(fileName + ":" + line(path) + ": " + where + detail);
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  private JsonNode read(YAMLParser p, String path) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = Json.NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          String at = child(path, key);
          if (o.has(key)) {
            throw new PolicyException(fileName + ":" + line(p) + ": " + at
                + ": duplicate key (expected: each key once; first on line " + line(at) + ")");
          }
          lines.put(at, line(p));
          p.nextToken();
          o.set(key, read(p, at));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = Json.NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          String at = index(path, a.size());
          lines.put(at, line(p));
          a.add(read(p, at));
        }
        return a;
      }
      case VALUE_STRING -> {
        if (p.isCurrentAlias()) {
          throw error(path, "*" + p.getText() + " (expected: no YAML aliases; write the value out)");
        }
        return Json.NODES.textNode(p.getText());
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
      default -> throw error(path, p.getText() + " (expected: a string, number, boolean, list or mapping)");
    }
  }

  private static int line(YAMLParser p) {
    return p.currentTokenLocation().getLineNr();
  }
}
