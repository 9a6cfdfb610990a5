package dev.mcpbroker.catalog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.catalog.ToolSchema;
import dev.mcpbroker.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Times the schema stage of a tool call: validating {@code get_order}'s arguments against the
 * schema the benchmark catalog (bench/config/tools.yaml) enforces, valid and with a smuggled field.
 * Run by {@code bench/run.sh} through {@link dev.mcpbroker.bench.StageBenchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SchemaValidationBenchmark {
  private ToolSchema schema;
  private JsonNode valid;
  private JsonNode smuggled;

  @Setup
  public void setUp() throws Exception {
    Catalog catalog = CatalogLoader.load(Path.of("bench/config/tools.yaml"), Map.of("ORDERS_PORT", "1"));
    schema = catalog.tools().get("get_order").schema();
    valid = Json.MAPPER.readTree("{\"order_id\":\"ord_0042\"}");
    smuggled = Json.MAPPER.readTree("{\"order_id\":\"ord_0042\",\"role\":\"admin\"}");
    if (!schema.validate(valid).isEmpty() || schema.validate(smuggled).isEmpty()) {
      throw new IllegalStateException("the benchmark schema does not behave as the catalog's");
    }
  }

  /** The common case: the arguments pass. */
  @Benchmark
  public List<String> validArguments() {
    return schema.validate(valid);
  }

  /** An undeclared property: rejected with a message naming it. */
  @Benchmark
  public List<String> undeclaredProperty() {
    return schema.validate(smuggled);
  }
}
