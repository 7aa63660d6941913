package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The broker goes down mid-job and comes back on the same port: producers hold their records,
 * consumers and the scheduler's Kafka Streams reconnect, and the scheduler does not count every
 * worker lost because it heard nobody while its inbox was unreachable. Every accepted job
 * completes, none twice.
 */
class BrokerRestartIT {

  private static final String REQUEST =
      """
      {"studio":"e2e","clientJobId":"%s","prompt":"a tram crosses the bridge in the rain",
       "width":320,"height":192,"frames":33,"steps":40,"variants":2,"seed":31}""";

  static final Duration DOWN = Duration.ofSeconds(15);

  @Test
  void everyAcceptedJobCompletesOnceThroughABrokerRestartMidJob() throws Exception {
    try (FaultStack f =
        FaultStack.start(
            "broker",
            Map.of(
                "previs.worker.checkpoint-every-steps", "4",
                "previs.worker.progress-interval", "250ms"))) {
      f.platform.startWorker("worker-1");
      f.platform.startWorker("worker-2");
      List<String> jobs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        jobs.add(f.submit("broker-" + i + "-" + UUID.randomUUID(), REQUEST));
      }
      f.awaitUntil(
          Duration.ofSeconds(180),
          () ->
              jobs.stream().allMatch(j -> Jobs.first(f.rec, j, JobEventType.ACCEPTED).isPresent())
                  && f.maxStep(jobs.get(0)) >= 10);

      // when: the broker goes down mid-job, and comes back on its port
      f.platform.stopBroker();
      Thread.sleep(DOWN.toMillis());
      f.platform.startBroker();
      long up = System.nanoTime();

      // then: every accepted job completes, once, with one clip per variant
      int reReleased = 0;
      for (String jobId : jobs) {
        f.awaitFinished(jobId, Duration.ofSeconds(300));
        List<JobEvent> events = f.events(jobId);
        assertThat(events.stream().filter(e -> e.type() == JobEventType.ACCEPTED)).hasSize(1);
        assertThat(events.stream().filter(e -> e.type() == JobEventType.COMPLETED))
            .as("events of %s: %s", jobId, events)
            .hasSize(1);
        assertThat(events).noneMatch(e -> e.type() == JobEventType.FAILED);
        List<Integer> variants =
            f.rec.where(Topics.VIDEOS_READY.name(), r -> jobId.equals(r.key())).stream()
                .map(r -> PrevisJson.mapper().readValue(r.value(), VideoReady.class).variant())
                .toList();
        assertThat(variants).containsExactlyInAnyOrder(0, 1);
        reReleased +=
            (int)
                f.rendered(jobId).stream()
                    .filter(r -> r.attempt() > 1)
                    .map(ShardRendered::shardId)
                    .distinct()
                    .count();
      }
      System.out.printf(
          "FIGURE broker: down %d s mid-job, back on its port; 3 accepted jobs (6 shards) completed"
              + " once each, %d s after it returned; %d shard(s) needed a second attempt%n",
          DOWN.toSeconds(), (System.nanoTime() - up) / 1_000_000_000, reReleased);
    }
  }
}
