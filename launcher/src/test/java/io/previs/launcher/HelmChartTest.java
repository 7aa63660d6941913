package io.previs.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.previs.contracts.job.Priority;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.security.SecuritySettings;
import io.previs.scheduler.SchedulerProperties;
import io.previs.servicekit.kafka.PrevisKafkaProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart lints strictly and renders what a GPU farm needs (helm 3 embedded by helm-java). */
class HelmChartTest {

  static final Path CHART = Path.of("..", "helm", "previs");

  @Test
  void lintsCleanInStrictMode() {
    var result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void rendersFiveServicesWithProbesAndGpuWorkersThatCanCheckpointOnShutdown() throws Exception {
    List<JsonNode> docs = render(Map.of());
    List<JsonNode> deployments =
        docs.stream().filter(d -> "Deployment".equals(d.path("kind").asString())).toList();
    assertThat(deployments)
        .extracting(
            d -> d.path("metadata").path("labels").path("app.kubernetes.io/component").asString())
        .containsExactlyInAnyOrder(
            "gateway", "encoder", "scheduler", "worker", "postprocess", "qc");
    for (JsonNode d : deployments) {
      JsonNode c = d.path("spec").path("template").path("spec").path("containers").get(0);
      assertThat(c.path("readinessProbe").path("httpGet").path("path").asString())
          .isEqualTo("/actuator/health/readiness");
      assertThat(c.path("livenessProbe").path("httpGet").path("path").asString())
          .isEqualTo("/actuator/health/liveness");
      assertThat(
              String.join(" ", c.path("command").valueStream().map(JsonNode::asString).toList())
                  .length())
          .as("short argv (ONNX Runtime crashes above ~4 KB)")
          .isLessThan(200);
    }
    JsonNode worker =
        deployments.stream()
            .filter(d -> d.path("metadata").path("name").asString().endsWith("-worker"))
            .findFirst()
            .orElseThrow();
    JsonNode spec = worker.path("spec").path("template").path("spec");
    assertThat(spec.path("terminationGracePeriodSeconds").asInt()).isEqualTo(120);
    assertThat(
            spec.path("containers")
                .get(0)
                .path("resources")
                .path("limits")
                .path("nvidia.com/gpu")
                .asInt())
        .isEqualTo(1);
    assertThat(spec.path("containers").get(0).path("env").toString())
        .contains("PREVIS_WORKER_ALLOW_CPU_FALLBACK", "\"false\"");
    assertThat(docs)
        .anySatisfy(d -> assertThat(d.path("kind").asString()).isEqualTo("PodDisruptionBudget"));
    assertThat(docs).anySatisfy(d -> assertThat(d.path("kind").asString()).isEqualTo("Secret"));
  }

  @Test
  void theValuesSchemaRejectsNonsense() {
    assertThatThrownBy(() -> render(Map.of("worker.replicas", -1)))
        .hasMessageContaining("replicas");
    assertThatThrownBy(() -> render(Map.of("worker.device", "tpu"))).hasMessageContaining("device");
    assertThatThrownBy(() -> render(Map.of("storage.endpoint", "minio:9000")))
        .hasMessageContaining("endpoint");
    assertThatThrownBy(() -> render(Map.of("postprocess.prores", "best")))
        .hasMessageContaining("prores");
    assertThatThrownBy(() -> render(Map.of("qc.maxRegenerations", 50)))
        .hasMessageContaining("maxRegenerations");
  }

  @Test
  void postprocessAndQcSettingsReachTheirServices() throws Exception {
    List<JsonNode> docs =
        render(
            Map.of(
                "postprocess.output",
                "1080p",
                "postprocess.prores",
                "hq",
                "qc.maxRegenerations",
                0));
    String post = container(docs, "postprocess").path("env").toString();
    assertThat(post)
        .contains("PREVIS_POSTPROCESS_OUTPUT", "\"1080p\"")
        .contains("PREVIS_POSTPROCESS_PRORES", "\"hq\"")
        .doesNotContain("PREVIS_POSTPROCESS_LOOK");
    assertThat(container(docs, "qc").path("env").toString())
        .contains("PREVIS_QC_MAX_REGENERATIONS", "\"0\"");
  }

  private static JsonNode container(List<JsonNode> docs, String component) {
    return docs.stream()
        .filter(d -> d.path("kind").asString().equals("Deployment"))
        .filter(d -> d.path("metadata").path("name").asString().endsWith("-" + component))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no deployment for " + component))
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0);
  }

  @Test
  void anExistingSecretReplacesTheGeneratedOne() throws Exception {
    List<JsonNode> docs = render(Map.of("storage.existingSecret", "studio-s3"));
    assertThat(docs).noneSatisfy(d -> assertThat(d.path("kind").asString()).isEqualTo("Secret"));
    assertThat(docs.toString()).contains("studio-s3");
  }

