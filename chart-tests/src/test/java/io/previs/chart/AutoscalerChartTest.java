package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.previs.autoscaler.AutoscalerProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Previs autoscaler: leader-elected, least-privileged, and told every pool by the chart. */
class AutoscalerChartTest {

  @Test
  void twoReplicasOnTheirOwnServiceAccountAreTheOnlyPodsWithAnApiToken() {
    Rendered chart = Chart.render();
    Deployment autoscaler = chart.deployment("autoscaler");

    assertThat(autoscaler.getSpec().getReplicas()).isEqualTo(2);
    assertThat(Rendered.container(autoscaler).getCommand())
        .containsExactly("java", "-cp", "/app/lib/*", "io.previs.autoscaler.AutoscalerApplication");
    assertThat(Rendered.container(autoscaler).getImage()).isEqualTo("ghcr.io/previs/previs:0.1.0");
    assertThat(Rendered.pod(autoscaler).getServiceAccountName()).isEqualTo("previs-autoscaler");
    assertThat(Rendered.pod(autoscaler).getAutomountServiceAccountToken()).isTrue();
    assertThat(chart.all(ServiceAccount.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("previs-autoscaler");
    assertThat(chart.deployments())
        .filteredOn(d -> d != autoscaler)
        .allSatisfy(
            d -> {
              assertThat(Rendered.pod(d).getAutomountServiceAccountToken()).isFalse();
              assertThat(Rendered.pod(d).getServiceAccountName()).isNull();
            });
  }

  @Test
  void itsRoleGrantsExactlyWhatItCallsInItsNamespace() {
    Rendered chart = Chart.render();

    Role role = chart.named(Role.class, "previs-autoscaler");
    assertThat(role.getRules())
        .extracting(PolicyRule::getApiGroups, PolicyRule::getResources, PolicyRule::getVerbs)
        .containsExactly(
            tuple(
                List.of("apps"), List.of("deployments"), List.of("get", "list", "watch", "patch")),
            tuple(List.of(""), List.of("pods"), List.of("get", "list", "watch", "patch", "delete")),
            tuple(List.of(""), List.of("events"), List.of("create")),
            tuple(
                List.of("coordination.k8s.io"),
                List.of("leases"),
                List.of("get", "create", "update", "patch")));
    assertThat(role.getRules())
        .allSatisfy(
            r -> {
              assertThat(r.getResourceNames()).isNullOrEmpty();
              assertThat(r.getNonResourceURLs()).isNullOrEmpty();
            });
    RoleBinding binding = chart.named(RoleBinding.class, "previs-autoscaler");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("previs-autoscaler");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo("previs-autoscaler");
              assertThat(s.getNamespace()).isEqualTo(Rendered.NAMESPACE);
            });
    // the typed reader refuses ClusterRoles and ClusterRoleBindings: Manifests.TYPED has neither
    assertThat(chart.resources()).noneMatch(r -> r.getKind().startsWith("Cluster"));
  }

  @Test
  void itsEnvironmentBindsOntoAutoscalerProperties() {
    Rendered chart = Chart.render();
    Deployment autoscaler = chart.deployment("autoscaler");

    AutoscalerProperties props =
        chart
            .binder(autoscaler, "previs-autoscaler-6f7d9-k2x8p", Map.of())
            .bindOrCreate("previs.autoscaler", AutoscalerProperties.class);

    assertThat(props.lease()).isEqualTo("previs-autoscaler");
    assertThat(props.identity()).isEqualTo("previs-autoscaler-6f7d9-k2x8p");
    assertThat(props.namespace()).isEqualTo(Rendered.NAMESPACE);
    assertThat(props.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(props.workerTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(props.pools())
        .extracting(
            AutoscalerProperties.Pool::name,
            AutoscalerProperties.Pool::deployment,
            AutoscalerProperties.Pool::min,
            AutoscalerProperties.Pool::max)
        .containsExactly(
            tuple("a100-80g", "previs-worker-a100-80g", 0, 4),
            tuple("h100-80g", "previs-worker-h100-80g", 0, 4));
    for (var pool : props.pools()) {
      chart.deployment("worker-" + pool.name()); // the Deployment it scales exists
      var limits = pool.limits();
      assertThat(limits.target()).isEqualTo(Duration.ofMinutes(10));
      assertThat(limits.scaleDownDelay()).isEqualTo(Duration.ofMinutes(2));
      assertThat(limits.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
      assertThat(limits.drainGrace()).isEqualTo(Duration.ofMinutes(5));
      assertThat(limits.startup()).isEqualTo(Duration.ofMinutes(3));
      assertThat(limits.hysteresis()).isEqualTo(0.2);
    }
  }

  @Test
  void aPoolsOwnLimitsReachTheAutoscaler() {
    Rendered chart =
        Chart.render(
            """
            workerPools:
              - name: h100-80g
                gpuMemoryGb: 80
                speed: 2.0
                min: 1
                max: 16
                targetClearTime: 5m
                scaleDownDelay: 30s
                idleTimeout: 1h
                drainGrace: 7m
                startupEstimate: 90s
                hysteresis: 0
            """);

    AutoscalerProperties props =
        chart
            .binder(chart.deployment("autoscaler"))
            .bindOrCreate("previs.autoscaler", AutoscalerProperties.class);

    assertThat(props.pools())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.limits().min()).isEqualTo(1);
              assertThat(p.limits().max()).isEqualTo(16);
              assertThat(p.limits().target()).isEqualTo(Duration.ofMinutes(5));
              assertThat(p.limits().scaleDownDelay()).isEqualTo(Duration.ofSeconds(30));
              assertThat(p.limits().idleTimeout()).isEqualTo(Duration.ofHours(1));
              assertThat(p.limits().drainGrace()).isEqualTo(Duration.ofMinutes(7));
              assertThat(p.limits().startup()).isEqualTo(Duration.ofSeconds(90));
              assertThat(p.limits().hysteresis()).isZero();
            });
  }

  @Test
  void noAutoscalerNorApiAccessUnlessTheModeIsPrevis() {
    for (Chart.Scenario s : List.of(Chart.Scenario.KEDA, Chart.Scenario.FIXED)) {
      Rendered chart = s.render();
      assertThat(chart.deployments())
          .extracting(d -> d.getMetadata().getName())
          .doesNotContain("previs-autoscaler");
      assertThat(chart.all(Role.class)).isEmpty();
      assertThat(chart.all(RoleBinding.class)).isEmpty();
      assertThat(chart.all(ServiceAccount.class)).isEmpty();
    }
  }
}
