package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Workers that die outright (kill -9: no checkpoint on the way out, no report, heartbeats simply
 * stop), as a node failure or a native crash kills them, in a pool of three worker processes. Each
 * killed worker is replaced by a new process, as a Deployment replaces a pod. The lease is short (3
 * s) and the shards small, so ten losses fit in a couple of minutes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerCrashesIT {

  /** Deliveries a shard may have before the scheduler dead-letters it and fails its job. */
  static final int MAX_ATTEMPTS = 5;

  /**
   * Kills the first test aims at one shard. One attempt fewer than it could survive: a kill is
   * charged to the shard on the worker's GPU, and at a hand-off (the chosen shard being stored, the
   * next one just started on the GPU, its start still on its way to the test) that is a shard the
   * test did not choose and may not yet see.
   */
  static final int KILLS_PER_SHARD = MAX_ATTEMPTS - 2;

  private static final String REQUEST =
      """
      {"studio":"e2e","clientJobId":"%s","shots":[{"prompt":"a ferry leaves the harbour at dawn"},
       {"prompt":"gulls circle the ferry's wake"}],"variants":2,
       "width":320,"height":192,"frames":33,"steps":40,"seed":9090}""";

  static FaultStack f;
  static final Map<String, Process> workers = new ConcurrentHashMap<>();
  static int started;

  @BeforeAll
  static void start() throws Exception {
    f =
        FaultStack.start(
            "crashes",
            Map.of(
                "previs.scheduler.worker-timeout", "3s",
                "previs.worker.lease", "3s",
                "previs.worker.heartbeat-interval", "500ms",
                "previs.scheduler.max-attempts", Integer.toString(MAX_ATTEMPTS),
                "previs.worker.max-attempts", Integer.toString(MAX_ATTEMPTS),
                "previs.worker.checkpoint-every-steps", "2",
                "previs.worker.progress-interval", "0ms"));
    for (int i = 0; i < 3; i++) {
      startWorker();
    }
    for (var w : workers.entrySet()) {
      f.awaitStarted(w.getKey(), w.getValue());
    }
  }

  /** A new worker process (a replacement pod: a new name). */
  static String startWorker() throws Exception {
    String id = "w" + (++started);
    workers.put(id, f.startWorkerProcess(id, false));
    return id;
  }

  /** kill -9 the worker, and start its replacement at once. */
  static void kill(String id) throws Exception {
    Process p = workers.remove(id);
    FaultStack.signal(p, "KILL");
    p.waitFor(10, TimeUnit.SECONDS);
    startWorker();
  }

  @AfterAll
  static void stop() throws Exception {
    workers.values().forEach(Process::destroyForcibly);
    if (f != null) {
      f.close();
    }
  }

  /** The latest step a shard reported, and how many starts it had. */
  record ShardView(int step, int starts, boolean rendered) {}

  static ShardView view(String jobId, String shardId) {
    int step = 0;
    int starts = 0;
    boolean rendered = false;
    for (JobEvent e : f.events(jobId)) {
      if (e.shard() == null || !shardId.equals(e.shard().shardId())) {
        continue;
      }
      if (e.type() == JobEventType.PROGRESS) {
        step = e.progress().step();
      } else if (e.type() == JobEventType.STAGE_STARTED) {
        starts++;
      } else if (e.type() == JobEventType.STAGE_COMPLETED) {
        rendered = true;
      }
    }
    return new ShardView(step, starts, rendered);
  }

  @Test
  @Order(1)
  void tenWorkerKillsAtRandomStepsStillGiveOneBitIdenticalClipPerVariant() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String jobId = f.submit("killed-" + UUID.randomUUID(), REQUEST);
    List<String> shards = new ArrayList<>();
    for (int shot = 0; shot < 2; shot++) {
      for (int v = 0; v < 2; v++) {
        shards.add(JobIds.shardId(jobId, shot, v));
      }
    }
    long t0 = System.nanoTime();

    // when: ten times, a worker holding a shard is killed at a random step of it
    Map<String, Integer> killsOf = new HashMap<>();
    List<String> log = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (log.size() < 10) {
      // A job that stops moving (a shard never handed out again) must fail here, naming the
      // shards' states, not spin until the build's own limit.
      assertThat(System.nanoTime() < deadline)
          .as("ten kills within 240 s; after %s the shards are %s", log, states(jobId, shards))
          .isTrue();
      // a shard being rendered that may still lose a worker (it needs one attempt to finish)
      List<String> candidates =
          shards.stream()
              .filter(s -> !view(jobId, s).rendered())
              .filter(s -> view(jobId, s).starts() > killsOf.getOrDefault(s, 0))
              .filter(s -> workers.containsKey(f.holderOf(jobId, s)))
              .filter(s -> heldWith(jobId, shards, s).stream().allMatch(under(killsOf)))
              .toList();
      assertThat(Jobs.finished(f.rec, jobId))
          .as("the job finished after only %d kills: %s", log.size(), log)
          .isFalse();
      if (candidates.isEmpty()) {
        Thread.sleep(50);
        continue;
      }
      String shard = candidates.get(random.nextInt(candidates.size()));
      int from = view(jobId, shard).step();
      // Short of the last steps: a kill as the shard hands its GPU to the next one is charged to
      // that next one (see KILLS_PER_SHARD).
      int target = Math.min(37, from + 1 + random.nextInt(8));
      f.awaitUntil(
          Duration.ofSeconds(120),
          () -> view(jobId, shard).step() >= target || view(jobId, shard).rendered());
      ShardView now = view(jobId, shard);
      String holder = f.holderOf(jobId, shard);
      List<String> held = heldWith(jobId, shards, shard);
      if (now.rendered()
          || !workers.containsKey(holder)
          || !held.stream().allMatch(under(killsOf))) {
        continue;
      }
      kill(holder);
      // Counted against every unfinished shard the worker had started, not only the chosen one:
      // the scheduler charges the one on the GPU, which the test cannot tell apart at a hand-off.
      held.forEach(s -> killsOf.merge(s, 1, Integer::sum));
      log.add(shard.substring(shard.lastIndexOf('-') + 1) + "@" + now.step() + "/" + holder);
    }

    // then: the job completes once, one MP4 per variant
    f.awaitFinished(jobId, Duration.ofSeconds(300));
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<JobEvent> events = f.events(jobId);
    assertThat(events.stream().filter(e -> e.type() == JobEventType.FAILED))
        .as("after the kills %s", log)
        .extracting(JobEvent::reason)
        .isEmpty();
    assertThat(events.stream().filter(e -> e.type() == JobEventType.COMPLETED)).hasSize(1);
    var ready =
        f.rec.where(Topics.VIDEOS_READY.name(), r -> jobId.equals(r.key())).stream()
            .map(r -> PrevisJson.mapper().readValue(r.value(), VideoReady.class))
            .toList();
    assertThat(ready).extracting(VideoReady::variant).containsExactlyInAnyOrder(0, 1);
    for (VideoReady v : ready) {
      assertThat(Probe.read(f.download(v.videoKey(), v.variant() + ".mp4")).frames()).isEqualTo(66);
    }

    // and every shard's frames are bit-identical to an uninterrupted render of the same request
    String whole = f.submit("whole-" + UUID.randomUUID(), REQUEST);
    f.awaitFinished(whole, Duration.ofSeconds(300));
    int resumed = 0;
    for (int shot = 0; shot < 2; shot++) {
      for (int v = 0; v < 2; v++) {
        ShardRendered killed = marker(jobId, JobIds.shardId(jobId, shot, v));
        ShardRendered clean = marker(whole, JobIds.shardId(whole, shot, v));
        assertThat(clean.resumedFromStep()).isNull();
        if (killed.resumedFromStep() != null) {
          resumed++;
        }
        assertThat(f.framesHash(killed.framesKey(), 33))
            .as("shot %d variant %d (attempt %d)", shot, v, killed.attempt())
            .isEqualTo(f.framesHash(clean.framesKey(), 33));
      }
    }
    assertThat(resumed).as("shards resumed from a checkpoint").isPositive();
    System.out.printf(
        "FIGURE kill-9: 10 kills (seed %d) %s; job of 4 shards completed once in %.1f s, 2"
            + " MP4s, %d shards resumed from checkpoints, all 4 bit-identical to an"
            + " uninterrupted render%n",
        seed, log, seconds, resumed);
  }

  /**
   * The shard and every other unfinished shard of the job whose last start was on the same worker:
   * what a kill of that worker may be charged to.
   */
  private static List<String> heldWith(String jobId, List<String> shards, String shard) {
    String holder = f.holderOf(jobId, shard);
    return shards.stream()
        .filter(s -> s.equals(shard) || (holder != null && holder.equals(f.holderOf(jobId, s))))
        .filter(s -> !view(jobId, s).rendered())
        .toList();
  }

  private static Predicate<String> under(Map<String, Integer> killsOf) {
    return s -> killsOf.getOrDefault(s, 0) < KILLS_PER_SHARD;
  }

  private static Map<String, String> states(String jobId, List<String> shards) {
    Map<String, String> states = new HashMap<>();
    for (String s : shards) {
      states.put(
          s.substring(s.lastIndexOf('-') + 1),
          view(jobId, s) + " holder=" + f.holderOf(jobId, s) + " releases=" + f.releases(s));
    }
    return states;
  }

  private static ShardRendered marker(String jobId, String shardId) throws Exception {
    return PrevisJson.mapper()
        .readValue(f.get(ObjectKeys.renderedMarker("e2e", jobId, shardId)), ShardRendered.class);
  }

  @Test
  @Order(2)
  void aShardThatCrashesEveryWorkerIsDeadLetteredItsJobFailsAndTheQueueDrains() throws Exception {
    // given: a poison shard — whichever worker starts it dies (here: is killed as it starts, as a
    // native crash on that input would) — and a sound job behind it
    String poison =
        f.submit(
            "poison-" + UUID.randomUUID(),
            REQUEST
                .replace(",\n {\"prompt\":\"gulls circle the ferry's wake\"}", "")
                .replace("\"variants\":2", "\"variants\":1"));
    String poisonShard = JobIds.shardId(poison, 0, 0);
    String sound = f.submit("sound-" + UUID.randomUUID(), REQUEST);
    long t0 = System.nanoTime();
    List<String> crashed = new ArrayList<>();
    Thread crasher =
        Thread.ofPlatform()
            .start(
                () -> {
                  int seen = 0;
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      int starts = view(poison, poisonShard).starts();
                      if (starts > seen) {
                        String holder = f.holderOf(poison, poisonShard);
                        if (workers.containsKey(holder)) {
                          kill(holder);
                          crashed.add(holder);
                          seen = starts;
                        }
                      }
                      Thread.sleep(20);
                    } catch (InterruptedException e) {
                      return;
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }
                });
    try {
      // then: after the configured deliveries the poison shard is dead-lettered, its job fails
      // naming why
      f.awaitFinished(poison, Duration.ofSeconds(180));
      double deadAfter = (System.nanoTime() - t0) / 1e9;
      JobEvent failed = Jobs.first(f.rec, poison, JobEventType.FAILED).orElseThrow();
      assertThat(failed.reason())
          .contains(poisonShard)
          .contains("gave up after " + MAX_ATTEMPTS + " attempts (limit " + MAX_ATTEMPTS + ")")
          .contains("lost");
      assertThat(crashed).hasSize(MAX_ATTEMPTS);
      var dead =
          f.rec.where(
              Topics.shardsQueued("default").deadLetter(), r -> poisonShard.equals(r.key()));
      assertThat(dead).singleElement();
      assertThat(dead.get(0).headers().get("previs_dlt_reason")).contains("gave up after");
      assertThat(f.rendered(poison)).isEmpty();

      // and the queue kept draining: the sound job completes
      f.awaitFinished(sound, Duration.ofSeconds(300));
      assertThat(Jobs.first(f.rec, sound, JobEventType.COMPLETED)).isPresent();
      System.out.printf(
          "FIGURE poison: a shard that crashed %d workers (%s) was dead-lettered and its job failed"
              + " after %.1f s; the job behind it completed in %.1f s%n",
          crashed.size(), crashed, deadAfter, (System.nanoTime() - t0) / 1e9);
    } finally {
      crasher.interrupt();
      crasher.join(5_000);
    }
  }
}
