package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Duration;
import java.util.Set;

/**
 * The scheduling policy's knobs.
 *
 * @param preemptingClasses classes whose waiting shards may preempt running shards of lower classes
 *     (default: urgent only)
 * @param maxPreemptions times one shard may be preempted; after that it runs to the end
 * @param budgetWarning fraction of a budget at which the warning event goes out (0.8)
 * @param defaultSecondsPerUnit GPU-seconds per work unit (step × frame × megapixel) at speed 1.0
 *     for a model nobody has measured yet; the first finished shard replaces it
 * @param workerTimeout a worker not heard from for this long is gone (its GPU leaves the pool, and
 *     the shard it held is queued again, from its last checkpoint)
 * @param maxAttempts attempts a shard may spend (lost workers, retryable failures) before its job
 *     fails; stops the scheduler asks for are not attempts
 */
public record PolicySettings(
    Set<Priority> preemptingClasses,
    int maxPreemptions,
    double budgetWarning,
    double defaultSecondsPerUnit,
    Duration workerTimeout,
    Quota defaultQuota,
    int maxAttempts) {

  public static final PolicySettings DEFAULTS =
      new PolicySettings(
          Set.of(Priority.URGENT), 2, 0.8, 0.05, Duration.ofSeconds(20), Quota.UNLIMITED, 3);

  public PolicySettings {
    preemptingClasses = preemptingClasses == null ? Set.of() : Set.copyOf(preemptingClasses);
    if (maxPreemptions < 0) {
      throw new IllegalArgumentException("maxPreemptions must not be negative");
    }
    if (!(budgetWarning > 0 && budgetWarning <= 1)) {
      throw new IllegalArgumentException("budgetWarning must be in (0, 1]: " + budgetWarning);
    }
    if (!(defaultSecondsPerUnit > 0) || Double.isInfinite(defaultSecondsPerUnit)) {
      throw new IllegalArgumentException("defaultSecondsPerUnit must be positive");
    }
    if (workerTimeout == null || workerTimeout.isNegative() || workerTimeout.isZero()) {
      throw new IllegalArgumentException("workerTimeout must be positive");
    }
    if (defaultQuota == null) {
      defaultQuota = Quota.UNLIMITED;
    }
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts must be 1 to 100: " + maxAttempts);
    }
  }

  public PolicySettings withPreempting(Set<Priority> classes) {
    return new PolicySettings(
        classes,
        maxPreemptions,
        budgetWarning,
        defaultSecondsPerUnit,
        workerTimeout,
        defaultQuota,
        maxAttempts);
  }
}
