package dev.mcpbroker.policy;

import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogException;
import dev.mcpbroker.catalog.CatalogLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code mcp-broker policy} commands: {@code test [dir]} runs the test cases embedded in
 * {@code dir/policies.yaml} against {@code dir/tools.yaml} and exits non-zero on a failure, for a
 * platform team's CI; {@code explain [dir] --call FILE} shows for one call which rules matched and
 * why. Exit codes: 0 passed, 1 a test failed, 2 the files do not load or the usage is wrong.
 */
public final class PolicyCommands {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private PolicyCommands() {}

  /** {@code policy test [dir]}: prints PASS/FAIL per case and a summary line. */
  public static int test(String[] args, PrintStream out) {
    if (args.length > 1) {
      out.println("usage: mcp-broker policy test [dir]");
      return 2;
    }
    Path dir = Path.of(args.length == 1 ? args[0] : "config");
    PolicySnapshot s;
    try {
      s = SnapshotBuilder.build(Files.readAllBytes(dir.resolve("policies.yaml")), "policies.yaml", catalog(dir));
    } catch (IOException | PolicyException | CatalogException e) {
      out.println("policy does not load: " + e.getMessage());
      return 2;
    }
    List<EmbeddedTests.Result> results = EmbeddedTests.run(s);
    int failed = 0;
    for (EmbeddedTests.Result r : results) {
      if (r.passed()) {
        out.println("PASS " + r.name());
      } else {
        failed++;
        out.println("FAIL " + r.name() + " (policies.yaml:" + r.line() + "): " + r.message());
      }
    }
    out.println("policy " + s.version());
    out.println((results.size() - failed) + " passed, " + failed + " failed");
    return failed == 0 ? 0 : 1;
  }

  /** {@code policy explain [dir] --call FILE}: the call is a test case without {@code expect}. */
  public static int explain(String[] args, PrintStream out) {
    int at = List.of(args).indexOf("--call");
    if (at < 0 || at + 1 >= args.length || args.length > 3 || (args.length == 3 && at != 1)) {
      out.println("usage: mcp-broker policy explain [dir] --call FILE");
      return 2;
    }
    Path dir = Path.of(at == 1 ? args[0] : "config");
    try {
      PolicySnapshot s = SnapshotBuilder.build(
          Files.readAllBytes(dir.resolve("policies.yaml")), "policies.yaml", catalog(dir));
      Path callFile = Path.of(args[at + 1]);
      PolicyYaml yaml = PolicyYaml.parse(Files.readString(callFile, StandardCharsets.UTF_8),
          callFile.getFileName().toString());
      PolicyTestCase call = TestCaseParser.parse(yaml, "", yaml.root(), false);
      Explain.print(s, call, out);
      return 0;
    } catch (IOException | PolicyException | CatalogException e) {
      out.println("cannot explain: " + e.getMessage());
      return 2;
    }
  }

  /** Loads the catalog; placeholders not set in the environment get a dummy value (no upstream is called). */
  static Catalog catalog(Path dir) throws IOException {
    Path file = dir.resolve("tools.yaml");
    String yaml = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, String> env = new HashMap<>();
    Matcher m = PLACEHOLDER.matcher(yaml);
    while (m.find()) {
      env.put(m.group(1), System.getenv().getOrDefault(m.group(1), "0"));
    }
    return CatalogLoader.parse(yaml, "tools.yaml", env);
  }
}
