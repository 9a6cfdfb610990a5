package dev.mcpbroker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpbroker.catalog.Catalog;
import dev.mcpbroker.catalog.CatalogLoader;
import dev.mcpbroker.catalog.UpstreamSpec;
import dev.mcpbroker.cli.Cli;
import dev.mcpbroker.config.BrokerSettings;
import dev.mcpbroker.config.BrokerSettingsLoader;
import dev.mcpbroker.policy.PolicySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a deployment needs from deploy/ and the Dockerfile, checked without a cluster or a Docker
 * engine: every file parses, the container configuration loads through the broker's own loaders,
 * the Kubernetes manifests carry probes, limits, non-root and the backends' NetworkPolicy, compose
 * has every service with a health check, and the commands they run are ones the CLI accepts.
 */
class DeployManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> BACKENDS = List.of("orders", "refunds", "escalations");

  @TempDir Path tmp;

  @Test
  void everyYamlAndJsonFile_inDeploy_parses() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("deploy"))) {
      files = walk.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).toList();
    }
    assertThat(files).hasSizeGreaterThan(12);
    for (Path f : files) {
      if (f.toString().endsWith(".json")) {
        assertThat(JSON.readTree(f.toFile())).as(f.toString()).isNotNull();
      } else {
        assertThat(docs(f)).as(f.toString()).isNotEmpty();
      }
    }
  }

  @Test
  void containerConfig_loadsThroughTheBrokersLoaders() throws Exception {
    Catalog catalog = CatalogLoader.load(Path.of("deploy/config/tools.yaml"), Map.of());
    for (String name : BACKENDS) {
      UpstreamSpec up = catalog.upstreams().get(name);
      assertThat(up.url().getHost()).isEqualTo(name);
      assertThat(up.audience().toString()).isEqualTo("urn:mcp-broker:backend:" + name);
    }
    PolicySnapshot policy = PolicySnapshot.load(Path.of("deploy/config/policies.yaml"), catalog);
    assertThat(policy.testCount()).isPositive();
    assertThat(Files.readString(Path.of("deploy/config/policies.yaml"))).isEqualTo(Files.readString(Path.of("config/policies.yaml")));

    // the container's broker.yaml loads through the broker's own loader, admin section included
    BrokerSettings settings = BrokerSettingsLoader.load(Path.of("deploy/config/broker.yaml"), 8080);
    assertThat(settings.admin().port()).isEqualTo(9090);
    assertThat(settings.admin().host()).isEqualTo("0.0.0.0");
    assertThat(settings.admin().tokenFile()).isEqualTo(Path.of("/app/secrets/admin-token"));
    assertThat(settings.server().host()).isEqualTo("0.0.0.0");
    assertThat(settings.server().allowedHosts()).contains("mcp-broker");
    assertThat(settings.auth().devIssuer()).isFalse();
    assertThat(settings.audit().dir()).isEqualTo(Path.of("/app/data/audit"));
    assertThat(settings.audit().keyFile().getParent()).isEqualTo(Path.of("/app/data"));
  }

  @Test
  void configMap_carriesExactlyTheContainerConfig() throws Exception {
    JsonNode data = docs(Path.of("deploy/k8s/configmap.yaml")).get(0).path("data");
    for (String file : List.of("broker.yaml", "tools.yaml", "policies.yaml")) {
      assertThat(data.path(file).asText()).as(file).isEqualTo(Files.readString(Path.of("deploy/config", file)));
    }
  }

  @Test
  void k8s_deployments_haveProbesLimitsAndRunAsNonRootReadOnly() throws Exception {
    List<JsonNode> deployments = kind("Deployment");
    assertThat(deployments).extracting(d -> d.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder("mcp-broker", "orders", "refunds", "escalations");
    for (JsonNode d : deployments) {
      JsonNode pod = d.path("spec").path("template").path("spec");
      assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(d.toString()).isTrue();
      assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
      for (JsonNode c : pod.path("containers")) {
        assertThat(c.path("livenessProbe").isObject()).as("liveness of " + c.path("name")).isTrue();
        assertThat(c.path("readinessProbe").isObject()).as("readiness of " + c.path("name")).isTrue();
        assertThat(c.path("resources").path("limits").has("cpu")).isTrue();
        assertThat(c.path("resources").path("limits").has("memory")).isTrue();
        assertThat(c.path("resources").path("requests").has("memory")).isTrue();
        assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
      }
    }
  }

  @Test
  void k8s_broker_probesTheAdminPort_keepsItsAuditOnAPvc_andExposesOnlyMcp() throws Exception {
    JsonNode broker = named(kind("Deployment"), "mcp-broker");
    JsonNode pod = broker.path("spec").path("template").path("spec");
    JsonNode c = pod.path("containers").get(0);
    assertThat(c.path("args").toString()).isEqualTo("[\"run\",\"--config\",\"/app/config\"]");
    assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
    assertThat(c.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("admin");
    assertThat(c.path("ports").findValues("containerPort")).extracting(JsonNode::asInt).containsExactlyInAnyOrder(8080, 9090);
    String dataVolume = mountedAt(c, "/app/data");
    assertThat(volume(pod, dataVolume).path("persistentVolumeClaim").path("claimName").asText()).isEqualTo("mcp-broker-data");
    assertThat(volume(pod, mountedAt(c, "/app/config")).path("configMap").path("name").asText()).isEqualTo("mcp-broker-config");
    assertThat(volume(pod, mountedAt(c, "/app/secrets")).path("secret").path("secretName").asText()).isEqualTo("mcp-broker-secrets");
    assertThat(named(kind("PersistentVolumeClaim"), "mcp-broker-data")).isNotNull();
    assertThat(broker.path("spec").path("strategy").path("type").asText()).isEqualTo("Recreate");
    for (JsonNode service : kind("Service")) {
      assertThat(service.path("spec").path("ports").findValues("port")).extracting(JsonNode::asInt).doesNotContain(9090);
    }
    JsonNode secrets = named(kind("Secret"), "mcp-broker-secrets").path("stringData");
    assertThat(secrets.has("session-jwks.json") && secrets.has("admin-token") && secrets.has("audit-signing-key.pem")).isTrue();
  }

  @Test
  void k8s_networkPolicy_letsOnlyTheBrokerReachTheBackends() throws Exception {
    JsonNode policy = named(kind("NetworkPolicy"), "mcp-backends");
    Map<String, String> selector = labels(policy.path("spec").path("podSelector").path("matchLabels"));
    for (JsonNode d : kind("Deployment")) {
      Map<String, String> podLabels = labels(d.path("spec").path("template").path("metadata").path("labels"));
      boolean selected = podLabels.entrySet().containsAll(selector.entrySet());
      assertThat(selected).as(d.path("metadata").path("name") + " selected").isEqualTo(!d.path("metadata").path("name").asText().equals("mcp-broker"));
    }
    assertThat(policy.path("spec").path("policyTypes").toString()).contains("Ingress");
    JsonNode ingress = policy.path("spec").path("ingress");
    assertThat(ingress).hasSize(1);
    JsonNode from = ingress.get(0).path("from");
    assertThat(from).hasSize(1);
    assertThat(from.get(0).has("namespaceSelector") || from.get(0).has("ipBlock")).isFalse();
    assertThat(labels(from.get(0).path("podSelector").path("matchLabels"))).isEqualTo(Map.of("app.kubernetes.io/name", "mcp-broker"));
  }

  @Test
  void backends_inK8sAndCompose_matchTheCatalog_andTheirCommandLinesAreAccepted() throws Exception {
    Catalog catalog = CatalogLoader.load(Path.of("deploy/config/tools.yaml"), Map.of());
    JsonNode compose = compose();
    for (String name : BACKENDS) {
      JsonNode k8sPod = named(kind("Deployment"), name).path("spec").path("template").path("spec");
      JsonNode composeService = compose.path("services").path(name);
      assertThat(k8sPod.path("hostname").asText()).isEqualTo(name);
      assertThat(composeService.path("hostname").asText()).isEqualTo(name);
      UpstreamSpec up = catalog.upstreams().get(name);
      JsonNode service = named(kind("Service"), name);
      assertThat(service.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(up.url().getPort());
      for (JsonNode command : List.of(k8sPod.path("containers").get(0).path("args"), composeService.path("command"))) {
        List<String> args = strings(command);
        assertThat(args).containsSequence("backend", name).containsSequence("--host", name)
            .containsSequence("--port", String.valueOf(up.url().getPort()))
            .containsSequence("--audience", up.audience().toString())
            .containsSequence("--broker-jwks", "http://mcp-broker:8080/.well-known/jwks.json");
        // the real CLI parses it: only the service name (unresolvable here) stops the backend
        List<String> here = new ArrayList<>(args);
        here.set(here.indexOf("--host") + 1, "no-such-host.invalid");
        here.addAll(List.of("--db", "jdbc:h2:mem:deploy-" + name));
        String err = cli(here);
        assertThat(err).doesNotContain("unknown option").contains("no-such-host.invalid").contains("resolvable host");
      }
    }
  }

  @Test
  void compose_hasEveryServiceWithAHealthCheck_andMountsWhatExists() throws Exception {
    JsonNode services = compose().path("services");
    assertThat(services.fieldNames()).toIterable()
        .contains("mcp-broker", "orders", "refunds", "escalations", "prometheus", "grafana");
    services.fields().forEachRemaining(e ->
        assertThat(e.getValue().path("healthcheck").path("test").isArray()).as(e.getKey() + " healthcheck").isTrue());
    JsonNode broker = services.path("mcp-broker");
    assertThat(Path.of("deploy").resolve(broker.path("build").path("context").asText())
        .resolve(broker.path("build").path("dockerfile").asText()).normalize()).isEqualTo(Path.of("Dockerfile"));
    assertThat(strings(broker.path("command"))).containsExactly("run", "--config", "/app/config");
    assertThat(strings(broker.path("ports"))).allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
    for (JsonNode service : services) {
      for (JsonNode v : service.path("volumes")) {
        String source = v.asText().split(":")[0];
        if (source.startsWith("./") && !source.startsWith("./secrets")) {
          assertThat(Path.of("deploy", source)).as(v.asText()).exists();
        }
      }
    }
    // Prometheus loads alerts.yml from beside its config, where compose mounts it
    assertThat(strings(services.path("prometheus").path("volumes")))
        .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", "./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    // the health checks the broker's image and compose run are command lines the CLI accepts
    // (nothing listens on 9090 here: exit 1, "unreachable", not a usage error)
    List<String> health = strings(broker.path("healthcheck").path("test"));
    assertThat(cli(health.subList(health.indexOf("/app/mcp-broker.jar") + 1, health.size()))).contains("unreachable");
  }

  @Test
  void compose_givesEachSecretOnlyToTheServicesThatUseIt_neverTheBrokerTheBackendsCredentials() throws Exception {
    JsonNode services = compose().path("services");
    // the broker gets exactly the files its broker.yaml reads, not deploy/secrets/ whole (which
    // also holds the database password, the payments key and the test issuer's private key)
    List<String> fromSecrets = strings(services.path("mcp-broker").path("volumes")).stream()
        .filter(v -> v.startsWith("./secrets")).toList();
    assertThat(fromSecrets).containsExactlyInAnyOrder(
        "./secrets/session-jwks.json:/app/secrets/session-jwks.json:ro",
        "./secrets/admin-token:/app/secrets/admin-token:ro");
    assertThat(services.path("mcp-broker").has("secrets")).isFalse();
    Map<String, List<String>> holders = new java.util.TreeMap<>();
    services.fields().forEachRemaining(e -> strings(e.getValue().path("secrets"))
        .forEach(s -> holders.computeIfAbsent(s, k -> new ArrayList<>()).add(e.getKey())));
    assertThat(holders.get("refunds-payments-key")).containsExactly("refunds");
    assertThat(holders.get("db-password")).containsExactlyInAnyOrder("orders", "refunds", "escalations", "postgres");
  }

  @Test
  void k8s_givesThePaymentsKeyToTheRefundsBackendAlone() throws Exception {
    List<JsonNode> deployments = kind("Deployment");
    for (String backend : BACKENDS) {
      JsonNode pod = named(deployments, backend).path("spec").path("template").path("spec");
      JsonNode secret = volume(pod, mountedAt(pod.path("containers").get(0), "/app/secrets")).path("secret");
      assertThat(secret.path("secretName").asText()).isEqualTo("mcp-backends-secrets");
      // without items, every key of the secret would be a file in the container
      List<String> files = new ArrayList<>();
      secret.path("items").forEach(i -> files.add(i.path("key").asText()));
      if (backend.equals("refunds")) {
        assertThat(files).as(backend).containsExactlyInAnyOrder("db-password", "refunds-payments-key");
      } else {
        assertThat(files).as(backend).containsExactly("db-password");
      }
    }
  }

  @Test
  void dockerfile_buildsWithMaven_runsAsNonRootOnAJre_withAHealthCheck() throws Exception {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertThat(dockerfile)
        .contains("FROM maven:3.9-eclipse-temurin-17 AS build")
        .contains("mvn -B -ntp -DskipTests package")
        .contains("FROM eclipse-temurin:17-jre")
        .contains("USER 10001:10001")
        .contains("VOLUME [\"/app/config\", \"/app/data\"]")
        .contains("EXPOSE 8080 9090")
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/mcp-broker.jar\"]")
        .contains("CMD [\"run\", \"--config\", \"/app/config\"]");
    String healthcheck = dockerfile.lines().dropWhile(l -> !l.startsWith("HEALTHCHECK")).skip(1).findFirst().orElseThrow();
    List<String> health = strings(JSON.readTree(healthcheck.strip().substring("CMD ".length())));
    assertThat(cli(health.subList(health.indexOf("/app/mcp-broker.jar") + 1, health.size()))).contains("unreachable");
    List<String> ignored = Files.readAllLines(Path.of(".dockerignore"));
    assertThat(ignored).contains("target/", "deploy/secrets/").doesNotContain("src/", "pom.xml", "deploy/");
  }

  private static String cli(List<String> args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int code = Cli.run(args.toArray(String[]::new), sink, new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isIn(1, 2);
    return text;
  }

  private static JsonNode compose() throws Exception {
    // SnakeYAML itself, not Jackson's YAML reader: Jackson reads a merge key's alias (<<: *backend)
    // as the anchor's name, not its content, where compose (and SnakeYAML) merge the anchored map
    Object tree = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
        new org.yaml.snakeyaml.LoaderOptions())).load(Files.readString(Path.of("deploy/docker-compose.yml")));
    return JSON.valueToTree(tree);
  }

  private static List<JsonNode> docs(Path file) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode d = (JsonNode) it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  private static List<JsonNode> kind(String kind) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("deploy/k8s"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        docs(f).stream().filter(d -> d.path("kind").asText().equals(kind)).forEach(all::add);
      }
    }
    return all;
  }

  private static JsonNode named(List<JsonNode> objects, String name) {
    return objects.stream().filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no object named " + name));
  }

  private static String mountedAt(JsonNode container, String path) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.path("mountPath").asText().equals(path)) {
        return m.path("name").asText();
      }
    }
    throw new AssertionError("nothing mounted at " + path);
  }

  private static JsonNode volume(JsonNode pod, String name) {
    for (JsonNode v : pod.path("volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  private static Map<String, String> labels(JsonNode node) {
    return JSON.convertValue(node, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

}
