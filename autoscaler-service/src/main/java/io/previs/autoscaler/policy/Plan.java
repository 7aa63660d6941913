package io.previs.autoscaler.policy;

import java.util.List;

/**
 * What the policy wants done to one pool now.
 *
 * @param replicas the Deployment's replica count to set (after the removals below)
 * @param desired the workers the backlog calls for, within min and max (the figure dashboards put
 *     beside the actual count)
 * @param drain idle workers to drain (scale-in, step one)
 * @param release draining workers past their grace: hand back the shard at a step boundary
 * @param resume draining workers to send back to work (demand returned before their removal)
 * @param remove drained workers whose pods go now (scale-in, step two)
 * @param reason the decision's kind, for metrics and Kubernetes events ("steady" when nothing is
 *     done)
 * @param detail the figures behind it, for the log line and the event's message
 */
public record Plan(
    int replicas,
    int desired,
    List<String> drain,
    List<String> release,
    List<String> resume,
    List<String> remove,
    String reason,
    String detail) {

  public boolean acts(int currentReplicas) {
    return replicas != currentReplicas
        || !drain.isEmpty()
        || !release.isEmpty()
        || !resume.isEmpty()
        || !remove.isEmpty();
  }
}
