package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every pod the chart renders meets the restricted Pod Security Standard. */
class PodSecurityTest {

  @ParameterizedTest
  @EnumSource(Chart.Scenario.class)
  void everyPodMeetsTheRestrictedStandard(Chart.Scenario scenario) {
    Rendered chart = scenario.render();

    assertThat(chart.deployments()).isNotEmpty();
    for (Deployment d : chart.deployments()) {
      assertThat(RestrictedPodSecurity.violations(d.getSpec().getTemplate()))
          .as(d.getMetadata().getName())
          .isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Chart.Scenario.class)
  void theRootFilesystemIsReadOnlyAndOnlyScratchDirectoriesAreWritable(Chart.Scenario scenario) {
    for (Deployment d : scenario.render().deployments()) {
      var spec = Rendered.pod(d);
      var container = Rendered.container(d);
      assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
      assertThat(spec.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
      assertThat(spec.getSecurityContext().getFsGroup()).isEqualTo(10001L);
      assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(container.getVolumeMounts())
          .extracting(VolumeMount::getMountPath)
          .as(d.getMetadata().getName())
          .contains("/tmp")
          .allMatch(
              p -> p.equals("/tmp") || p.startsWith("/cache/") || p.startsWith("/etc/previs/"));
    }
  }
}
