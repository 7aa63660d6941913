package io.previs.launcher.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.previs.launcher.platform.LocalPlatform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controllers fabric8's mock API server does not run, for one worker Deployment: its ReplicaSet
 * (pods created up to the replica count; on scale-down the pod the ReplicaSet would remove goes —
 * not ready first, then the lowest pod-deletion-cost, then the newest) and the kubelet (each pod's
 * worker runs in this JVM under the pod's name, and the pod turns Ready once it is up). It records
 * every pod it removes and whether that pod's worker held a shard at that moment.
 */
final class SimulatedKubelet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedKubelet.class);

  /** A pod the ReplicaSet removed, and whether its worker held a shard then. */
  record Removal(String pod, boolean busy, Instant at) {}

  /** A replica count the Deployment was seen at, and when. */
  record Scale(int replicas, Instant at) {}

  final List<Removal> removals = new CopyOnWriteArrayList<>();
  final List<Scale> scales = new CopyOnWriteArrayList<>();
  final List<String> started = new CopyOnWriteArrayList<>();

  private final KubernetesClient client;
  private final String namespace;
  private final String deployment;
  private final LocalPlatform platform;
  private final Map<String, Future<?>> workers = new ConcurrentHashMap<>();
  private final ExecutorService kubelet = Executors.newFixedThreadPool(3);
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

  SimulatedKubelet(
      KubernetesClient client, String namespace, String deployment, LocalPlatform platform) {
    this.client = client;
    this.namespace = namespace;
    this.deployment = deployment;
    this.platform = platform;
    loop.scheduleWithFixedDelay(this::reconcile, 0, 100, TimeUnit.MILLISECONDS);
  }

  int replicas() {
    return scales.isEmpty() ? 0 : scales.get(scales.size() - 1).replicas();
  }

  /** Pods whose worker is up, by name. */
  List<String> running() {
    return workers.entrySet().stream()
        .filter(e -> e.getValue().isDone())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private void reconcile() {
    try {
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
      if (d == null) {
        return;
      }
      int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      if (scales.isEmpty() || replicas() != want) {
        scales.add(new Scale(want, Instant.now()));
      }
      Map<String, String> labels = d.getSpec().getSelector().getMatchLabels();
      List<Pod> pods =
          new ArrayList<>(
              client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                  .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                  .toList());
      // pods deleted by someone else (the autoscaler removes a drained pod itself): the kubelet
      // stops their workers
      java.util.Set<String> live = new java.util.HashSet<>();
      pods.forEach(p -> live.add(p.getMetadata().getName()));
      for (String name : List.copyOf(workers.keySet())) {
        if (!live.contains(name)) {
          stopWorker(name);
        }
      }
      for (int i = pods.size(); i < want; i++) {
        create(labels);
      }
      if (pods.size() > want) {
        pods.sort(
            Comparator.comparing(SimulatedKubelet::ready)
                .thenComparing(SimulatedKubelet::cost)
                .thenComparing(
                    (Pod p) -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()));
        for (Pod p : pods.subList(0, pods.size() - want)) {
          remove(p.getMetadata().getName());
        }
      }
    } catch (RuntimeException e) {
      log.warn("Simulated ReplicaSet: {}", e.toString());
    }
  }

  private void create(Map<String, String> labels) {
    String name = deployment + "-" + UUID.randomUUID().toString().substring(0, 5);
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withCreationTimestamp(Instant.now().toString())
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .endStatus()
                .build())
        .create();
    workers.put(
        name,
        kubelet.submit(
            () -> {
              platform.startWorker(name);
              started.add(name);
              Pod p = client.pods().inNamespace(namespace).withName(name).get();
              if (p != null) {
                p.getStatus().setPhase("Running");
                p.getStatus()
                    .setConditions(
                        List.of(
                            new PodConditionBuilder()
                                .withType("Ready")
                                .withStatus("True")
                                .build()));
                client.pods().inNamespace(namespace).resource(p).updateStatus();
              }
              return null;
            }));
  }

  private void remove(String name) {
    log.info("Simulated ReplicaSet removes pod {}", name);
    client.pods().inNamespace(namespace).withName(name).delete();
    stopWorker(name);
  }

  /** The pod is gone: its worker stops (SIGTERM), recorded with whether it held a shard. */
  private void stopWorker(String name) {
    Future<?> up = workers.remove(name);
    if (up == null) {
      return;
    }
    boolean busy = up.isDone() && holdsShard(name);
    removals.add(new Removal(name, busy, Instant.now()));
    log.info("Pod {} gone{}", name, busy ? " while its worker held a shard" : "");
    kubelet.submit(
        () -> {
          up.get(); // a pod removed while its worker starts: stop it once up
          platform.stop(name);
          return null;
        });
  }

  /** The worker's own gauge: it counts a shard from the moment it takes it. */
  private boolean holdsShard(String name) {
    MeterRegistry registry = platform.service(name).context().getBean(MeterRegistry.class);
    Gauge g = registry.find("previs.shards.inflight").gauge();
    return g != null && g.value() > 0;
  }

  private static boolean ready(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static int cost(Pod p) {
    Map<String, String> a = p.getMetadata().getAnnotations();
    String c = a == null ? null : a.get("controller.kubernetes.io/pod-deletion-cost");
    return c == null ? 0 : Integer.parseInt(c);
  }

  @Override
  public void close() throws Exception {
    loop.shutdownNow();
    loop.awaitTermination(5, TimeUnit.SECONDS);
    kubelet.shutdown();
    kubelet.awaitTermination(60, TimeUnit.SECONDS);
  }
}
