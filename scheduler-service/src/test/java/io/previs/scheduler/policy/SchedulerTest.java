package io.previs.scheduler.policy;

import static io.previs.contracts.job.Priority.HIGH;
import static io.previs.contracts.job.Priority.LOW;
import static io.previs.contracts.job.Priority.NORMAL;
import static io.previs.contracts.job.Priority.URGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  @Test
  void aFreeGpuTakesWorkFromTheHighestNonEmptyClass() {
    // given one GPU and a job in every class, queued lowest first
    Farm farm = new Farm().pool("a100", 80, 1, 1);
    farm.job("a", "a.low", LOW, 1, 10);
    farm.job("a", "a.normal", NORMAL, 1, 10);
    farm.job("b", "b.high", HIGH, 1, 10);
    farm.job("c", "c.urgent", URGENT, 1, 10);

    // when the pool works through them
    farm.runUntil(farm.now.plusSeconds(100));

    // then they ran urgent, high, normal, low
    assertThat(farm.order()).containsExactly("c.urgent-s0", "b.high-s0", "a.normal-s0", "a.low-s0");
  }

  @Test
  void anUrgentShardOvertakesAHundredQueuedOnes() {
    Farm farm = new Farm().pool("a100", 80, 1, 1);
    farm.job("a", "a.batch", NORMAL, 101, 10);
    farm.decide(); // the first batch shard starts
    farm.job("b", "b.review", URGENT, 1, 10);

    farm.runUntil(farm.now.plusSeconds(25));

    assertThat(farm.order().subList(0, 2)).containsExactly("a.batch-s0", "b.review-s0");
  }

  @Test
  void withinAStudioItIsPriorityThenSubmissionOrder() {
    Farm farm = new Farm().pool("a100", 80, 1, 1);
    farm.job("a", "a.first", NORMAL, 2, 10);
    farm.job("a", "a.second", NORMAL, 1, 10);
    farm.job("a", "a.rush", HIGH, 1, 10);

    farm.runUntil(farm.now.plusSeconds(100));

    assertThat(farm.order())
        .containsExactly("a.rush-s0", "a.first-s0", "a.first-s1", "a.second-s0");
  }

  @Test
  void equalWeightStudiosFloodingOneClassSplitTheGpuSecondsWithinFivePercent() {
    // given 8 GPUs and two studios with very different shard lengths
    Farm farm = new Farm().pool("h100", 80, 1, 8);
    farm.job("a", "a.long", NORMAL, 400, 30);
    farm.job("b", "b.short", NORMAL, 2000, 4);

    // when the pool runs for ten long-shard lengths
    farm.runUntil(farm.now.plusSeconds(300));

    // then each got half the pool's GPU-seconds within 5 %
    double a = farm.usedSoFar().get("a");
    double b = farm.usedSoFar().get("b");
    assertThat(a / (a + b)).isCloseTo(0.5, within(0.025));
  }

  @Test
  void weightsSetTheShares() {
    Farm farm = new Farm().pool("h100", 80, 1, 6);
    farm.scheduler.quota("a", new Quota(2, 0, 0, 0, 0));
    farm.job("a", "a.x", NORMAL, 500, 5);
    farm.job("b", "b.x", NORMAL, 500, 5);

    farm.runUntil(farm.now.plusSeconds(150));

    double a = farm.usedSoFar().get("a");
    double b = farm.usedSoFar().get("b");
    assertThat(a / (a + b)).isCloseTo(2.0 / 3, within(0.03));
  }

  @Test
  void aStudioAloneGetsTheWholePool() {
    Farm farm = new Farm().pool("h100", 80, 1, 8);
    farm.job("a", "a.x", NORMAL, 20, 10);

    farm.decide();

    assertThat(farm.running).hasSize(8);
  }

  @Test
  void aStudioThatWasIdleEarnsNoCreditForIt() {
    // given studio a alone on the pool for a long time
    Farm farm = new Farm().pool("h100", 80, 1, 4);
    farm.job("a", "a.x", NORMAL, 1000, 10);
    farm.runUntil(farm.now.plusSeconds(600));
    // when b arrives
    farm.job("b", "b.x", NORMAL, 1000, 10);
    var before = farm.usedSoFar();
    farm.runUntil(farm.now.plusSeconds(200));
    var after = farm.usedSoFar();
    // then they split from then on, b does not take the pool to itself to catch up
    double a = after.get("a") - before.get("a");
    double b = after.get("b");
    assertThat(a / (a + b)).isCloseTo(0.5, within(0.06));
  }

  @Test
  void aStudioAtItsGpuCapWaitsWhileAnotherStudiosWorkRuns() {
    Farm farm = new Farm().pool("h100", 80, 1, 4);
    farm.scheduler.quota("a", new Quota(1, 1, 0, 0, 0));
    farm.job("a", "a.x", URGENT, 10, 10);
    farm.job("b", "b.x", LOW, 10, 10);

    farm.decide();

    assertThat(farm.running.keySet().stream().filter(s -> s.startsWith("a.")).count()).isEqualTo(1);
    assertThat(farm.running.keySet().stream().filter(s -> s.startsWith("b.")).count()).isEqualTo(3);
    assertThat(farm.scheduler.etas(farm.now))
        .filteredOn(e -> e.jobId().equals("a.x"))
        .singleElement()
        .satisfies(e -> assertThat(e.blockedBy()).contains("cap of 1 GPUs"));
  }

  @Test
  void aBudgetWarnsAtEightyPercentAndStopsNewShardsAtItsEndUntilTheDayTurns() {
    // given a daily budget of 100 GPU-seconds
    Farm farm = new Farm();
    farm.now = java.time.Instant.parse("2026-12-02T23:50:00Z");
    farm.pool("h100", 80, 1, 1);
    farm.scheduler.quota("a", new Quota(1, 0, 0, 100, 0));
    farm.job("a", "a.x", NORMAL, 20, 30);

    // when it runs 200 s
    farm.runUntil(farm.now.plusSeconds(200));

    // then: warning after 90 s (>= 80), exhausted after 120 s, nothing started after that
    List<Decision.BudgetAlert> alerts = farm.decisions(Decision.BudgetAlert.class);
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0).exhausted()).isFalse();
    assertThat(alerts.get(0).used()).isEqualTo(90);
    assertThat(alerts.get(1).exhausted()).isTrue();
    assertThat(alerts.get(1).periodKey()).isEqualTo("2026-12-02");
    assertThat(farm.order()).hasSize(4);
    assertThat(farm.running).isEmpty();

    // and when the UTC day turns, the studio's shards start again
    farm.runUntil(java.time.Instant.parse("2026-12-03T00:00:01Z"));
    assertThat(farm.running).hasSize(1);
  }

  @Test
  void aStudioPastItsBudgetAddsNoBacklogForTheAutoscalerButOthersStillDo() {
    // given studio a out of budget with 16 shards waiting, and studio b with 2 of 30 s each
    Farm farm = new Farm().pool("h100", 80, 1, 1);
    farm.scheduler.quota("a", new Quota(1, 0, 0, 100, 0));
    farm.job("a", "a.x", NORMAL, 20, 30);
    farm.runUntil(farm.now.plusSeconds(200));
    assertThat(farm.decisions(Decision.BudgetAlert.class)).last().matches(a -> a.exhausted());
    farm.job("b", "b.x", HIGH, 2, 30);

    // then the pool's backlog is b's alone: 60 GPU-seconds, in its class
    double[] perClass = farm.scheduler.backlogSeconds(farm.now).get("h100");
    assertThat(perClass[HIGH.ordinal()]).isEqualTo(60.0);
    assertThat(perClass[NORMAL.ordinal()]).isZero();
    // while the queue still holds a's shards, which are not counted as runnable
    assertThat(farm.scheduler.queuedFitting(80)).isEqualTo(18);
    assertThat(farm.scheduler.runnableFitting(80, farm.now)).isEqualTo(2);
    // and its budget use is there for the 80 % alert: studio a only, it has a budget
    assertThat(farm.scheduler.budgetUse(farm.now))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.studio()).isEqualTo("a");
              assertThat(u.period()).isEqualTo("day");
              assertThat(u.used() / u.budget()).isGreaterThanOrEqualTo(1.0);
            });
  }

  @Test
  void aDeclaredPoolHasABacklogBeforeAnyOfItsWorkersRuns() {
    Farm farm = new Farm();
    farm.scheduler.declarePool(new PoolSpec("a100-80g", 80, 1));
    farm.job("a", "a.x", NORMAL, 3, 10);
    assertThat(farm.scheduler.backlogSeconds(farm.now).get("a100-80g")[NORMAL.ordinal()])
        .isEqualTo(30.0);
    assertThat(farm.scheduler.capacity("a100-80g")).isZero();
  }

  @Test
  void aBillThatCrossesBothLevelsStillWarnsFirst() {
    Farm farm = new Farm().pool("h100", 80, 1, 1);
    farm.scheduler.quota("a", new Quota(1, 0, 0, 10, 0));
    farm.job("a", "a.x", NORMAL, 2, 30);

    farm.runUntil(farm.now.plusSeconds(60));

    assertThat(farm.decisions(Decision.BudgetAlert.class))
        .extracting(Decision.BudgetAlert::exhausted)
        .containsExactly(false, true);
    assertThat(farm.order()).hasSize(1);
  }

  @Test
  void raisingABudgetLetsShardsStartAgain() {
    Farm farm = new Farm().pool("h100", 80, 1, 1);
    farm.scheduler.quota("a", new Quota(1, 0, 0, 0, 50));
    farm.job("a", "a.x", NORMAL, 5, 30);
    farm.runUntil(farm.now.plusSeconds(100));
    assertThat(farm.order()).hasSize(2);
    assertThat(farm.running).isEmpty();

    farm.scheduler.quota("a", new Quota(1, 0, 0, 0, 500));
    farm.decide();

    assertThat(farm.running).hasSize(1);
  }

  @Test
  void cancelDropsQueuedShardsStopsRunningOnesAndDropsShardsThatArriveLater() {
    Farm farm = new Farm().pool("h100", 80, 1, 2);
    List<String> ids = farm.job("a", "a.x", NORMAL, 5, 10);
    farm.decide();

    farm.scheduler.cancel("a.x", "a", "key:alice", farm.now);
    List<Decision> out = farm.decide();

    assertThat(out)
        .filteredOn(Decision.Stop.class::isInstance)
        .map(d -> (Decision.Stop) d)
        .extracting(Decision.Stop::shardId, Decision.Stop::why)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ids.get(0), StopReason.CANCEL),
            org.assertj.core.groups.Tuple.tuple(ids.get(1), StopReason.CANCEL));
    assertThat(out)
        .filteredOn(Decision.JobCancelled.class::isInstance)
        .singleElement()
        .satisfies(
            d -> {
              var c = (Decision.JobCancelled) d;
              assertThat(c.by()).isEqualTo("key:alice");
              assertThat(c.droppedQueued()).isEqualTo(3);
              assertThat(c.stopping()).isEqualTo(2);
            });
    // the workers stop at their next step: the GPUs go to nobody of this job
    farm.advance(Duration.ofSeconds(1));
    farm.release(ids.get(0));
    farm.release(ids.get(1));
    assertThat(farm.decide()).noneMatch(Decision.Dispatch.class::isInstance);
    assertThat(farm.scheduler.status(ids.get(0))).isNull();
    assertThat(farm.scheduler.queued()).isZero();
    // a shard of the job that the encoder queues after the cancel never runs
    farm.scheduler.submit(new Demand("a.x-s9", "a.x", "a", "m", 10, 0), NORMAL, farm.now);
    assertThat(farm.decide()).noneMatch(Decision.Dispatch.class::isInstance);
    // and cancelling twice is one cancellation
    assertThat(farm.scheduler.cancel("a.x", "a", "key:bob", farm.now)).isFalse();
  }

  @Test
  void aShardCancelledBeforeAnyWorkerHadItIsStoppedWhenAWorkerStartsIt() {
    Scheduler s = new Scheduler(Farm.SETTINGS);
    var now = java.time.Instant.parse("2026-12-02T10:00:00Z");
    s.worker("w1", new PoolSpec("h100", 80, 1), false, now);
    s.submit(new Demand("j-s0", "j", "a", "m", 10, 0), NORMAL, now);
    assertThat(s.decide(now)).hasSize(1);

    s.cancel("j", "a", "ops", now);
    List<Decision> first = s.decide(now);
    s.started("j-s0", "j", "w1", "h100", now);
    List<Decision> second = s.decide(now);

    assertThat(first)
        .anySatisfy(
            d ->
                assertThat(d)
                    .isEqualTo(
                        new Decision.Stop(
                            "j-s0", "j", null, StopReason.CANCEL, "job cancelled by ops")));
    assertThat(second).singleElement().isInstanceOf(Decision.Stop.class);
    assertThat(((Decision.Stop) second.get(0)).worker()).isEqualTo("w1");
  }

  @Test
  void pauseStopsRunningShardsAndHoldsQueuedOnesUntilResume() {
    Farm farm = new Farm().pool("h100", 80, 1, 1);
    List<String> ids = farm.job("a", "a.x", NORMAL, 2, 10);
    farm.job("b", "b.y", LOW, 2, 10);
    farm.decide();
    farm.advance(Duration.ofSeconds(4));

    farm.scheduler.pause("a.x", "a", farm.now);
    assertThat(farm.decide())
        .singleElement()
        .isEqualTo(new Decision.Stop(ids.get(0), "a.x", "h100-w0", StopReason.PAUSE, "job paused"));
    farm.release(ids.get(0));
    farm.decide();
    // the GPU goes to the other studio's low-priority work, not to the paused job
    assertThat(farm.running).containsOnlyKeys("b.y-s0");
    assertThat(farm.scheduler.status(ids.get(0))).isEqualTo(ShardStatus.PAUSED);

    farm.scheduler.resume("a.x", "a", farm.now);
    farm.runUntil(farm.now.plusSeconds(60));
    // resumed shards run before the low-priority ones still queued, the stopped one first
    assertThat(farm.order())
        .containsExactly(ids.get(0), "b.y-s0", ids.get(0), ids.get(1), "b.y-s1");
  }

  @Test
  void changingPriorityMovesAQueuedJobAheadKeepingItsOrder() {
    Farm farm = new Farm().pool("h100", 80, 1, 1);
    farm.job("a", "a.x", NORMAL, 3, 10);
    farm.job("b", "b.y", NORMAL, 2, 10);
    farm.decide(); // a.x-s0 runs

    farm.scheduler.reprioritize("b.y", "b", HIGH, farm.now);
    farm.runUntil(farm.now.plusSeconds(100));

    assertThat(farm.order()).startsWith("a.x-s0", "b.y-s0", "b.y-s1", "a.x-s1");
  }

  @Test
  void anUrgentShardPreemptsTheLowestPriorityRunningShardWhichResumesLater() {
    Farm farm = new Farm().pool("h100", 80, 1, 2);
    farm.job("a", "a.low", LOW, 1, 50);
    farm.job("b", "b.normal", NORMAL, 1, 50);
    farm.decide();
    farm.advance(Duration.ofSeconds(5));

    farm.job("c", "c.urgent", URGENT, 1, 10);
    List<Decision> out = farm.decide();

    assertThat(out)
        .singleElement()
        .satisfies(
            d -> {
              var stop = (Decision.Stop) d;
              assertThat(stop.shardId()).isEqualTo("a.low-s0");
              assertThat(stop.why()).isEqualTo(StopReason.PREEMPT);
              assertThat(stop.reason()).contains("c.urgent-s0");
            });
    // asking again before the worker has stopped does not preempt a second shard
    assertThat(farm.decide()).isEmpty();
    farm.advance(Duration.ofMillis(300)); // one denoising step
    farm.release("a.low-s0");
    assertThat(farm.decide())
        .singleElement()
        .satisfies(d -> assertThat(((Decision.Dispatch) d).shardId()).isEqualTo("c.urgent-s0"));
    farm.runUntil(farm.now.plusSeconds(200));
    // the preempted shard ran again, after the urgent one, and was billed each time it ran
    assertThat(farm.order()).containsExactly("b.normal-s0", "a.low-s0", "c.urgent-s0", "a.low-s0");
    assertThat(farm.gpuSeconds.get("a")).isCloseTo(50, within(0.01));
  }

  @Test
  void aShardIsPreemptedNoMoreThanTheConfiguredNumberOfTimes() {
    Farm farm = new Farm().pool("h100", 80, 1, 1);
    farm.job("a", "a.low", LOW, 1, 1000);
    for (int i = 0; i < 4; i++) {
      farm.decide();
      farm.advance(Duration.ofSeconds(1));
      farm.job("u", "u.x" + i, URGENT, 1, 5);
      boolean preempted = farm.decide().stream().anyMatch(Decision.Stop.class::isInstance);
      assertThat(preempted).as("preemption %d", i + 1).isEqualTo(i < 2);
      if (preempted) {
        farm.release("a.low-s0");
      }
      farm.runUntil(farm.now.plusSeconds(i < 2 ? 5 : 0));
    }
  }

  @Test
  void preemptionIsForConfiguredClassesOnly() {
    Farm farm = new Farm().pool("h100", 80, 1, 1);
    farm.job("a", "a.low", LOW, 1, 100);
    farm.decide();
    farm.job("b", "b.high", HIGH, 1, 10);
    assertThat(farm.decide()).isEmpty();

    Farm off = new Farm(Farm.SETTINGS.withPreempting(java.util.Set.of())).pool("h100", 80, 1, 1);
    off.job("a", "a.low", LOW, 1, 100);
    off.decide();
    off.job("c", "c.urgent", URGENT, 1, 10);
    assertThat(off.decide()).isEmpty();
  }

  @Test
  void aShardGoesOnlyToAPoolWithEnoughMemoryAndPrefersTheFasterPool() {
    Farm farm = new Farm().pool("a100-40g", 40, 1, 1).pool("h100-80g", 80, 2, 1);
    farm.job("a", "a.small", NORMAL, 1, 10, 24);
    farm.decide();
    assertThat(farm.running.get("a.small-s0").pool()).isEqualTo("h100-80g");

    farm.job("a", "a.big", HIGH, 1, 10, 80);
    farm.job("a", "a.small2", NORMAL, 1, 10, 24);
    farm.decide();
    // the big shard cannot use the free 40 GB GPU; the next small one can
    assertThat(farm.running.get("a.small2-s0").pool()).isEqualTo("a100-40g");
    assertThat(farm.running).doesNotContainKey("a.big-s0");
    farm.runUntil(farm.now.plusSeconds(6));
    assertThat(farm.running.get("a.big-s0").pool()).isEqualTo("h100-80g");
    assertThat(farm.scheduler.backlogSeconds(farm.now)).containsOnlyKeys("a100-40g", "h100-80g");
  }

  @Test
  void aWorkerNotHeardFromLeavesThePool() {
    Scheduler s = new Scheduler(Farm.SETTINGS);
    var now = java.time.Instant.parse("2026-12-02T10:00:00Z");
    PoolSpec h100 = new PoolSpec("h100", 80, 1);
    s.heard(now);
    s.worker("w1", h100, false, now);
    s.worker("w2", h100, true, now);
    assertThat(s.capacity("h100")).isEqualTo(1); // draining takes no new work

    // w3 keeps reporting for two hours; w1 and w2 are never heard again
    var later = now.plus(Duration.ofHours(2));
    heartbeats(s, "w3", h100, now, later);
    s.decide(later);

    assertThat(s.takeLost()).containsExactlyInAnyOrder("w1", "w2");
    assertThat(s.capacity("h100")).isEqualTo(1);
  }

  @Test
  void theShardOfALostWorkerIsQueuedAgainAsTheNextAttemptUntilItHasSpentItsAttempts() {
    PolicySettings settings =
        new PolicySettings(
            java.util.Set.of(URGENT), 2, 0.8, 1.0, Duration.ofSeconds(10), Quota.UNLIMITED, 2);
    Scheduler s = new Scheduler(settings);
    var t = java.time.Instant.parse("2026-12-02T10:00:00Z");
    PoolSpec h100 = new PoolSpec("h100", 80, 1);
    s.heard(t);
    s.worker("w1", h100, false, t);
    s.worker("w2", h100, false, t);
    s.submit(new Demand("j-s0", "j", "a", "m", 100, 0), NORMAL, t);
    var first = (Decision.Dispatch) s.decide(t).get(0);
    assertThat(first.attempt()).isEqualTo(1);
    s.started("j-s0", "j", "w1", "h100", t);

    // w1 goes silent; w2 keeps reporting
    var later = t.plusSeconds(15);
    heartbeats(s, "w2", h100, t, later);
    List<Decision> out = s.decide(later);
    assertThat(s.takeLost()).containsExactly("w1");
    assertThat(out)
        .singleElement()
        .satisfies(d -> assertThat(((Decision.Dispatch) d).attempt()).isEqualTo(2));
    s.started("j-s0", "j", "w2", "h100", later);

    // w2 fails it retryably: that was the last attempt, the job fails
    s.errored("j-s0", 3, "storage down", later);
    assertThat(s.decide(later))
        .singleElement()
        .satisfies(
            d -> {
              var f = (Decision.ShardFailed) d;
              assertThat(f.attempts()).isEqualTo(2);
              assertThat(f.reason()).contains("limit 2").contains("storage down");
            });
    assertThat(s.status("j-s0")).isNull();
    assertThat(s.busy("h100")).isZero();
  }

  @Test
  void aLostWorkersLateReportsNoLongerMoveTheShardItsSuccessorHolds() {
    var t = T0;
    PoolSpec h100 = H100;
    Scheduler s = heardWith("zombie", "w2");
    s.submit(new Demand("j-s0", "j", "a", "m", 100, 0), NORMAL, t);
    s.decide(t);
    s.started("j-s0", "j", "zombie", "h100", t);
    assertThat(s.heldBy("j-s0", "zombie")).isTrue();

    // the zombie is paused past the timeout: counted lost, its shard released to w2
    var later = t.plusSeconds(60);
    heartbeats(s, "w2", h100, t, later);
    s.decide(later);
    assertThat(s.takeLost()).containsExactly("zombie");
    s.started("j-s0", "j", "w2", "h100", later);

    // then: the zombie's late outcome reports are not the holder's; w2's are
    assertThat(s.heldBy("j-s0", "zombie")).isFalse();
    assertThat(s.heldBy("j-s0", "w2")).isTrue();
    assertThat(s.status("j-s0")).isEqualTo(ShardStatus.RUNNING);
  }

  @Test
  void aFinishingShardFreesItsGpuForTheNextShardAndIsBilledOnceWhenFinished() {
    var t = T0;
    PoolSpec h100 = H100;
    Scheduler s = heardWith("w1");
    s.submit(new Demand("j-s0", "j", "a", "m", 100, 0), NORMAL, t);
    s.submit(new Demand("j-s1", "j", "a", "m", 100, 0), NORMAL, t);
    assertThat(s.decide(t)).singleElement().isInstanceOf(Decision.Dispatch.class);
    s.started("j-s0", "j", "w1", "h100", t);
    assertThat(s.decide(t)).as("one GPU, busy").isEmpty();

    // when: w1's GPU is nearly done with j-s0 (a report from another worker moves nothing)
    s.finishing("j-s0", "w2", 30, t.plusSeconds(1));
    assertThat(s.decide(t.plusSeconds(1))).isEmpty();
    s.finishing("j-s0", "w1", 30, t.plusSeconds(1));

    // then: the next shard is released for the same GPU while j-s0 is stored
    assertThat(s.decide(t.plusSeconds(1)))
        .singleElement()
        .satisfies(d -> assertThat(((Decision.Dispatch) d).shardId()).isEqualTo("j-s1"));
    assertThat(s.status("j-s0")).isEqualTo(ShardStatus.FINISHING);
    assertThat(s.busy("h100")).isEqualTo(1);
    s.started("j-s1", "j", "w1", "h100", t.plusSeconds(2));

    assertThat(s.used("a", t.plusSeconds(1))[0]).as("billed so far, at finishing").isEqualTo(30);

    // and: its finished report bills the rest once and frees nothing a second time
    s.finished("j-s0", 40, t.plusSeconds(3));
    assertThat(s.used("a", t.plusSeconds(3))[0]).isEqualTo(40);
    assertThat(s.status("j-s0")).isNull();
    assertThat(s.busy("h100")).isEqualTo(1);
    assertThat(s.status("j-s1")).isEqualTo(ShardStatus.RUNNING);
    s.finished("j-s1", 40, t.plusSeconds(4));
    assertThat(s.busy("h100")).isZero();
  }

  @Test
  void aFinishingShardIsNeitherPreemptedNorCancelledButIsQueuedAgainIfItsWorkerIsLost() {
    var t = T0;
    PoolSpec h100 = H100;
    Scheduler s = heardWith("w1", "w2");
    s.submit(new Demand("j-s0", "j", "a", "m", 100, 0), LOW, t);
    s.submit(new Demand("k-s0", "k", "a", "m", 100, 0), LOW, t);
    s.decide(t);
    s.started("j-s0", "j", "w1", "h100", t);
    s.started("k-s0", "k", "w2", "h100", t);
    s.finishing("j-s0", "w1", 30, t);

    // an urgent shard takes the GPU j-s0 freed; a second one preempts k-s0, never j-s0
    s.submit(new Demand("u-s0", "u", "b", "m", 100, 0), URGENT, t);
    s.submit(new Demand("u-s1", "u", "b", "m", 100, 0), URGENT, t);
    List<Decision> out = s.decide(t);
    assertThat(out).filteredOn(d -> d instanceof Decision.Dispatch).hasSize(1);
    assertThat(out)
        .filteredOn(d -> d instanceof Decision.Stop)
        .singleElement()
        .satisfies(d -> assertThat(((Decision.Stop) d).shardId()).isEqualTo("k-s0"));

    // w1 dies before storing j-s0: the shard is queued again, and w1's GPU is not freed twice
    heartbeats(s, "w2", h100, t, t.plusSeconds(15));
    s.decide(t.plusSeconds(15));
    assertThat(s.takeLost()).containsExactly("w1");
    assertThat(s.status("j-s0")).isEqualTo(ShardStatus.PENDING);
    assertThat(s.busy("h100")).as("k-s0 stopping, u-s0 dispatched").isEqualTo(2);
  }

  @Test
  void aFinishingShardStillCountsAgainstItsStudiosGpuCapAndItsBillAgainstTheBudget() {
    var t = T0;
    PoolSpec h100 = H100;
    Scheduler s = heardWith("w1", "w2");
    s.quota("capped", new Quota(1, 1, 0, 0, 0));
    s.quota("thrifty", new Quota(1, 0, 0, 10, 0));
    s.submit(new Demand("c-s0", "c", "capped", "m", 100, 0), NORMAL, t);
    s.submit(new Demand("c-s1", "c", "capped", "m", 100, 0), NORMAL, t);
    s.submit(new Demand("t-s0", "t", "thrifty", "m", 100, 0), NORMAL, t);
    s.submit(new Demand("t-s1", "t", "thrifty", "m", 100, 0), NORMAL, t);
    s.decide(t);
    assertThat(s.status("c-s0")).isEqualTo(ShardStatus.DISPATCHED);
    assertThat(s.status("t-s0")).isEqualTo(ShardStatus.DISPATCHED);
    s.started("c-s0", "c", "w1", "h100", t);
    s.started("t-s0", "t", "w2", "h100", t);

    // when: both GPUs are nearly done; thrifty's shard has cost 12 GPU-s of its 10 a day
    s.finishing("c-s0", "w1", 5, t.plusSeconds(1));
    s.finishing("t-s0", "w2", 12, t.plusSeconds(1));
    List<Decision> out = s.decide(t.plusSeconds(1));

    // then: the free GPUs go to neither: capped still holds its one GPU, thrifty is past budget
    assertThat(out).noneMatch(d -> d instanceof Decision.Dispatch);
    assertThat(s.status("c-s1")).isEqualTo(ShardStatus.PENDING);
    assertThat(s.status("t-s1")).isEqualTo(ShardStatus.PENDING);

    // and: once capped's shard is stored, its next one goes
    s.finished("c-s0", 6, t.plusSeconds(2));
    assertThat(s.decide(t.plusSeconds(2)))
        .filteredOn(d -> d instanceof Decision.Dispatch)
        .singleElement()
        .satisfies(d -> assertThat(((Decision.Dispatch) d).shardId()).isEqualTo("c-s1"));
  }

  @Test
  void aShardLostWhileInHandBehindTheGpusShardIsQueuedAgainWithoutSpendingAnAttempt() {
    var t = T0;
    Scheduler s = heardWith("w1", "w2");
    s.submit(new Demand("j-s0", "j", "a", "m", 100, 0), NORMAL, t);
    s.submit(new Demand("j-s1", "j", "a", "m", 100, 0), NORMAL, t);
    s.submit(new Demand("j-s2", "j", "a", "m", 100, 0), NORMAL, t);
    s.decide(t);
    s.started("j-s0", "j", "w1", "h100", t);
    s.started("j-s1", "j", "w2", "h100", t);
    s.finishing("j-s0", "w1", 10, t);
    s.decide(t);
    // w1 took j-s2 while j-s0 was on its GPU: in hand, not started
    s.started("j-s2", "j", "w1", "h100", true, t);

    // when: w1 dies
    heartbeats(s, "w2", H100, t, t.plusSeconds(15));
    List<Decision> out = s.decide(t.plusSeconds(15));
    assertThat(s.takeLost()).containsExactly("w1");

    // then: both wait for a GPU again (w2's is busy with j-s1)
    assertThat(out).noneMatch(d -> d instanceof Decision.Dispatch);
    assertThat(s.status("j-s0")).isEqualTo(ShardStatus.PENDING);
    assertThat(s.status("j-s2")).isEqualTo(ShardStatus.PENDING);

    // and when w2 takes them one after the other: j-s0 (it ran) spent an attempt, j-s2 (it never
    // ran) did not
    java.util.Map<String, Integer> attempts = new java.util.HashMap<>();
    s.finished("j-s1", 10, t.plusSeconds(16));
    for (int i = 0; i < 2; i++) {
      var at = t.plusSeconds(17 + i);
      s.heard(at);
      s.worker("w2", H100, false, at);
      Decision.Dispatch d =
          (Decision.Dispatch)
              s.decide(at).stream()
                  .filter(x -> x instanceof Decision.Dispatch)
                  .findFirst()
                  .orElseThrow();
      attempts.put(d.shardId(), d.attempt());
      s.started(d.shardId(), "j", "w2", "h100", at);
      s.finished(d.shardId(), 10, at);
    }
    assertThat(attempts)
        .containsOnly(java.util.Map.entry("j-s0", 2), java.util.Map.entry("j-s2", 1));
  }

  @Test
  void aWorkersLossIsChargedToTheShardOnItsGpuNotToOneBeingStoredBesideIt() {
    var t = T0;
    Scheduler s = heardWith("w1", "w2");
    s.submit(new Demand("j-s0", "j", "a", "m", 100, 0), NORMAL, t);
    s.submit(new Demand("j-s1", "j", "a", "m", 100, 0), NORMAL, t);
    s.decide(t);
    s.started("j-s0", "j", "w1", "h100", t);
    s.finishing("j-s0", "w1", 10, t);
    s.decide(t);
    // j-s1 went to w1's freed GPU and runs there while j-s0 is stored
    s.started("j-s1", "j", "w1", "h100", t);

    heartbeats(s, "w2", H100, t, t.plusSeconds(15));
    List<Decision> out = s.decide(t.plusSeconds(15));
    assertThat(s.takeLost()).containsExactly("w1");

    java.util.Map<String, Integer> attempts = new java.util.HashMap<>();
    out.stream()
        .filter(d -> d instanceof Decision.Dispatch)
        .map(d -> (Decision.Dispatch) d)
        .forEach(d -> attempts.put(d.shardId(), d.attempt()));
    assertThat(attempts).as("w2 is free: one goes at once").hasSize(1);
    String first = attempts.keySet().iterator().next();
    s.started(first, "j", "w2", "h100", t.plusSeconds(15));
    s.finished(first, 10, t.plusSeconds(16));
    s.heard(t.plusSeconds(16));
    s.worker("w2", H100, false, t.plusSeconds(16));
    s.decide(t.plusSeconds(16)).stream()
        .filter(d -> d instanceof Decision.Dispatch)
        .map(d -> (Decision.Dispatch) d)
        .forEach(d -> attempts.put(d.shardId(), d.attempt()));
    assertThat(attempts)
        .containsOnly(java.util.Map.entry("j-s0", 1), java.util.Map.entry("j-s1", 2));
  }

  @Test
  void cancellingAJobStopsItsFinishingShardTooWhichEndsCancelledIfStillSamplingOrBilledIfDone() {
    for (boolean stillSampling : new boolean[] {true, false}) {
      var t = T0;
      Scheduler s = heardWith("w1");
      s.submit(new Demand("j-s0", "j", "a", "m", 100, 0), NORMAL, t);
      s.submit(new Demand("j-s1", "j", "a", "m", 100, 0), NORMAL, t);
      s.decide(t);
      s.started("j-s0", "j", "w1", "h100", t);
      // reported up to the prefetch lead before its GPU work is done
      s.finishing("j-s0", "w1", 30, t);
      s.decide(t);
      s.started("j-s1", "j", "w1", "h100", t);

      s.cancel("j", "a", "td", t);

      assertThat(s.decide(t))
          .as("both are asked to stop, the finishing one on its worker")
          .filteredOn(d -> d instanceof Decision.Stop)
          .extracting(d -> ((Decision.Stop) d).shardId() + "@" + ((Decision.Stop) d).worker())
          .containsExactlyInAnyOrder("j-s0@w1", "j-s1@w1");
      if (stillSampling) {
        // it stopped at its next step: cancelled, billed what it used
        s.released("j-s0", 35, t.plusSeconds(2));
      } else {
        // it was already decoding: stored and billed, as finished
        s.finished("j-s0", 40, t.plusSeconds(2));
      }
      assertThat(s.status("j-s0")).isNull();
      assertThat(s.used("a", t.plusSeconds(2))[0]).isEqualTo(stillSampling ? 35 : 40, within(1e-9));
    }
  }

  @Test
  void pausingAJobStopsItsFinishingShardWhichWaitsForResumeFromItsCheckpoint() {
    var t = T0;
    Scheduler s = heardWith("w1");
    s.submit(new Demand("j-s0", "j", "a", "m", 100, 0), NORMAL, t);
    s.decide(t);
    s.started("j-s0", "j", "w1", "h100", t);
    s.finishing("j-s0", "w1", 3, t);

    s.pause("j", "a", t);

    assertThat(s.decide(t))
        .filteredOn(d -> d instanceof Decision.Stop)
        .singleElement()
        .satisfies(d -> assertThat(((Decision.Stop) d).why()).isEqualTo(StopReason.PAUSE));
    s.released("j-s0", 4, t.plusSeconds(1));
    assertThat(s.status("j-s0")).isEqualTo(ShardStatus.PAUSED);
    s.resume("j", "a", t.plusSeconds(2));
    assertThat(s.decide(t.plusSeconds(2)))
        .filteredOn(d -> d instanceof Decision.Dispatch)
        .singleElement()
        .satisfies(d -> assertThat(((Decision.Dispatch) d).shardId()).isEqualTo("j-s0"));
  }

  private static final java.time.Instant T0 = java.time.Instant.parse("2026-12-02T10:00:00Z");
  private static final PoolSpec H100 = new PoolSpec("h100", 80, 1);

  /** A scheduler (three attempts, urgent preempts) that has heard these h100 workers at T0. */
  private static Scheduler heardWith(String... workers) {
    Scheduler s =
        new Scheduler(
            new PolicySettings(
                java.util.Set.of(URGENT), 2, 0.8, 1.0, Duration.ofSeconds(10), Quota.UNLIMITED, 3));
    s.heard(T0);
    for (String w : workers) {
      s.worker(w, H100, false, T0);
    }
    return s;
  }

  /** A worker's heartbeats every 2 s from after {@code from} to {@code to}, each heard. */
  private static void heartbeats(
      Scheduler s, String worker, PoolSpec pool, java.time.Instant from, java.time.Instant to) {
    for (var at = from.plusSeconds(2); !at.isAfter(to); at = at.plusSeconds(2)) {
      s.heard(at);
      s.worker(worker, pool, false, at);
    }
    s.heard(to);
    s.worker(worker, pool, false, to);
  }

  @Test
  void anInboxSilentForATimeoutIsAnOutageNotEveryWorkerLostAndWorkersGetATimeoutToBeHeardAgain() {
    var t = T0;
    PoolSpec h100 = H100;
    Scheduler s = heardWith("w1", "w2");
    s.submit(new Demand("j-s0", "j", "a", "m", 100, 0), NORMAL, t);
    s.decide(t);
    s.started("j-s0", "j", "w1", "h100", t);
    for (var at = t.plusSeconds(2); !at.isAfter(t.plusSeconds(20)); at = at.plusSeconds(2)) {
      s.heard(at);
      s.worker("w1", h100, false, at);
      s.worker("w2", h100, false, at);
    }
    s.decide(t.plusSeconds(20)); // the start-up grace is over: the farm is heard
    assertThat(s.takeLost()).isEmpty();

    // given: the broker is down for 30 s: the scheduler hears nobody
    var down = t.plusSeconds(20);
    assertThat(s.decide(down.plusSeconds(30))).isEmpty();
    assertThat(s.takeLost()).as("an unreadable inbox is not every worker lost").isEmpty();

    // when: it is back; w1's heartbeats flow again, w2 was lost for real during the outage
    var back = down.plusSeconds(31);
    s.heard(back);
    s.worker("w1", h100, false, back);
    s.decide(back);
    assertThat(s.takeLost()).as("a timeout's grace after the inbox comes back").isEmpty();
    heartbeats(s, "w1", h100, back, back.plusSeconds(11));
    s.decide(back.plusSeconds(11));

    // then: only the silent one is lost, and the running shard stays where it is
    assertThat(s.takeLost()).containsExactly("w2");
    assertThat(s.status("j-s0")).isEqualTo(ShardStatus.RUNNING);
    assertThat(s.heldBy("j-s0", "w1")).isTrue();
  }
}
