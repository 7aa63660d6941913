package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** autoscaling.mode keda: a ScaledObject per pool on the scheduler's backlog in Prometheus. */
class KedaTest {

  @Test
  void eachPoolGetsAScaledObjectOnItsBacklogOverItsTargetClearTime() {
    Rendered chart = Chart.Scenario.KEDA.render();
    List<GenericKubernetesResource> scaled = chart.custom("ScaledObject");

    assertThat(scaled).hasSize(2);
    for (String pool : WorkerPoolsTest.PRODUCTS.keySet()) {
      GenericKubernetesResource so =
          scaled.stream()
              .filter(s -> s.getMetadata().getName().equals("previs-worker-" + pool))
              .findFirst()
              .orElseThrow();
      assertThat(so.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
      assertThat(so.<String>get("spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
      assertThat(so.<String>get("spec", "scaleTargetRef", "name"))
          .isEqualTo("previs-worker-" + pool);
      chart.deployment("worker-" + pool); // its target exists
      assertThat(so.<Integer>get("spec", "minReplicaCount")).isZero();
      assertThat(so.<Integer>get("spec", "maxReplicaCount")).isEqualTo(4);
      assertThat(so.<Integer>get("spec", "pollingInterval")).isEqualTo(15);
      assertThat(so.<Integer>get("spec", "cooldownPeriod")).as("idleTimeout 10m").isEqualTo(600);
      assertThat(
              so.<Integer>get(
                  "spec",
                  "advanced",
                  "horizontalPodAutoscalerConfig",
                  "behavior",
                  "scaleDown",
                  "stabilizationWindowSeconds"))
          .as("scaleDownDelay 2m")
          .isEqualTo(120);
      assertThat(so.<String>get("spec", "triggers", 0, "type")).isEqualTo("prometheus");
      Map<String, Object> trigger = so.get("spec", "triggers", 0, "metadata");
      assertThat(trigger)
          .containsEntry("serverAddress", "http://prometheus-operated.monitoring.svc:9090")
          .containsEntry(
              "query",
              "sum(previs_scheduler_backlog_seconds{pool=\""
                  + pool
                  + "\"} and on (instance) (previs_scheduler_active == 1))")
          .containsEntry("threshold", "600")
          .containsEntry("activationThreshold", "0");
    }
  }

  @Test
  void theThresholdFollowsThePoolsTargetClearTime() {
    Rendered chart =
        Chart.render(
            """
            autoscaling: {mode: keda, keda: {pollingInterval: 30}}
            workerPools:
              - {name: h100-80g, gpuMemoryGb: 80, speed: 2.0, min: 1, max: 8, targetClearTime: 90s}
            """);

    GenericKubernetesResource so = chart.custom("ScaledObject").getFirst();
    assertThat(so.<String>get("spec", "triggers", 0, "metadata", "threshold")).isEqualTo("90");
    assertThat(so.<Integer>get("spec", "minReplicaCount")).isEqualTo(1);
    assertThat(so.<Integer>get("spec", "maxReplicaCount")).isEqualTo(8);
    assertThat(so.<Integer>get("spec", "pollingInterval")).isEqualTo(30);
  }

  @Test
  void noScaledObjectInTheOtherModes() {
    assertThat(Chart.render().custom("ScaledObject")).isEmpty();
    assertThat(Chart.Scenario.FIXED.render().custom("ScaledObject")).isEmpty();
  }
}
