package io.previs.scheduler.policy;

import static io.previs.contracts.job.Priority.LOW;
import static io.previs.contracts.job.Priority.NORMAL;
import static io.previs.contracts.job.Priority.URGENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerStateTest {

  private final Instant t0 = Instant.parse("2026-12-02T10:00:00Z");
  private final PoolSpec h100 = new PoolSpec("h100", 80, 1);

  /** The adapter's store: the latest record per key. */
  private final Map<String, Object> store = new HashMap<>();

  private void flush(Scheduler s) {
    for (String key : s.takeDirty()) {
      Object r = SchedulerState.record(s, key);
      if (r == null) {
        store.remove(key);
      } else {
        store.put(key, r);
      }
    }
  }

  private <T> List<T> records(Class<T> type) {
    return store.values().stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aSchedulerRebuiltFromItsRecordsDecidesWhatTheOriginalWould() {
    // given a scheduler mid-backlog: running, queued, paused, cancelled, budget partly used
    Scheduler s = new Scheduler(Farm.SETTINGS);
    Map<String, Quota> quotas = Map.of("b", new Quota(1, 0, 0, 1000, 0));
    quotas.forEach(s::quota);
    s.worker("w1", h100, false, t0);
    s.worker("w2", h100, false, t0);
    for (int i = 0; i < 5; i++) {
      s.submit(new Demand("a.j-s" + i, "a.j", "a", "m", 10, 0), NORMAL, t0);
      s.submit(new Demand("b.j-s" + i, "b.j", "b", "m", 10, 0), LOW, t0);
    }
    s.submit(new Demand("c.p-s0", "c.p", "c", "m", 10, 0), NORMAL, t0);
    s.submit(new Demand("c.x-s0", "c.x", "c", "m", 10, 0), NORMAL, t0);
    s.pause("c.p", "c", t0);
    s.cancel("c.x", "c", "ops", t0);
    for (Decision d : s.decide(t0)) {
      if (d instanceof Decision.Dispatch x) {
        s.started(
            x.shardId(), x.jobId(), x.shardId().startsWith("a.j-s0") ? "w1" : "w2", "h100", t0);
      }
    }
    Instant t1 = t0.plusSeconds(10);
    s.finished("a.j-s0", 10, t1);
    s.worker("w1", h100, false, t1);
    s.worker("w2", h100, false, t1);
    s.decide(t1).forEach(d -> {});
    flush(s);

    // when a second instance is rebuilt from the records alone
    Scheduler restored =
        SchedulerState.restore(
            Farm.SETTINGS,
            SchedulerState.clock(s),
            records(SchedulerState.StudioRecord.class),
            records(SchedulerState.JobRecord.class),
            records(SchedulerState.ShardRecord.class),
            quotas);
    restored.worker("w1", h100, false, t1);
    restored.worker("w2", h100, false, t1);

    // then both decide the same from here on, input for input
    assertThat(restored.queued()).isEqualTo(s.queued());
    assertThat(restored.busy("h100")).isEqualTo(s.busy("h100"));
    Instant t2 = t1.plusSeconds(5);
    for (Scheduler x : List.of(s, restored)) {
      x.finished("a.j-s1", 15, t2);
      x.submit(new Demand("u.j-s0", "u.j", "u", "m", 10, 0), URGENT, t2);
      x.resume("c.p", "c", t2);
    }
    List<Decision> original = s.decide(t2);
    List<Decision> rebuilt = restored.decide(t2);
    assertThat(rebuilt).isEqualTo(original).isNotEmpty();
    assertThat(restored.used("b", t2)).isEqualTo(s.used("b", t2));
    assertThat(restored.cancelled("c.x")).isTrue();
    assertThat(restored.etas(t2)).isEqualTo(s.etas(t2));
  }

  @Test
  void etasFollowTheOrderTheSchedulerWillServe() {
    Scheduler s = new Scheduler(Farm.SETTINGS);
    s.worker("w1", h100, false, t0);
    s.worker("w2", h100, false, t0);
    submit(s, "a", "a.j1", NORMAL, 4);
    submit(s, "a", "a.j2", NORMAL, 2);
    submit(s, "b", "b.j3", NORMAL, 2);

    Map<String, Eta> eta = byJob(s.etas(t0));
    // b's job is served beside a's first job; a's second waits for a's first and b's share
    assertThat(eta.get("a.j1").estimatedStart()).isEqualTo(t0);
    assertThat(eta.get("b.j3").estimatedStart()).isEqualTo(t0);
    assertThat(eta.get("a.j2").estimatedStart()).isEqualTo(t0.plusSeconds(30));
    assertThat(eta.get("a.j2").position()).isEqualTo(3);
    assertThat(eta.get("b.j3").estimatedFinish()).isEqualTo(t0.plusSeconds(20));
    assertThat(eta.get("a.j1").estimatedFinish()).isEqualTo(t0.plusSeconds(30));

    // an urgent job goes ahead of all of them
    submit(s, "c", "c.u", URGENT, 1);
    eta = byJob(s.etas(t0));
    assertThat(eta.get("c.u").position()).isEqualTo(1);
    assertThat(eta.get("a.j2").estimatedStart()).isEqualTo(t0.plusSeconds(35));
  }

  @Test
  void noEtaWithoutAGpu() {
    Scheduler s = new Scheduler(Farm.SETTINGS);
    submit(s, "a", "a.j1", NORMAL, 1);
    assertThat(s.etas(t0))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.estimatedStart()).isNull();
              assertThat(e.blockedBy()).isEqualTo("no GPU in the pools yet");
            });
    assertThat(s.decide(t0.plus(Duration.ofSeconds(1)))).isEmpty();
  }

  private static void submit(Scheduler s, String studio, String job, Priority p, int n) {
    for (int i = 0; i < n; i++) {
      s.submit(
          new Demand(job + "-s" + i, job, studio, "m", 10, 0),
          p,
          Instant.parse("2026-12-02T10:00:00Z"));
    }
  }

  private static Map<String, Eta> byJob(List<Eta> etas) {
    Map<String, Eta> out = new HashMap<>();
    etas.forEach(e -> out.put(e.jobId(), e));
    return out;
  }
}
