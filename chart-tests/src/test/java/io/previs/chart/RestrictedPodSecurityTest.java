package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The checker itself: it must be able to fail, rule by rule. */
class RestrictedPodSecurityTest {

  @Test
  void aPodThatBreaksEveryRuleIsReportedOnceForEachField() {
    // given
    PodTemplateSpec bad =
        pod(
            """
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/app: unconfined
            spec:
              hostNetwork: true
              hostPID: true
              hostIPC: true
              securityContext:
                runAsUser: 0
                seLinuxOptions: {type: spc_t, user: root, role: sysadm_r}
                sysctls: [{name: kernel.msgmax, value: "65536"}]
                windowsOptions: {hostProcess: true}
                appArmorProfile: {type: Unconfined}
              volumes:
                - name: host
                  hostPath: {path: /var/lib}
              containers:
                - name: app
                  image: app
                  ports: [{containerPort: 8080, hostPort: 8080}]
                  securityContext:
                    privileged: true
                    allowPrivilegeEscalation: true
                    procMount: Unmasked
                    seccompProfile: {type: Unconfined}
                    capabilities: {add: [SYS_ADMIN]}
              initContainers:
                - name: init
                  image: init
            """);

    // when
    var violations = RestrictedPodSecurity.violations(bad);

    // then
    assertThat(violations)
        .containsExactlyInAnyOrder(
            "spec.hostNetwork must be unset or false",
            "spec.hostPID must be unset or false",
            "spec.hostIPC must be unset or false",
            "spec.securityContext.windowsOptions.hostProcess must be unset or false",
            "spec.volumes[host].hostPath is not an allowed volume type",
            "spec.securityContext.sysctls[kernel.msgmax] is not a safe sysctl",
            "spec.securityContext.seLinuxOptions.type must be container_t, container_init_t,"
                + " container_kvm_t or container_engine_t",
            "spec.securityContext.seLinuxOptions.user must be unset",
            "spec.securityContext.seLinuxOptions.role must be unset",
            "spec.securityContext.appArmorProfile.type must not be Unconfined",
            "metadata.annotations[container.apparmor.security.beta.kubernetes.io/app] must be"
                + " runtime/default or localhost/*",
            "spec.securityContext.runAsUser must not be 0",
            "containers[app].securityContext.privileged must be unset or false",
            "containers[app].ports[8080].hostPort must be unset or 0",
            "containers[app].securityContext.procMount must be unset or Default",
            "containers[app].securityContext.allowPrivilegeEscalation must be false",
            "containers[app].securityContext.runAsNonRoot must be true (here or in"
                + " spec.securityContext)",
            "containers[app].securityContext.seccompProfile.type must be RuntimeDefault or"
                + " Localhost (here or for the pod)",
            "containers[app].securityContext.capabilities.drop must include ALL",
            "containers[app].securityContext.capabilities.add must hold NET_BIND_SERVICE only,"
                + " not SYS_ADMIN",
            "containers[init].securityContext.allowPrivilegeEscalation must be false",
            "containers[init].securityContext.runAsNonRoot must be true (here or in"
                + " spec.securityContext)",
            "containers[init].securityContext.seccompProfile.type must be RuntimeDefault or"
                + " Localhost (here or for the pod)",
            "containers[init].securityContext.capabilities.drop must include ALL");
  }

  @Test
  void aRestrictedPodPassesWithItsSettingsAtPodOrContainerLevel() {
    PodTemplateSpec podLevel =
        pod(
            """
            spec:
              securityContext:
                runAsNonRoot: true
                runAsUser: 10001
                seccompProfile: {type: RuntimeDefault}
                sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "0"}]
              volumes:
                - {name: tmp, emptyDir: {}}
                - {name: models, persistentVolumeClaim: {claimName: models}}
              containers:
                - name: app
                  image: app
                  securityContext:
                    allowPrivilegeEscalation: false
                    capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
                    seLinuxOptions: {type: container_t}
            """);
    PodTemplateSpec containerLevel =
        pod(
            """
            spec:
              containers:
                - name: app
                  image: app
                  securityContext:
                    runAsNonRoot: true
                    allowPrivilegeEscalation: false
                    seccompProfile: {type: Localhost, localhostProfile: previs.json}
                    capabilities: {drop: [ALL]}
            """);

    assertThat(RestrictedPodSecurity.violations(podLevel)).isEmpty();
    assertThat(RestrictedPodSecurity.violations(containerLevel)).isEmpty();
  }

  private static PodTemplateSpec pod(String yaml) {
    try {
      return new ObjectMapper(new YAMLFactory()).readValue(yaml, PodTemplateSpec.class);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
