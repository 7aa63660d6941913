package io.previs.autoscaler.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two autoscaler replicas on one Lease: one leads at a time, the other takes over when it goes. */
@EnableKubernetesMockClient(crud = true)
class LeadershipTest {

  static KubernetesClient client;

  Leadership replica(String id) {
    return new Leadership(
        client,
        "farm",
        "previs-autoscaler",
        id,
        Duration.ofSeconds(3),
        Duration.ofSeconds(2),
        Duration.ofMillis(200));
  }

  @Test
  void oneOfTwoReplicasLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
    try (Leadership a = replica("a");
        Leadership b = replica("b")) {
      a.start();
      b.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> a.isLeader() || b.isLeader());
      // never both, over several renewals
      long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      while (System.nanoTime() < until) {
        assertThat(a.isLeader() && b.isLeader()).isFalse();
        Thread.sleep(50);
      }
      Leadership leader = a.isLeader() ? a : b;
      Leadership other = leader == a ? b : a;
      assertThat(other.isLeader()).isFalse();
      var lease = client.leases().inNamespace("farm").withName("previs-autoscaler").get();
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity());

      leader.close();
      await().atMost(Duration.ofSeconds(10)).until(other::isLeader);
      assertThat(leader.isLeader()).isFalse();
    }
  }
}
