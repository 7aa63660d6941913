package io.previs.autoscaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The autoscaler's Kubernetes side against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class PoolDeploymentTest {

  static KubernetesClient client;

  PoolDeployment pool;

  @BeforeEach
  void deployment() {
    client
        .apps()
        .deployments()
        .inNamespace("farm")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("previs-worker-a100")
                .withNamespace("farm")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .withMatchLabels(Map.of("pool", "a100"))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("pool", "a100"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("worker")
                .withImage("previs")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .createOr(r -> r.update());
    for (String name : new String[] {"w1", "w2"}) {
      client
          .pods()
          .inNamespace("farm")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withLabels(Map.of("pool", "a100"))
                  .withCreationTimestamp("2026-12-02T10:00:00Z")
                  .endMetadata()
                  .build())
          .createOr(r -> r.update());
    }
    // another pool's pod, which must not be counted
    client
        .pods()
        .inNamespace("farm")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("h1")
                .withLabels(Map.of("pool", "h100"))
                .endMetadata()
                .build())
        .createOr(r -> r.update());
    pool = new PoolDeployment(client, "farm", "previs-worker-a100", "previs-autoscaler");
  }

  @Test
  void readsTheReplicaCountAndOnlyThePoolsOwnPods() {
    PoolDeployment.Snapshot s = pool.read();
    assertThat(s.replicas()).isEqualTo(2);
    assertThat(s.pods())
        .extracting(PoolDeployment.PodInfo::name)
        .containsExactlyInAnyOrder("w1", "w2");
    assertThat(s.pods().get(0).created()).isNotNull();
  }

  @Test
  void scalingPatchesOnlyTheReplicaCount() {
    pool.scale(5);
    var d = client.apps().deployments().inNamespace("farm").withName("previs-worker-a100").get();
    assertThat(d.getSpec().getReplicas()).isEqualTo(5);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
  }

  @Test
  void aDrainedPodIsDeletedItselfAndNoOther() {
    pool.remove("w2");
    assertThat(client.pods().inNamespace("farm").withName("w2").get()).isNull();
    assertThat(client.pods().inNamespace("farm").withName("w1").get()).isNotNull();
    assertThat(pool.read().pods()).extracting(PoolDeployment.PodInfo::name).containsExactly("w1");
  }

  @Test
  void everyDecisionIsAnEventOnTheDeployment() {
    pool.event("uid-1", "scale-to-zero", "scale-to-zero: replicas 1 → 0; backlog 0 GPU-s", false);
    var events = client.v1().events().inNamespace("farm").list().getItems();
    assertThat(events).hasSize(1);
    var e = events.get(0);
    assertThat(e.getReason()).isEqualTo("ScaleToZero");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Deployment");
    assertThat(e.getInvolvedObject().getName()).isEqualTo("previs-worker-a100");
    assertThat(e.getMessage()).contains("backlog 0 GPU-s");
    assertThat(e.getType()).isEqualTo("Normal");
  }

  @Test
  void aMissingDeploymentReadsAsNull() {
    assertThat(new PoolDeployment(client, "farm", "nope", "x").read()).isNull();
  }
}
