package io.previs.launcher.render;

import io.previs.contracts.job.JobEvent;

/**
 * What {@code ./previs render} prints when the content policy holds its job for a person: the
 * findings that held it (not the allowed ones), the policy version, and how ops decide. Without it
 * the command would wait silently until its timeout.
 */
final class HoldNotice {

  private HoldNotice() {}

  static String of(JobEvent held, String jobId, String gatewayUrl) {
    StringBuilder sb = new StringBuilder();
    JobEvent.Policy p = held.policy();
    sb.append(
        String.format(
            "Held for review by the content policy (%s), before any GPU time:%n",
            p == null ? "no decision attached" : p.version()));
    if (p != null) {
      for (JobEvent.PolicyFinding f : p.findings()) {
        if (!"allow".equals(f.action())) {
          sb.append(
              String.format(
                  "  %s: \"%s\" (%s, %s) at %s [%d, %d)%n",
                  f.action(), f.text(), f.category(), f.rule(), f.field(), f.start(), f.end()));
        }
      }
    }
    sb.append(
        String.format(
            "Waiting for ops: POST %s/v1/jobs/%s/policy-review"
                + " {\"decision\":\"approve\"} or {\"decision\":\"reject\",\"note\":\"…\"}"
                + " (the ops role)%n",
            gatewayUrl, jobId));
    return sb.toString();
  }
}
