package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.previs.worker.WorkerProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One worker Deployment per GPU pool, each on its own GPUs, image and disruption budget. */
class WorkerPoolsTest {

  static final Map<String, String> PRODUCTS =
      Map.of(
          "a100-80g", "NVIDIA-A100-SXM4-80GB",
          "h100-80g", "NVIDIA-H100-80GB-HBM3");

  @Test
  void eachGpuPoolHasItsOwnDeploymentOnItsOwnGpus() {
    Rendered chart = Chart.render();

    assertThat(chart.workers()).hasSize(2);
    PRODUCTS.forEach(
        (pool, product) -> {
          Deployment d = chart.deployment("worker-" + pool);
          assertThat(d.getMetadata().getLabels())
              .containsEntry("app.kubernetes.io/component", "worker")
              .containsEntry("previs.io/pool", pool);
          assertThat(d.getSpec().getSelector().getMatchLabels())
              .containsEntry("previs.io/pool", pool);
          assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
              .containsEntry("previs.io/pool", pool);
          var spec = Rendered.pod(d);
          assertThat(spec.getNodeSelector())
              .containsExactly(Map.entry("nvidia.com/gpu.product", product));
          assertThat(spec.getTolerations())
              .extracting(Toleration::getKey, Toleration::getOperator, Toleration::getEffect)
              .containsExactly(tuple("nvidia.com/gpu", "Exists", "NoSchedule"));
          assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(120L);
          var c = Rendered.container(d);
          assertThat(c.getImage()).isEqualTo("ghcr.io/previs/previs-gpu:0.1.0");
          assertThat(c.getResources().getLimits())
              .containsEntry("nvidia.com/gpu", new Quantity("1"));
          assertThat(Rendered.env(d))
              .containsEntry("PREVIS_WORKER_POOL", pool)
              .containsEntry("PREVIS_WORKER_DEVICE", "cuda")
              .containsEntry("PREVIS_WORKER_ALLOW_CPU_FALLBACK", "false")
              .containsEntry("PREVIS_WORKER_GPU_MEMORY_GB", "80");
          assertThat(
                  Rendered.envVar(d, "PREVIS_WORKER_ID")
                      .getValueFrom()
                      .getFieldRef()
                      .getFieldPath())
              .as("the worker id is the pod name: the autoscaler matches pods to workers by it")
              .isEqualTo("metadata.name");
          PodDisruptionBudget pdb = chart.named(PodDisruptionBudget.class, "previs-worker-" + pool);
          assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
          assertThat(pdb.getSpec().getSelector().getMatchLabels())
              .isEqualTo(d.getSpec().getSelector().getMatchLabels());
        });
  }

