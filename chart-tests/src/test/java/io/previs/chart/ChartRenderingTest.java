package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The chart lints strictly and renders typed, valid manifests for every scenario it ships. */
class ChartRenderingTest {

  @Test
  void lintsCleanInStrictMode() {
    var result = new Helm(Chart.DIR).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Chart.Scenario.class)
  void everyManifestReadsIntoItsTypedModelWithNoUnknownField(Chart.Scenario scenario) {
    // rendering reads every document strictly (Manifests.readAll) or fails
    Rendered chart = scenario.render();

    assertThat(chart.resources())
        .allSatisfy(
            r -> {
              assertThat(r.getMetadata().getName()).startsWith("previs");
              assertThat(r.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/instance", "previs")
                  .containsEntry("app.kubernetes.io/part-of", "previs");
            });
  }

  @Test
  void aMisspeltFieldIsCaughtByTheReader() {
    assertThatThrownBy(
            () ->
                Manifests.read(
                    """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: x}
                    spec:
                      template:
                        spec:
                          containers: [{name: x, image: x, imagePullPolicie: Always}]
                    """))
        .hasMessageContaining("imagePullPolicie");
  }

  @Test
  void rendersEveryServiceWithProbesAndAShortCommandLine() {
    Rendered chart = Chart.render();

    assertThat(chart.deployments())
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "previs-gateway",
            "previs-encoder",
            "previs-scheduler",
            "previs-autoscaler",
            "previs-postprocess",
            "previs-qc",
            "previs-worker-a100-80g",
            "previs-worker-h100-80g");
    for (Deployment d : chart.deployments()) {
      var c = Rendered.container(d);
      assertThat(c.getReadinessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/readiness");
      assertThat(c.getLivenessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/liveness");
      assertThat(String.join(" ", c.getCommand()).length())
          .as("short argv (ONNX Runtime crashes above ~4 KB)")
          .isLessThan(200);
      assertThat(c.getEnvFrom())
          .singleElement()
          .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("previs-config"));
      assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsKey("checksum/config");
    }
    assertThat(chart.all(Service.class)).hasSize(7);
    assertThat(chart.all(PodDisruptionBudget.class)).hasSize(2);
    assertThat(chart.all(Secret.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("previs-storage");
  }

  @Test
  void theNotesNameEveryPoolAndHowItIsSized() {
    String notes =
        new Helm(Chart.DIR)
            .install()
            .withName("previs")
            .withNamespace("studio")
            .withValuesFile(Chart.DIR.resolve("ci").resolve("fixed-values.yaml"))
            .clientOnly()
            .dryRun()
            .call()
            .getOutput();

    assertThat(notes)
        .contains("GPU pools (none autoscaling)")
        .contains("a100-80g: deployment/previs-worker-a100-80g, cuda, 80 GB, speed 1, workers: 3")
        .contains("h100-80g: deployment/previs-worker-h100-80g, cuda, 80 GB, speed 2, workers: 1")
        .contains("pod-security.kubernetes.io/enforce=restricted");
  }

  @Test
  void onlyCudaComponentsRunTheGpuImage() {
    Rendered chart = Chart.render(Map.of("encoder.device", "cuda", "image.tag", "0.1.1"));

    for (Deployment d : chart.deployments()) {
      String image = Rendered.container(d).getImage();
      boolean cuda = d.getMetadata().getName().matches("previs-(encoder|worker-.*)");
      assertThat(image)
          .as(d.getMetadata().getName())
          .isEqualTo(cuda ? "ghcr.io/previs/previs-gpu:0.1.1" : "ghcr.io/previs/previs:0.1.1");
    }
  }

  @Test
  void aConfigChangeRollsEveryPod() {
    String before =
        Chart.render()
            .deployment("scheduler")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get("checksum/config");
    String after =
        Chart.render(Map.of("kafkaBootstrapServers", "kafka-0:9092"))
            .deployment("scheduler")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get("checksum/config");

    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void anExistingSecretReplacesTheGeneratedOne() {
    Rendered chart = Chart.render(Map.of("storage.existingSecret", "studio-s3"));

    assertThat(chart.all(Secret.class)).isEmpty();
    for (Deployment d : chart.deployments()) {
      assertThat(
              Rendered.envVar(d, "PREVIS_STORAGE_SECRET_KEY")
                  .getValueFrom()
                  .getSecretKeyRef()
                  .getName())
          .isEqualTo("studio-s3");
    }
  }

  @Test
  void theServiceMonitorScrapesEveryComponent() {
    var monitors = Chart.render(Map.of("serviceMonitor.enabled", true)).custom("ServiceMonitor");

    assertThat(monitors)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
              assertThat((Object) m.get("spec", "endpoints", 0, "path"))
                  .isEqualTo("/actuator/prometheus");
              assertThat((Object) m.get("spec", "endpoints", 0, "port")).isEqualTo("http");
              Map<String, Object> labels = m.get("spec", "selector", "matchLabels");
              assertThat(labels).containsEntry("app.kubernetes.io/instance", "previs");
            });
  }
}
