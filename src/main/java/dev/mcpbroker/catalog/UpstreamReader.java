package dev.mcpbroker.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import dev.mcpbroker.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code upstreams:} section of the catalog. */
final class UpstreamReader {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> KEYS =
      new LinkedHashSet<>(
          List.of("url", "connectTimeout", "callTimeout", "idleTimeout", "headers", "audience"));
  // RFC 9110 token
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  // the broker frames requests and owns the MCP session; a static value would fight it
  private static final Set<String> RESERVED =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "mcp-session-id",
          "mcp-protocol-version");

  private UpstreamReader() {}

  static Map<String, UpstreamSpec> read(YamlTree tree, List<Object> at, JsonNode section) {
    if (section == null || !section.isObject()) {
      throw tree.error(
          at, YamlMap.describe(section) + " (expected: a mapping of upstream names to upstreams)");
    }
    Map<String, UpstreamSpec> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : section.properties()) {
      List<Object> path = new ArrayList<>(at);
      path.add(e.getKey());
      if (!NAME.matcher(e.getKey()).matches()) {
        throw tree.error(
            path, "bad upstream name (expected: 1-64 characters of A-Z a-z 0-9 _ - .)");
      }
      YamlMap m = YamlMap.of(tree, path, e.getValue(), KEYS);
      out.put(
          e.getKey(),
          new UpstreamSpec(
              e.getKey(),
              url(m),
              duration(m, "connectTimeout"),
              duration(m, "callTimeout"),
              duration(m, "idleTimeout"),
              headers(tree, m),
              m.optionalText("audience", "the action-token audience, e.g. the backend's URL")));
    }
    return out;
  }

  private static URI url(YamlMap m) {
    String expected = "an absolute http or https URL";
    String text = m.text("url", expected);
    try {
      URI url = new URI(text);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        throw m.error("url", "\"" + text + "\" (expected: " + expected + ")");
      }
      if (url.getUserInfo() != null) {
        throw m.error(
            "url",
            "\""
                + url.getHost()
                + "\" with user info (expected: no credentials in the URL; use headers)");
      }
      return url;
    } catch (URISyntaxException e) {
      throw m.error("url", "\"" + text + "\" (expected: " + expected + "; " + e.getReason() + ")");
    }
  }

  static Duration duration(YamlMap m, String key) {
    String text = m.optionalText(key, Durations.EXPECTED);
    if (text == null) {
      return null;
    }
    try {
      return Durations.parse(key, text);
    } catch (IllegalArgumentException e) {
      throw m.error(key, "\"" + text + "\" (expected: " + Durations.EXPECTED + ")");
    }
  }

  private static Map<String, String> headers(YamlTree tree, YamlMap m) {
    JsonNode h = m.get("headers");
    if (h == null) {
      return Map.of();
    }
    if (!h.isObject()) {
      throw m.error(
          "headers", YamlMap.describe(h) + " (expected: a mapping of header names to values)");
    }
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, JsonNode> e : h.properties()) {
      List<Object> path = m.path("headers");
      path.add(e.getKey());
      String name = e.getKey();
      if (!HEADER_NAME.matcher(name).matches()
          || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw tree.error(
            path,
            "bad header name (expected: an HTTP token other than "
                + String.join(", ", RESERVED)
                + ")");
      }
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw tree.error(path, "duplicate header (expected: each header once, in any letter case)");
      }
      JsonNode v = e.getValue();
      if (!v.isValueNode()
          || v.isNull()
          || v.asText().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        // the value itself is not echoed: static headers are where credentials live
        throw tree.error(path, "bad value (expected: a one-line string, number or boolean)");
      }
      out.put(name, v.asText());
    }
    return out;
  }
}
