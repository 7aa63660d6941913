package io.previs.autoscaler;

import io.previs.autoscaler.policy.PoolLimits;
import io.previs.contracts.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The autoscaler's settings.
 *
 * @param namespace where the worker Deployments and the Lease live (default: the pod's own
 *     namespace, from its service account)
 * @param identity this replica's name in the Lease (default: the pod's name, HOSTNAME)
 * @param masterUrl the API server, when not the in-cluster one or the kubeconfig's (tests)
 * @param lease the Lease the replicas elect a leader on
 * @param interval how often each pool is looked at (a pool's first shard is acted on within about
 *     this, plus the scheduler's tick)
 * @param workerTimeout a worker silent this long is stuck (the scheduler's worker-timeout)
 * @param backlogStale a backlog record older than this is stale: nothing is removed on it
 * @param pools the GPU pools, each with its worker Deployment and limits
 */
@ConfigurationProperties("previs.autoscaler")
public record AutoscalerProperties(
    @DefaultValue("true") boolean enabled,
    String namespace,
    String identity,
    String masterUrl,
    @DefaultValue("previs-autoscaler") String lease,
    @DefaultValue("15s") Duration leaseDuration,
    @DefaultValue("10s") Duration renewDeadline,
    @DefaultValue("2s") Duration retryPeriod,
    @DefaultValue("1s") Duration interval,
    @DefaultValue("20s") Duration workerTimeout,
    @DefaultValue("20s") Duration backlogStale,
    List<Pool> pools) {

  private static final Path SA_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  /**
   * One GPU pool: its name (the scheduler's and the workers' pool), its worker Deployment, and how
   * it may be sized (see {@link PoolLimits}).
   */
  public record Pool(
      String name,
      String deployment,
      @DefaultValue("0") int min,
      @DefaultValue("4") int max,
      @DefaultValue("10m") Duration target,
      @DefaultValue("2m") Duration scaleDownDelay,
      @DefaultValue("10m") Duration idleTimeout,
      @DefaultValue("5m") Duration drainGrace,
      @DefaultValue("3m") Duration startup,
      @DefaultValue("0.2") double hysteresis) {

    public PoolLimits limits() {
      return new PoolLimits(
          min, max, target, scaleDownDelay, idleTimeout, drainGrace, startup, hysteresis);
    }
  }

  public AutoscalerProperties {
    if (namespace == null || namespace.isBlank()) {
      namespace = inClusterNamespace();
    }
    if (identity == null || identity.isBlank()) {
      String host = System.getenv("HOSTNAME");
      identity =
          host == null || host.isBlank()
              ? "previs-autoscaler-" + ProcessHandle.current().pid()
              : host;
    }
    pools = pools == null ? List.of() : List.copyOf(pools);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < pools.size(); i++) {
      Pool p = pools.get(i);
      String at = "previs.autoscaler.pools[" + i + "]";
      try {
        Topics.shardsQueued(p.name());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ".name: " + e.getMessage(), e);
      }
      if (!names.add(p.name())) {
        throw new IllegalArgumentException(at + ".name: pool " + p.name() + " is listed twice");
      }
      if (p.deployment() == null || p.deployment().isBlank()) {
        throw new IllegalArgumentException(
            at + ".deployment: the pool's worker Deployment is required");
      }
      try {
        p.limits();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
      }
    }
    if (!renewDeadline.minus(leaseDuration).isNegative()) {
      throw new IllegalArgumentException(
          "previs.autoscaler.renew-deadline must be shorter than lease-duration ("
              + leaseDuration
              + ")");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("previs.autoscaler.interval must be positive");
    }
  }

  private static String inClusterNamespace() {
    try {
      return Files.isReadable(SA_NAMESPACE) ? Files.readString(SA_NAMESPACE).strip() : "default";
    } catch (java.io.IOException e) {
      return "default";
    }
  }
}