  @Test
  void securitySettingsReachTheServicesAsTheyBindThem() throws Exception {
    List<JsonNode> docs =
        render(
            Map.of(
                "security.jwt.issuer", "https://idp.studio.example",
                "security.jwt.jwksUri", "https://idp.studio.example/jwks",
                "security.jwt.audience", "previs",
                "security.opsKeySecret", "previs-ops-key",
                "kafkaSecurity.enabled", true,
                "kafkaSecurity.existingSecret", "previs-kafka",
                "auditRetention", "730d",
                "worker.pool", "h100-east"));
    Map<String, String> secrets =
        Map.of(
            "previs-ops-key/id", "0123456789ab",
            "previs-ops-key/secret", "s".repeat(43),
            "previs-kafka/jaasConfig", "org.apache.kafka.common.security.scram.ScramLoginModule");

    Binder gateway = binder(docs, "gateway", secrets);
    SecuritySettings security = gateway.bindOrCreate("previs.security", SecuritySettings.class);
    assertThat(security.enabled()).isTrue();
    assertThat(security.jwt().configured()).isTrue();
    assertThat(security.jwt().issuer()).isEqualTo("https://idp.studio.example");
    assertThat(security.jwt().audience()).isEqualTo("previs");
    assertThat(security.jwt().studioClaim()).isEqualTo("previs_studio");
    assertThat(security.sharedSubmitTopic())
        .as("no open submit topic where Kafka authenticates its clients")
        .isFalse();
    assertThat(security.seedKeys())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.id()).isEqualTo("0123456789ab");
              assertThat(k.secret()).hasSize(43);
              assertThat(k.roles()).containsExactly("ops");
            });
    assertThat(
            gateway
                .bindOrCreate("previs.kafka", PrevisKafkaProperties.class)
                .retentionOf(Topics.AUDIT))
        .isEqualTo(Duration.ofDays(730));

    for (String component :
        List.of("gateway", "encoder", "scheduler", "worker", "postprocess", "qc")) {
      Binder b = binder(docs, component, secrets);
      assertThat(b.bind("spring.kafka.security.protocol", String.class).get())
          .isEqualTo("SASL_SSL");
      assertThat(b.bind("spring.kafka.properties.sasl.mechanism", String.class).get())
          .isEqualTo("SCRAM-SHA-512");
      assertThat(b.bind("spring.kafka.properties.sasl.jaas.config", String.class).get())
          .contains("ScramLoginModule");
    }
    assertThat(binder(docs, "worker", secrets).bind("previs.worker.pool", String.class).get())
        .isEqualTo("h100-east");
    assertThat(
            binder(docs, "worker", secrets)
                .bind("previs.worker.gpu-memory-gb", Integer.class)
                .get())
        .isEqualTo(80);
    SchedulerProperties scheduler =
        binder(docs, "scheduler", secrets)
            .bindOrCreate("previs.scheduler", SchedulerProperties.class);
    assertThat(scheduler.standbyReplicas()).isEqualTo(1);
    assertThat(scheduler.policy().preemptingClasses()).containsExactly(Priority.URGENT);
    assertThat(scheduler.stateDir()).hasToString("/cache/state");
    assertThat(
            binder(docs, "encoder", secrets)
                .bind("previs.security.seed-keys[0].id", String.class)
                .isBound())
        .as("the ops key reaches the gateway only")
        .isFalse();
  }

  @Test
  void kafkaSecurityWithoutItsSecretIsRefused() {
    assertThatThrownBy(() -> render(Map.of("kafkaSecurity.enabled", true)))
        .hasMessageContaining("kafkaSecurity.existingSecret is required");
  }

  /**
   * A component's environment as its container sees it (ConfigMap, literal values, secret keys), in
   * the binder the service's own settings records are bound with.
   */
  private static Binder binder(List<JsonNode> docs, String component, Map<String, String> secrets) {
    Map<String, Object> env = new LinkedHashMap<>();
    docs.stream()
        .filter(d -> d.path("kind").asString().equals("ConfigMap"))
        .forEach(
            cm ->
                cm.path("data")
                    .properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asString())));
    for (JsonNode e : container(docs, component).path("env")) {
      JsonNode ref = e.path("valueFrom").path("secretKeyRef");
      if (!ref.isMissingNode()) {
        String key = ref.path("name").asString() + "/" + ref.path("key").asString();
        env.put(e.path("name").asString(), secrets.getOrDefault(key, "generated"));
      } else if (e.has("value")) {
        env.put(e.path("name").asString(), e.path("value").asString());
      }
    }
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
    return new Binder(ConfigurationPropertySources.from(sources));
  }

  private static List<JsonNode> render(Map<String, Object> set) throws Exception {
    var template = new Helm(CHART).template().withName("previs");
    set.forEach(template::set);
    String yaml = template.call();
    List<JsonNode> docs = new ArrayList<>();
    YAMLMapper mapper = new YAMLMapper();
    for (String part : yaml.split("(?m)^---\\s*$")) {
      if (!part.isBlank()) {
        JsonNode n = mapper.readTree(part);
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          docs.add(n);
        }
      }
    }
    return docs;
  }
}
