package io.previs.autoscaler.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Kubernetes Lease (coordination.k8s.io/v1): of the autoscaler's replicas only
 * the holder acts; the others keep a warm view and take over when its lease is not renewed. The
 * leader stops acting as soon as it fails to renew within the renew deadline, before another can
 * acquire (the lease duration is longer), so two never act at once.
 */
public final class Leadership implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String lease;
  private final String identity;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("leader-election").factory());
  private volatile boolean leader;
  private volatile String current;
  private volatile boolean closed;
  private CompletableFuture<?> election;

  public Leadership(
      KubernetesClient client,
      String namespace,
      String lease,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {
    this.client = client;
    this.namespace = namespace;
    this.lease = lease;
    this.identity = identity;
    this.leaseDuration = leaseDuration;
    this.renewDeadline = renewDeadline;
    this.retryPeriod = retryPeriod;
  }

  public synchronized void start() {
    LeaderElector elector =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(lease)
                    .withLock(new LeaseLock(namespace, lease, identity))
                    .withLeaseDuration(leaseDuration)
                    .withRenewDeadline(renewDeadline)
                    .withRetryPeriod(retryPeriod)
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            () -> {
                              leader = true;
                              log.info("{} leads the autoscaler (lease {})", identity, lease);
                            },
                            () -> {
                              leader = false;
                              log.info("{} no longer leads the autoscaler", identity);
                            },
                            who -> current = who))
                    .build())
            .build();
    election = elector.start();
    // Losing the lease ends the elector's future: stand again, as a follower.
    election.whenComplete(
        (ok, e) -> {
          leader = false;
          if (!closed) {
            if (e != null) {
              log.warn("Leader election ended: {}; standing again", e.toString());
            }
            executor.execute(
                () -> {
                  sleep(retryPeriod);
                  if (!closed) {
                    start();
                  }
                });
          }
        });
  }

  public boolean isLeader() {
    return leader;
  }

  public String identity() {
    return identity;
  }

  /** The lease holder as last seen, or null. */
  public String currentLeader() {
    return current;
  }

  @Override
  public synchronized void close() {
    closed = true;
    leader = false;
    if (election != null) {
      election.cancel(true); // releases the lease (releaseOnCancel)
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
