package io.previs.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        .containsExactlyInAnyOrder("gateway", "encoder", "worker", "postprocess", "qc");
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
