package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One NetworkPolicy per component: nothing in but the gateway's clients and Prometheus. */
class NetworkPolicyTest {

  @Test
  void everyComponentHasAPolicyThatSelectsItsPods() {
    Rendered chart = Chart.render();

    assertThat(chart.all(NetworkPolicy.class))
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "previs-gateway",
            "previs-encoder",
            "previs-scheduler",
            "previs-worker",
            "previs-postprocess",
            "previs-qc",
            "previs-autoscaler");
    for (NetworkPolicy p : chart.all(NetworkPolicy.class)) {
      String component = p.getMetadata().getLabels().get("app.kubernetes.io/component");
      assertThat(p.getSpec().getPodSelector().getMatchLabels())
          .containsEntry("app.kubernetes.io/component", component)
          .containsEntry("app.kubernetes.io/instance", "previs");
      assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
      assertThat(p.getSpec().getIngress())
          .singleElement()
          .satisfies(in -> assertThat(ports(in.getPorts())).containsExactly(8080));
    }
  }

  @Test
  void theGatewayIsOpenAndTheBackEndOnlyToPrometheus() {
    Rendered chart = Chart.render();

    assertThat(policy(chart, "gateway").getSpec().getIngress().getFirst().getFrom())
        .isNullOrEmpty();
    for (String c : List.of("encoder", "scheduler", "worker", "postprocess", "qc", "autoscaler")) {
      var from = policy(chart, c).getSpec().getIngress().getFirst().getFrom();
      assertThat(from)
          .singleElement()
          .satisfies(
              peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "monitoring");
                assertThat(peer.getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", "prometheus");
              });
    }
  }

  @Test
  void egressIsKafkaStorageAndDnsAndTheApiServerForTheAutoscalerOnly() {
    Rendered chart = Chart.render();

    for (NetworkPolicy p : chart.all(NetworkPolicy.class)) {
      Set<Integer> ports =
          Set.copyOf(
              p.getSpec().getEgress().stream().flatMap(e -> ports(e.getPorts()).stream()).toList());
      if (p.getMetadata().getName().equals("previs-autoscaler")) {
        assertThat(ports).containsExactlyInAnyOrder(53, 9092, 9093, 80, 443, 9000, 6443);
      } else {
        assertThat(ports)
            .as(p.getMetadata().getName())
            .containsExactlyInAnyOrder(53, 9092, 9093, 80, 443, 9000);
      }
      assertThat(p.getSpec().getEgress())
          .anySatisfy(
              e ->
                  assertThat(e.getPorts())
                      .extracting(NetworkPolicyPort::getProtocol)
                      .contains("UDP"));
    }
  }

  @Test
  void peersFromValuesNarrowTheRules() {
    Rendered chart =
        Chart.render(
            """
            security: {jwt: {jwksUri: "https://idp.studio.example/jwks"}}
            networkPolicy:
              gateway:
                from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress}}}]
              kafka:
                ports: [9094]
                to: [{ipBlock: {cidr: 10.20.0.0/16}}]
              jwks:
                ports: [8443]
                to: [{ipBlock: {cidr: 192.0.2.10/32}}]
            """);

    assertThat(policy(chart, "gateway").getSpec().getIngress().getFirst().getFrom())
        .singleElement()
        .satisfies(
            peer ->
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress")));
    NetworkPolicyEgressRule kafka = rule(policy(chart, "worker"), 9094);
    assertThat(kafka.getTo())
        .singleElement()
        .satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16"));
    assertThat(rule(policy(chart, "gateway"), 8443).getTo())
        .singleElement()
        .satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("192.0.2.10/32"));
    assertThat(policy(chart, "encoder").getSpec().getEgress())
        .noneSatisfy(e -> assertThat(ports(e.getPorts())).contains(8443));
  }

  @Test
  void policiesCanBeLeftToTheCluster() {
    assertThat(Chart.render(Map.of("networkPolicy.enabled", false)).all(NetworkPolicy.class))
        .isEmpty();
  }

  private static NetworkPolicy policy(Rendered chart, String component) {
    return chart.named(NetworkPolicy.class, "previs-" + component);
  }

  private static NetworkPolicyEgressRule rule(NetworkPolicy p, int port) {
    return p.getSpec().getEgress().stream()
        .filter(e -> ports(e.getPorts()).contains(port))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(p.getMetadata().getName() + " has no rule for " + port));
  }

  private static List<Integer> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal).toList();
  }
}