  @Test
  void aWorkersEnvironmentBindsOntoItsSettings() {
    Rendered chart = Chart.render();
    Deployment h100 = chart.deployment("worker-h100-80g");

    WorkerProperties worker =
        chart
            .binder(h100, "previs-worker-h100-80g-7c9d-x2k9q", Map.of())
            .bindOrCreate("previs.worker", WorkerProperties.class);

    assertThat(worker.id()).isEqualTo("previs-worker-h100-80g-7c9d-x2k9q");
    assertThat(worker.pool()).isEqualTo("h100-80g");
    assertThat(worker.shareGroup()).isEqualTo("previs-workers-h100-80g");
    assertThat(worker.gpuMemoryGb()).isEqualTo(80);
    assertThat(worker.speed()).isEqualTo(2.0);
    assertThat(worker.device()).isEqualTo("cuda");
    assertThat(worker.allowCpuFallback()).isFalse();
    assertThat(worker.keepExpertsLoaded()).isFalse();
    assertThat(worker.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(worker.hangTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(worker.prefetchLead()).isEqualTo(Duration.ofSeconds(5));
    assertThat(worker.lease())
        .as("the scheduler's worker-timeout, so a paused worker knows when to stand down")
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(worker.stopTimeout())
        .as("15 s under the grace period, for the hand-back and exit")
        .isEqualTo(Duration.ofSeconds(120 - 15));
    assertThat(worker.modelCache()).isEqualTo(Path.of("/cache/models"));
    assertThat(worker.workDir()).isEqualTo(Path.of("/cache/work"));
    assertThat(worker.preloadModel())
        .as("loaded before the first report, so the autoscaler's start-up includes it")
        .isEqualTo("previs-oracle");
  }

  @ParameterizedTest
  @EnumSource(
      value = Chart.Scenario.class,
      names = {"DEFAULTS", "KEDA", "CPU_POOL", "PRODUCTION"})
  void autoscaledPoolsLeaveTheReplicaCountToTheAutoscaler(Chart.Scenario scenario) {
    assertThat(scenario.render().workers())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isNull());
  }

  @Test
  void withoutAutoscalingEachPoolRunsItsReplicasOrItsMin() {
    Rendered chart = Chart.Scenario.FIXED.render();

    assertThat(chart.deployment("worker-a100-80g").getSpec().getReplicas()).isEqualTo(3);
    assertThat(chart.deployment("worker-h100-80g").getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void theCpuPoolIsAnOptInOnTheCpuImageWithNoGpu() {
    Rendered chart = Chart.Scenario.CPU_POOL.render();
    Deployment cpu = chart.deployment("worker-cpu");

    assertThat(chart.workers()).hasSize(3);
    assertThat(Rendered.container(cpu).getImage()).isEqualTo("ghcr.io/previs/previs:0.1.0");
    assertThat(Rendered.container(cpu).getResources().getLimits())
        .doesNotContainKey("nvidia.com/gpu");
    assertThat(Rendered.container(cpu).getResources().getRequests())
        .doesNotContainKey("nvidia.com/gpu");
    assertThat(Rendered.pod(cpu).getTolerations()).isNullOrEmpty();
    assertThat(Rendered.pod(cpu).getNodeSelector()).isNullOrEmpty();
    assertThat(Rendered.env(cpu))
        .containsEntry("PREVIS_WORKER_DEVICE", "cpu")
        .containsEntry("PREVIS_WORKER_ALLOW_CPU_FALLBACK", "false");
    assertThat(Rendered.pod(cpu).getVolumes())
        .filteredOn(v -> v.getName().equals("models"))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("20Gi")));
  }

  @Test
  void aPoolsOwnFieldsWinOverTheDefaultsEvenWhenFalseOrZero() {
    Rendered chart =
        Chart.render(
            """
            workerDefaults:
              keepExpertsLoaded: true
              deviceId: 1
            workerPools:
              - name: l40s-48g
                gpuMemoryGb: 48
                speed: 0.7
                keepExpertsLoaded: false
                deviceId: 0
                terminationGracePeriodSeconds: 300
                image: {repository: registry.studio.example/previs-gpu, tag: "0.1.0-cu128"}
              - name: h100-80g
                gpuMemoryGb: 80
                speed: 2.0
            """);

    Deployment l40s = chart.deployment("worker-l40s-48g");
    assertThat(Rendered.env(l40s))
        .containsEntry("PREVIS_WORKER_KEEP_EXPERTS_LOADED", "false")
        .containsEntry("PREVIS_WORKER_DEVICE_ID", "0")
        .containsEntry("PREVIS_WORKER_STOP_TIMEOUT", "285s")
        .containsEntry("PREVIS_WORKER_SPEED", "0.7");
    assertThat(Rendered.container(l40s).getImage())
        .isEqualTo("registry.studio.example/previs-gpu:0.1.0-cu128");
    assertThat(Rendered.pod(l40s).getTerminationGracePeriodSeconds()).isEqualTo(300L);
    assertThat(Rendered.env(chart.deployment("worker-h100-80g")))
        .containsEntry("PREVIS_WORKER_KEEP_EXPERTS_LOADED", "true")
        .containsEntry("PREVIS_WORKER_DEVICE_ID", "1");
  }
}
