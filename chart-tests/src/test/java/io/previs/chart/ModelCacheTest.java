package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** Each pool's model cache survives its pods, so a scaled-up worker finds the experts there. */
class ModelCacheTest {

  @Test
  void eachPoolSharesOneReadWriteManyClaimKeptOnUninstall() {
    Rendered chart = Chart.render();

    assertThat(chart.all(PersistentVolumeClaim.class)).hasSize(2);
    for (String pool : WorkerPoolsTest.PRODUCTS.keySet()) {
      PersistentVolumeClaim pvc = chart.named(PersistentVolumeClaim.class, "previs-models-" + pool);
      assertThat(pvc.getMetadata().getAnnotations())
          .containsEntry("helm.sh/resource-policy", "keep");
      assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
      assertThat(pvc.getSpec().getResources().getRequests())
          .containsEntry("storage", new Quantity("200Gi"));
      assertThat(pvc.getSpec().getStorageClassName()).isNull();
      Deployment d = chart.deployment("worker-" + pool);
      assertThat(models(d).getPersistentVolumeClaim().getClaimName())
          .isEqualTo("previs-models-" + pool);
      assertThat(Rendered.container(d).getVolumeMounts())
          .filteredOn(m -> m.getName().equals("models"))
          .extracting(VolumeMount::getMountPath, VolumeMount::getReadOnly)
          .containsExactly(tuple("/cache/models", null));
    }
  }

  @Test
  void anExistingClaimOrAnEmptyDirReplacesTheChartsClaim() {
    Rendered chart =
        Chart.render(
            """
            workerDefaults:
              modelCache: {storageClassName: cephfs}
            workerPools:
              - name: a100-80g
                gpuMemoryGb: 80
                speed: 1.0
                modelCache: {existingClaim: studio-models}
              - name: h100-80g
                gpuMemoryGb: 80
                speed: 2.0
                modelCache: {type: emptyDir, size: 120Gi}
              - name: l40s-48g
                gpuMemoryGb: 48
                speed: 0.7
            """);

    assertThat(
            models(chart.deployment("worker-a100-80g")).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("studio-models");
    assertThat(models(chart.deployment("worker-h100-80g")).getEmptyDir().getSizeLimit())
        .isEqualTo(new Quantity("120Gi"));
    assertThat(chart.all(PersistentVolumeClaim.class))
        .singleElement()
        .satisfies(
            pvc -> {
              assertThat(pvc.getMetadata().getName()).isEqualTo("previs-models-l40s-48g");
              assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("cephfs");
              assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
            });
  }

  private static Volume models(Deployment d) {
    return Rendered.pod(d).getVolumes().stream()
        .filter(v -> v.getName().equals("models"))
        .findFirst()
        .orElseThrow();
  }
}
