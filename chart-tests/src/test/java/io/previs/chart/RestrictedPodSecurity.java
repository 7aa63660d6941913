package io.previs.chart;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes Pod Security Standards' "restricted" profile (which includes "baseline"), rule by
 * rule as the standard words them, applied to a pod template. Each violation names the field.
 */
final class RestrictedPodSecurity {

  /** Volume types restricted allows; every other (hostPath first) is refused. */
  static final Set<String> VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /** Sysctls baseline calls safe (namespaced and isolated between pods). */
  static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  private static final String APPARMOR_ANNOTATION =
      "container.apparmor.security.beta.kubernetes.io/";

  private RestrictedPodSecurity() {}

  static List<String> violations(PodTemplateSpec template) {
    List<String> v = new ArrayList<>();
    PodSpec spec = template.getSpec();
    PodSecurityContext pod =
        spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();

    // baseline: host namespaces, host process, volumes, sysctls, pod-level profiles
    isTrue(v, spec.getHostNetwork(), "spec.hostNetwork must be unset or false");
    isTrue(v, spec.getHostPID(), "spec.hostPID must be unset or false");
    isTrue(v, spec.getHostIPC(), "spec.hostIPC must be unset or false");
    if (pod.getWindowsOptions() != null) {
      isTrue(
          v,
          pod.getWindowsOptions().getHostProcess(),
          "spec.securityContext.windowsOptions.hostProcess must be unset or false");
    }
    for (Volume vol : nullSafe(spec.getVolumes())) {
      String type = volumeType(vol);
      if (!VOLUME_TYPES.contains(type)) {
        v.add("spec.volumes[" + vol.getName() + "]." + type + " is not an allowed volume type");
      }
    }
    for (Sysctl s : nullSafe(pod.getSysctls())) {
      if (!SAFE_SYSCTLS.contains(s.getName())) {
        v.add("spec.securityContext.sysctls[" + s.getName() + "] is not a safe sysctl");
      }
    }
    seLinux(v, pod.getSeLinuxOptions(), "spec.securityContext.seLinuxOptions");
    if (pod.getAppArmorProfile() != null
        && "Unconfined".equals(pod.getAppArmorProfile().getType())) {
      v.add("spec.securityContext.appArmorProfile.type must not be Unconfined");
    }
    Map<String, String> annotations =
        template.getMetadata() == null || template.getMetadata().getAnnotations() == null
            ? Map.of()
            : template.getMetadata().getAnnotations();
    annotations.forEach(
        (k, val) -> {
          if (k.startsWith(APPARMOR_ANNOTATION)
              && !val.equals("runtime/default")
              && !val.startsWith("localhost/")) {
            v.add("metadata.annotations[" + k + "] must be runtime/default or localhost/*");
          }
        });
    // restricted: running as non-root, seccomp at pod level or in every container
    if (Long.valueOf(0).equals(pod.getRunAsUser())) {
      v.add("spec.securityContext.runAsUser must not be 0");
    }
    String podSeccomp = pod.getSeccompProfile() == null ? null : pod.getSeccompProfile().getType();
    if (podSeccomp != null && !seccompAllowed(podSeccomp)) {
      v.add("spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost");
    }

    List<Container> containers = new ArrayList<>(nullSafe(spec.getContainers()));
    containers.addAll(nullSafe(spec.getInitContainers()));
    for (Container c : containers) {
      container(v, c, pod, podSeccomp);
    }
    for (var e : nullSafe(spec.getEphemeralContainers())) {
      Container c = new Container();
      c.setName(e.getName());
      c.setSecurityContext(e.getSecurityContext());
      c.setPorts(e.getPorts());
      container(v, c, pod, podSeccomp);
    }
    return v;
  }

  private static void container(
      List<String> v, Container c, PodSecurityContext pod, String podSeccomp) {
    String at = "containers[" + c.getName() + "].securityContext";
    SecurityContext sc =
        c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
    isTrue(v, sc.getPrivileged(), at + ".privileged must be unset or false");
    if (sc.getWindowsOptions() != null) {
      isTrue(
          v,
          sc.getWindowsOptions().getHostProcess(),
          at + ".windowsOptions.hostProcess must be unset or false");
    }
    for (ContainerPort p : nullSafe(c.getPorts())) {
      if (p.getHostPort() != null && p.getHostPort() != 0) {
        v.add(
            "containers["
                + c.getName()
                + "].ports["
                + p.getContainerPort()
                + "].hostPort must be unset or 0");
      }
    }
    if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
      v.add(at + ".procMount must be unset or Default");
    }
    seLinux(v, sc.getSeLinuxOptions(), at + ".seLinuxOptions");
    if (sc.getAppArmorProfile() != null && "Unconfined".equals(sc.getAppArmorProfile().getType())) {
      v.add(at + ".appArmorProfile.type must not be Unconfined");
    }
    if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
      v.add(at + ".allowPrivilegeEscalation must be false");
    }
    boolean nonRoot =
        Boolean.TRUE.equals(sc.getRunAsNonRoot())
            || (sc.getRunAsNonRoot() == null && Boolean.TRUE.equals(pod.getRunAsNonRoot()));
    if (!nonRoot) {
      v.add(at + ".runAsNonRoot must be true (here or in spec.securityContext)");
    }
    if (Long.valueOf(0).equals(sc.getRunAsUser())) {
      v.add(at + ".runAsUser must not be 0");
    }
    String seccomp = sc.getSeccompProfile() == null ? null : sc.getSeccompProfile().getType();
    if (seccomp != null ? !seccompAllowed(seccomp) : podSeccomp == null) {
      v.add(at + ".seccompProfile.type must be RuntimeDefault or Localhost (here or for the pod)");
    }
    Capabilities caps = sc.getCapabilities();
    if (caps == null || !nullSafe(caps.getDrop()).contains("ALL")) {
      v.add(at + ".capabilities.drop must include ALL");
    }
    for (String add : caps == null ? List.<String>of() : nullSafe(caps.getAdd())) {
      if (!add.equals("NET_BIND_SERVICE")) {
        v.add(at + ".capabilities.add must hold NET_BIND_SERVICE only, not " + add);
      }
    }
  }

  private static void seLinux(List<String> v, SELinuxOptions o, String at) {
    if (o == null) {
      return;
    }
    if (o.getType() != null && !SELINUX_TYPES.contains(o.getType())) {
      v.add(
          at
              + ".type must be container_t, container_init_t, container_kvm_t or container_engine_t");
    }
    if (o.getUser() != null && !o.getUser().isEmpty()) {
      v.add(at + ".user must be unset");
    }
    if (o.getRole() != null && !o.getRole().isEmpty()) {
      v.add(at + ".role must be unset");
    }
  }

  private static boolean seccompAllowed(String type) {
    return type.equals("RuntimeDefault") || type.equals("Localhost");
  }

  private static void isTrue(List<String> v, Boolean value, String violation) {
    if (Boolean.TRUE.equals(value)) {
      v.add(violation);
    }
  }

  /** The volume's source field: the one of Volume's sources that is set. */
  private static String volumeType(Volume vol) {
    for (var m : Volume.class.getMethods()) {
      if (m.getName().startsWith("get")
          && m.getParameterCount() == 0
          && !Set.of("getName", "getClass", "getAdditionalProperties").contains(m.getName())) {
        try {
          if (m.invoke(vol) != null) {
            String n = m.getName().substring(3);
            return Character.toLowerCase(n.charAt(0)) + n.substring(1);
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return "(none)";
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
