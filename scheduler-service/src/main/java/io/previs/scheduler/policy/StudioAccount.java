package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One studio's standing with the scheduler: its quota, GPUs in use, fair-share virtual time per
 * priority class, and GPU-seconds used this UTC day and month against its budgets.
 */
final class StudioAccount {

  final String studio;
  Quota quota;
  int inUse;

  /** Running (or dispatched) shards per class: a studio with some is active in that class. */
  final int[] runningByClass = new int[Priority.values().length];

  /**
   * Fair-share virtual time per class: GPU-seconds charged divided by weight. The class serves the
   * eligible studio with the least.
   */
  final double[] virtualTime = new double[Priority.values().length];

  String day = "";
  double daySeconds;
  String month = "";
  double monthSeconds;

  /** Alert levels already published this period: 0 none, 1 warning, 2 exhausted. */
  int dayAlert;

  int monthAlert;

  StudioAccount(String studio, Quota quota) {
    this.studio = studio;
    this.quota = quota;
  }

  /** Turns the periods over if the UTC day or month has changed. */
  void roll(Instant now) {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC);
    String d = t.toLocalDate().toString();
    String m = d.substring(0, 7);
    if (!d.equals(day)) {
      day = d;
      daySeconds = 0;
      dayAlert = 0;
    }
    if (!m.equals(month)) {
      month = m;
      monthSeconds = 0;
      monthAlert = 0;
    }
  }

  boolean budgetExhausted(Instant now) {
    roll(now);
    return (quota.dailyGpuSeconds() > 0 && daySeconds >= quota.dailyGpuSeconds())
        || (quota.monthlyGpuSeconds() > 0 && monthSeconds >= quota.monthlyGpuSeconds());
  }

  /** Why the studio may not start a shard now, or null if it may. */
  String blockedBy(Instant now) {
    if (quota.gpuCapReached(inUse)) {
      return "at its cap of " + quota.maxGpus() + " GPUs";
    }
    if (budgetExhausted(now)) {
      return "GPU-second budget exhausted";
    }
    return null;
  }

  /** Adds used GPU-seconds; returns the budget alerts this crosses (each once per period). */
  List<Decision> bill(Instant now, double seconds, double warnAt) {
    roll(now);
    daySeconds += seconds;
    monthSeconds += seconds;
    List<Decision> alerts = new ArrayList<>(0);
    dayAlert = alert(alerts, "day", day, daySeconds, quota.dailyGpuSeconds(), dayAlert, warnAt);
    monthAlert =
        alert(alerts, "month", month, monthSeconds, quota.monthlyGpuSeconds(), monthAlert, warnAt);
    return alerts;
  }

  /** After a quota change: alerts of a raised budget may fire again. */
  void rearm() {
    dayAlert = Math.min(dayAlert, level(daySeconds, quota.dailyGpuSeconds(), 0.8));
    monthAlert = Math.min(monthAlert, level(monthSeconds, quota.monthlyGpuSeconds(), 0.8));
  }

  private int alert(
      List<Decision> out,
      String period,
      String key,
      double used,
      double budget,
      int published,
      double warnAt) {
    int level = level(used, budget, warnAt);
    // One bill may cross both levels: the warning still goes out, before the stop.
    for (int l = published + 1; l <= level; l++) {
      out.add(new Decision.BudgetAlert(studio, period, key, used, budget, l == 2));
    }
    return Math.max(level, published);
  }

  private static int level(double used, double budget, double warnAt) {
    if (budget <= 0) {
      return 0;
    }
    return used >= budget ? 2 : used >= warnAt * budget ? 1 : 0;
  }

  boolean activeIn(int cls, Backlog backlog) {
    return runningByClass[cls] > 0 || backlog.has(cls, studio);
  }
}
