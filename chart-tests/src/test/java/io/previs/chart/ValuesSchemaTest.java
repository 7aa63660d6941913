package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nonsense fails `helm template` (and install) with a message naming the field. */
class ValuesSchemaTest {

  @Test
  void theValuesSchemaRejectsNonsense() {
    assertThatThrownBy(() -> Chart.render(Map.of("gateway.replicas", -1)))
        .hasMessageContaining("/gateway/replicas");
    assertThatThrownBy(() -> Chart.render(Map.of("workerDefaults.device", "tpu")))
        .hasMessageContaining("/workerDefaults/device");
    assertThatThrownBy(() -> Chart.render(Map.of("storage.endpoint", "minio:9000")))
        .hasMessageContaining("/storage/endpoint");
    assertThatThrownBy(() -> Chart.render(Map.of("postprocess.prores", "best")))
        .hasMessageContaining("/postprocess/prores");
    assertThatThrownBy(() -> Chart.render(Map.of("qc.maxRegenerations", 50)))
        .hasMessageContaining("/qc/maxRegenerations");
  }

  @Test
  void anUnknownAutoscalingModeIsRefused() {
    assertThatThrownBy(() -> Chart.render(Map.of("autoscaling.mode", "foo")))
        .hasMessageContaining("/autoscaling/mode")
        .hasMessageContaining("'previs', 'keda', 'none'");
  }

  @Test
  void aPoolNeedsANameItsGpuMemoryAndItsSpeed() {
    assertThatThrownBy(() -> Chart.render("workerPools: [{gpuMemoryGb: 80, speed: 1.0}]"))
        .hasMessageContaining("/workerPools/0")
        .hasMessageContaining("missing property 'name'");
    assertThatThrownBy(() -> Chart.render("workerPools: [{name: a100, speed: 1.0}]"))
        .hasMessageContaining("missing property 'gpuMemoryGb'");
    assertThatThrownBy(() -> Chart.render("workerPools: [{name: A100, gpuMemoryGb: 80, speed: 1}]"))
        .hasMessageContaining("/workerPools/0/name");
  }

  @Test
  void poolSizesAreNeverNegativeAndMinIsAtMostMax() {
    assertThatThrownBy(() -> Chart.render(pool("max: -1")))
        .hasMessageContaining("/workerPools/0/max");
    assertThatThrownBy(() -> Chart.render(pool("min: 3, max: 2")))
        .hasMessageContaining("workerPools[0] (a100).max: 2 is below min 3");
  }

  @Test
  void durationsNeedAUnit() {
    assertThatThrownBy(() -> Chart.render(pool("targetClearTime: \"600\"")))
        .hasMessageContaining("/workerPools/0/targetClearTime");
    assertThatThrownBy(() -> Chart.render(Map.of("autoscaler.interval", "1 second")))
        .hasMessageContaining("/autoscaler/interval");
  }

  @Test
  void aTypoIsRefusedRatherThanIgnored() {
    assertThatThrownBy(() -> Chart.render(pool("nodeSelecter: {x: y}")))
        .hasMessageContaining("/workerPools/0")
        .hasMessageContaining("'nodeSelecter' not allowed");
    assertThatThrownBy(() -> Chart.render(Map.of("autoscaling.kedaa.pollingInterval", 5)))
        .hasMessageContaining("'kedaa' not allowed");
    assertThatThrownBy(() -> Chart.render(Map.of("worker.pool", "h100")))
        .as("the single worker of chart 0.1 is gone: workerPools replaces it")
        .hasMessageContaining("'worker' not allowed");
  }

  @Test
  void theModelCacheIsAClaimOrAnEmptyDirNeverAHostPath() {
    assertThatThrownBy(() -> Chart.render(pool("modelCache: {type: hostPath}")))
        .hasMessageContaining("/workerPools/0/modelCache/type");
  }

  @Test
  void aPoolsGpusMatchItsDevice() {
    assertThatThrownBy(() -> Chart.render(pool("device: cpu")))
        .hasMessageContaining(
            "workerPools[0] (a100).resources: a cpu pool must not ask for nvidia.com GPUs");
    assertThatThrownBy(() -> Chart.render(pool("resources: {limits: {memory: 8Gi}}")))
        .hasMessageContaining("workerPools[0] (a100).resources.limits: a cuda pool needs");
  }

  @Test
  void aPoolIsListedOnce() {
    assertThatThrownBy(
            () ->
                Chart.render(
                    """
                    workerPools:
                      - {name: a100, gpuMemoryGb: 80, speed: 1.0}
                      - {name: a100, gpuMemoryGb: 40, speed: 1.0}
                    """))
        .hasMessageContaining("workerPools[1] (a100).name: pool a100 is listed twice");
  }

  /** One pool, a100, with {@code fields} (a YAML flow mapping's contents) added. */
  private static String pool(String fields) {
    return "workerPools: [{name: a100, gpuMemoryGb: 80, speed: 1.0, " + fields + "}]\n";
  }
}
