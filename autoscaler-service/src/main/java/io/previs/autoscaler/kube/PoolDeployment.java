package io.previs.autoscaler.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One GPU pool's worker Deployment, as the autoscaler reads and changes it: its replica count, its
 * pods, the deletion cost that makes the ReplicaSet take a drained pod first, and the Kubernetes
 * Events that record every decision on the Deployment ({@code kubectl describe} shows them).
 */
public final class PoolDeployment {

  /**
   * The ReplicaSet controller removes the pod with the lowest cost first (among pods equally
   * ready): a drained pod gets the lowest there is.
   */
  public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

  /** A pod of the Deployment: its name is its worker's id. */
  public record PodInfo(
      String name, Instant created, boolean ready, Map<String, String> annotations) {}

  /** The Deployment now; null pods list when the Deployment is missing. */
  public record Snapshot(int replicas, List<PodInfo> pods, String uid) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String component;

  public PoolDeployment(KubernetesClient client, String namespace, String name, String component) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.component = component;
  }

  public String name() {
    return name;
  }

  /**
   * The Deployment and its live pods (terminating ones are gone already as far as scaling goes).
   */
  public Snapshot read() {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (d == null) {
      return null;
    }
    Integer replicas = d.getSpec().getReplicas();
    Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
    List<PodInfo> pods = new ArrayList<>();
    for (Pod p : client.pods().inNamespace(namespace).withLabels(selector).list().getItems()) {
      if (p.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      pods.add(
          new PodInfo(
              p.getMetadata().getName(),
              parse(p.getMetadata().getCreationTimestamp()),
              ready(p),
              p.getMetadata().getAnnotations() == null
                  ? Map.of()
                  : p.getMetadata().getAnnotations()));
    }
    return new Snapshot(replicas == null ? 1 : replicas, pods, d.getMetadata().getUid());
  }

  /**
   * Sets the replica count (a merge patch of spec.replicas: nothing else of the spec is touched).
   */
  public void scale(int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  /**
   * Removes a drained pod: first its deletion cost goes to the lowest there is, then the pod itself
   * is deleted; the caller lowers the replica count next. Deleting the very pod is what makes this
   * exact: a scale-down alone lets the ReplicaSet choose, and it takes a pod that is not ready yet
   * (a worker still loading its model) before any ready one, whatever its cost. If the ReplicaSet
   * sees the deletion before the new count it creates a replacement and then removes that one — the
   * newest, not yet ready — so the churn costs a pod that never started, never a busy worker. The
   * cost annotation covers the other order: of the ready pods, the drained one goes first.
   */
  public void remove(String pod) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\""
                + DELETION_COST
                + "\":\""
                + Integer.MIN_VALUE
                + "\"}}}");
    client.pods().inNamespace(namespace).withName(pod).delete();
  }

  /** A Kubernetes Event on the Deployment: the decision's reason and its figures. */
  public void event(String uid, String reason, String message, boolean warning) {
    String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(
                    name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(name)
                        .withNamespace(namespace)
                        .withUid(uid)
                        .build())
                .withReason(camel(reason))
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                .withType(warning ? "Warning" : "Normal")
                .withNewSource()
                .withComponent(component)
                .endSource()
                .withReportingComponent(component)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build())
        .create();
  }

  /** scale-up → ScaleUp: Kubernetes event reasons are UpperCamelCase. */
  static String camel(String reason) {
    StringBuilder b = new StringBuilder();
    for (String part : reason.split("-")) {
      if (!part.isEmpty()) {
        b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return b.toString();
  }

  private static boolean ready(Pod p) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return false;
    }
    return p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Instant parse(String t) {
    try {
      return t == null ? null : Instant.parse(t);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
