package io.previs.autoscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {

  static final PoolLimits LIMITS =
      new PoolLimits(
          0,
          8,
          Duration.ofMinutes(10),
          Duration.ofMinutes(2),
          Duration.ofMinutes(10),
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          0.2);

  Instant t0 = Instant.parse("2026-12-02T10:00:00Z");

  static Worker w(String name, WorkerState s, Instant since) {
    return new Worker(name, s, since.minusSeconds(600), since);
  }

  PoolView view(Instant at, double backlog, int queued, int released, int replicas, Worker... ws) {
    return new PoolView("a100", at, backlog, queued, released, replicas, List.of(ws), 120, true);
  }

  @Test
  void theFirstPendingShardOfAnEmptyPoolActivatesItAtOnce() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    Plan plan = p.decide(view(t0, 5, 1, 0, 0));
    assertThat(plan.reason()).isEqualTo("activate");
    assertThat(plan.replicas()).isEqualTo(1);
  }

  @Test
  void workersAreSizedByGpuSecondsNotByShardCount() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    // one long shard: 1800 GPU-s in one shard → one worker (no more than shards)
    assertThat(p.decide(view(t0, 1800, 1, 0, 0)).replicas()).isEqualTo(1);
    // 200 small shards worth 1000 GPU-s: new workers are good for 600 - 120 s each → 3
    assertThat(new ScalingPolicy(LIMITS).decide(view(t0, 1000, 200, 0, 0)).replicas()).isEqualTo(3);
    // 4800 GPU-s in 40 shards → 10 wanted, capped at 8
    Plan capped = new ScalingPolicy(LIMITS).decide(view(t0, 4800, 40, 0, 0));
    assertThat(capped.replicas()).isEqualTo(8);
    assertThat(capped.reason()).isEqualTo("activate");
  }

  @Test
  void aShardAWorkerStartedAfterTheBacklogRecordCallsForNoSecondWorker() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    // the record (1 queued, 0 released) predates the start the worker already reports
    Plan plan = p.decide(view(t0, 1800, 1, 0, 1, w("w", WorkerState.BUSY, t0)));
    assertThat(plan.replicas()).isEqualTo(1);
    assertThat(plan.reason()).isEqualTo("steady");
  }

  @Test
  void workersStillStartingCountForTheStartUpTimeTheyHaveLeft() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    // 3 pods created 60 s ago, 60 s of start-up left: each good for 540 s of the 600 → 1620
    List<Worker> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      starting.add(
          new Worker("s" + i, WorkerState.STARTING, t0.minusSeconds(60), t0.minusSeconds(60)));
    }
    PoolView v = new PoolView("a100", t0, 1600, 50, 0, 3, starting, 120, true);
    assertThat(p.decide(v).replicas()).isEqualTo(3);
    PoolView more = new PoolView("a100", t0, 2200, 50, 0, 3, starting, 120, true);
    // 580 s more than they cover → 2 more (480 s each)
    assertThat(p.decide(more).replicas()).isEqualTo(5);
    // replicas asked for whose pods do not exist yet count as starting (no double scale-up)
    PoolView asked = new PoolView("a100", t0, 2200, 50, 0, 5, starting, 120, true);
    assertThat(p.decide(asked).replicas()).isEqualTo(5);
  }

  @Test
  void scaleInDrainsOnlyIdleWorkersAfterTheDelayAndNeverABusyOne() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    Worker busy = w("busy", WorkerState.BUSY, t0);
    Worker idle1 = w("idle1", WorkerState.IDLE, t0.minusSeconds(30));
    Worker idle2 = w("idle2", WorkerState.IDLE, t0.minusSeconds(10));
    // nothing queued, one shard running: one worker is needed, two idle are surplus
    Plan first = p.decide(view(t0, 0, 0, 1, 3, busy, idle1, idle2));
    assertThat(first.drain()).isEmpty(); // the surplus must last the scale-down delay
    assertThat(first.desired()).isEqualTo(1);
    Plan later = p.decide(view(t0.plusSeconds(121), 0, 0, 1, 3, busy, idle1, idle2));
    assertThat(later.drain()).containsExactly("idle1", "idle2"); // longest idle first
    assertThat(later.drain()).doesNotContain("busy");
    assertThat(later.replicas()).isEqualTo(3); // nothing removed until they report drained

    Plan removal =
        p.decide(
            view(
                t0.plusSeconds(125),
                0,
                0,
                1,
                3,
                busy,
                w("idle1", WorkerState.DRAINED, t0.plusSeconds(121)),
                w("idle2", WorkerState.DRAINING, t0.plusSeconds(121))));
    assertThat(removal.remove()).containsExactly("idle1");
    assertThat(removal.replicas()).isEqualTo(2);
    assertThat(removal.reason()).isEqualTo("scale-in");
  }

  @Test
  void theLastWorkerGoesOnlyAfterThePoolIsWhollyIdleForTheIdleTimeOut() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    Worker idle = w("idle", WorkerState.IDLE, t0);
    assertThat(p.decide(view(t0, 0, 0, 0, 1, idle)).drain()).isEmpty();
    assertThat(p.decide(view(t0.plusSeconds(300), 0, 0, 0, 1, idle)).drain()).isEmpty();
    Plan timedOut = p.decide(view(t0.plusSeconds(600), 0, 0, 0, 1, idle));
    assertThat(timedOut.drain()).containsExactly("idle");
    Plan zero =
        p.decide(
            view(
                t0.plusSeconds(602),
                0,
                0,
                0,
                1,
                w("idle", WorkerState.DRAINED, t0.plusSeconds(600))));
    assertThat(zero.replicas()).isZero();
    assertThat(zero.reason()).isEqualTo("scale-to-zero");
  }

  @Test
  void aShardInBetweenRestartsTheIdleClock() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    Worker idle = w("idle", WorkerState.IDLE, t0);
    p.decide(view(t0, 0, 0, 0, 1, idle));
    p.decide(
        view(t0.plusSeconds(500), 0, 0, 1, 1, w("idle", WorkerState.BUSY, t0.plusSeconds(500))));
    assertThat(p.decide(view(t0.plusSeconds(700), 0, 0, 0, 1, idle)).drain()).isEmpty();
    assertThat(p.decide(view(t0.plusSeconds(1300), 0, 0, 0, 1, idle)).drain())
        .containsExactly("idle");
  }

  @Test
  void demandThatReturnsSendsDrainingWorkersBackBeforeAddingPods() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    Plan plan =
        p.decide(
            view(
                t0,
                2000,
                20,
                0,
                2,
                w("a", WorkerState.DRAINED, t0),
                w("b", WorkerState.DRAINING, t0)));
    assertThat(plan.resume()).containsExactly("a", "b");
    assertThat(plan.remove()).isEmpty();
    assertThat(plan.replicas()).isEqualTo(2 + 2); // 2000 s wants 4: two back, two new
  }

  @Test
  void aWorkerOpsDrainedIsReplacedNotSentBackAndGoesOnceDrained() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    Worker ops = new Worker("ops", WorkerState.DRAINED, t0.minusSeconds(600), t0, false);
    Plan plan = p.decide(view(t0, 500, 1, 0, 1, ops));
    assertThat(plan.resume()).isEmpty();
    assertThat(plan.remove()).containsExactly("ops");
    assertThat(plan.replicas()).isEqualTo(1); // one removed, one added for the shard it handed back
    Worker opsDraining = new Worker("ops", WorkerState.DRAINING, t0.minusSeconds(600), t0, false);
    assertThat(p.decide(view(t0.plusSeconds(3600), 0, 0, 1, 1, opsDraining)).release()).isEmpty();
  }

  @Test
  void aDrainPastItsGraceAsksForTheShardBackOnce() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    Worker d = w("d", WorkerState.DRAINING, t0);
    Worker busy = w("busy", WorkerState.BUSY, t0);
    assertThat(p.decide(view(t0.plusSeconds(60), 0, 0, 2, 2, d, busy)).release()).isEmpty();
    assertThat(p.decide(view(t0.plusSeconds(301), 0, 0, 2, 2, d, busy)).release())
        .containsExactly("d");
    assertThat(p.decide(view(t0.plusSeconds(302), 0, 0, 2, 2, d, busy)).release()).isEmpty();
  }

  @Test
  void hysteresisKeepsAPoolAtABoundaryFromFlapping() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    Worker[] two = {w("a", WorkerState.IDLE, t0), w("b", WorkerState.IDLE, t0)};
    // 1100 GPU-s wants 2 workers in 10 min; 1000 would want 2 with the 20 % margin, not 1
    for (int s = 0; s <= 600; s += 60) {
      Plan plan = p.decide(view(t0.plusSeconds(s), s % 120 == 0 ? 1100 : 1000, 10, 0, 2, two));
      assertThat(plan.drain()).as("at %d s", s).isEmpty();
      assertThat(plan.replicas()).isEqualTo(2);
    }
  }

  @Test
  void aStaleBacklogRemovesNothing() {
    ScalingPolicy p = new ScalingPolicy(LIMITS);
    Worker idle = w("idle", WorkerState.IDLE, t0);
    PoolView stale =
        new PoolView("a100", t0.plusSeconds(3600), 0, 0, 0, 1, List.of(idle), 120, false);
    p.decide(new PoolView("a100", t0, 0, 0, 0, 1, List.of(idle), 120, false));
    assertThat(p.decide(stale).drain()).isEmpty();
  }

  @Test
  void minIsKeptAndMaxNeverPassed() {
    PoolLimits kept =
        new PoolLimits(
            2,
            3,
            Duration.ofMinutes(10),
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofMinutes(5),
            Duration.ofMinutes(2),
            0);
    ScalingPolicy p = new ScalingPolicy(kept);
    assertThat(p.decide(view(t0, 0, 0, 0, 0)).replicas()).isEqualTo(2);
    assertThat(p.decide(view(t0, 99999, 99, 0, 2)).replicas()).isEqualTo(3);
  }

  @Test
  void badLimitsNameTheFieldAndTheLimit() {
    assertThatThrownBy(
            () ->
                new PoolLimits(
                    3,
                    2,
                    Duration.ofMinutes(1),
                    Duration.ZERO,
                    Duration.ZERO,
                    Duration.ZERO,
                    Duration.ZERO,
                    0))
        .hasMessageContaining("max must be min (3)");
    assertThatThrownBy(
            () ->
                new PoolLimits(
                    0,
                    2,
                    Duration.ZERO,
                    Duration.ZERO,
                    Duration.ZERO,
                    Duration.ZERO,
                    Duration.ZERO,
                    0))
        .hasMessageContaining("target must be positive");
    assertThatThrownBy(
            () ->
                new PoolLimits(
                    0,
                    2,
                    Duration.ofMinutes(1),
                    Duration.ZERO,
                    Duration.ZERO,
                    Duration.ZERO,
                    Duration.ZERO,
                    1.5))
        .hasMessageContaining("hysteresis must be 0 to 1");
  }
}
