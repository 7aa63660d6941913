package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A GPU worker leaves mid-shard, once killed outright and once stopped as Kubernetes stops a pod
 * (SIGTERM). Either way another worker resumes the shard from a checkpoint and the job completes
 * exactly once; a stopped worker checkpoints the very step it was on, exits 0 without a crash, and
 * the resumed frames are bit-identical to an uninterrupted render.
 */
class WorkerLossIT {

  private static final String REQUEST =
      """
      {"studio":"e2e","clientJobId":"%s","prompt":"a rider gallops along a cliff at sunset",
       "width":640,"height":352,"frames":49,"steps":40,"seed":4242}""";

  @Test
  void aShardWhoseWorkerIsKilledIsRedeliveredResumedAndCompletedOnce() throws Exception {
    Path tmp = Files.createDirectories(Path.of("target", "crash-" + UUID.randomUUID()));
    Map<String, String> workerSettings = Map.of("previs.worker.checkpoint-every-steps", "2");
    try (Stack s = new Stack(tmp, workerSettings)) {
      // given: worker A, a separate JVM, is the only worker in the pool
      Process workerA = s.startWorkerProcess("worker-A");
      try {
        String jobId = s.submit("crash-" + UUID.randomUUID());
        String shardId = JobIds.shardId(jobId, 0, 0);

        // when: A is well into the shard and has checkpointed, it is killed outright
        s.awaitProgress(
            workerA, jobId, () -> s.maxStep(jobId) >= 9 && s.hasCheckpoint(jobId, shardId));
        workerA.destroyForcibly().waitFor();
        int stepAtKill = s.maxStep(jobId);
        assertThat(Jobs.finished(s.rec, jobId)).isFalse();

        // and another worker joins the pool
        s.platform.startWorker("worker-B");

        // then: the job completes, rendered once, by B, resumed from A's checkpoint
        ShardRendered r = s.awaitRenderedOnce(jobId);
        assertThat(r.worker()).isEqualTo("worker-B");
        assertThat(r.attempt()).isEqualTo(2);
        // (A checkpoints every 2 steps; the progress events of its last step or two may not have
        // left the process it was killed in, while that step's checkpoint, written synchronously,
        // did)
        assertThat(r.resumedFromStep())
            .isNotNull()
            .isGreaterThanOrEqualTo(8)
            .isLessThanOrEqualTo(stepAtKill + 2);
        s.assertOneClip(jobId);
        assertThat(s.hasCheckpoint(jobId, shardId)).as("checkpoints cleaned up").isFalse();

        // and it is billed once for each step: A's steps up to its checkpoint and B's from there,
        // not the steps A ran past its checkpoint before it died — exactly what an uninterrupted
        // render of the same shard is billed
        ShardRendered whole = s.awaitRenderedOnce(s.submit("crash-again-" + UUID.randomUUID()));
        assertThat(whole.resumedFromStep()).isNull();
        assertThat(r.usage().steps()).isEqualTo(40).isEqualTo(whole.usage().steps());
        assertThat(r.usage().modelRuns()).isEqualTo(whole.usage().modelRuns());
        assertThat(r.usage().deviceSeconds()).isPositive();
        assertThat(r.usage().pool()).isEqualTo("default");
      } finally {
        workerA.destroyForcibly();
      }
    }
  }

  @Test
  void aWorkerStoppedMidShardCheckpointsItsStepExitsZeroAndTheResumeIsBitIdentical()
      throws Exception {
    Path tmp = Files.createDirectories(Path.of("target", "stop-" + UUID.randomUUID()));
    // No periodic checkpoints: the only one is the checkpoint the stop writes. Every step reported.
    Map<String, String> workerSettings =
        Map.of(
            "previs.worker.checkpoint-interval", "1h",
            "previs.worker.progress-interval", "0ms");
    try (Stack s = new Stack(tmp, workerSettings)) {
      Process workerA = s.startWorkerProcess("worker-A");
      try {
        // given: A is rendering a shard
        String jobId = s.submit("stop-" + UUID.randomUUID());
        String shardId = JobIds.shardId(jobId, 0, 0);
        s.awaitProgress(workerA, jobId, () -> s.maxStep(jobId) >= 10);

        // when: A gets SIGTERM, as a pod being stopped does
        long t0 = System.nanoTime();
        workerA.destroy();

        // then: it exits 0 well within its grace period, without a native crash
        assertThat(workerA.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(workerA.exitValue()).as(s.workerLog()).isZero();
        assertThat(stopMillis).isLessThan(30_000);
        try (Stream<Path> files = Files.list(tmp)) {
          assertThat(files.map(p -> p.getFileName().toString()))
              .noneMatch(n -> n.startsWith("hs_err"));
        }
        assertThat(s.workerLog()).doesNotContain("SIGSEGV");

        // and its checkpoint is at the step it was on when it stopped
        int stepAtStop = s.maxStep(jobId);
        assertThat(s.workerLog()).contains("Stopped at step " + stepAtStop + "; checkpoint stored");
        assertThat(s.hasCheckpoint(jobId, shardId)).isTrue();
        assertThat(Jobs.finished(s.rec, jobId)).isFalse();

        // when: another worker joins
        s.platform.startWorker("worker-B");

        // then: B resumes exactly there and the job completes once
        ShardRendered resumed = s.awaitRenderedOnce(jobId);
        assertThat(resumed.worker()).isEqualTo("worker-B");
        assertThat(resumed.resumedFromStep()).isEqualTo(stepAtStop);
        s.assertOneClip(jobId);

        // and its frames are the very frames an uninterrupted render of the same shard makes
        String again = s.submit("stop-again-" + UUID.randomUUID());
        ShardRendered whole = s.awaitRenderedOnce(again);
        assertThat(whole.resumedFromStep()).isNull();
        assertThat(s.framesHash(resumed.framesKey())).isEqualTo(s.framesHash(whole.framesKey()));
      } finally {
        workerA.destroyForcibly();
      }
    }
  }

  /** The fault stack with this class's request and worker A's helpers. */
  private static final class Stack implements AutoCloseable {
    final FaultStack f;
    final Path tmp;
    final TopicRecorder rec;
    final io.previs.launcher.platform.LocalPlatform platform;

    Stack(Path tmp, Map<String, String> workerSettings) {
      f = new FaultStack(tmp, workerSettings);
      this.tmp = tmp;
      rec = f.rec;
      platform = f.platform;
    }

    String submit(String clientJobId) throws Exception {
      return f.submit(clientJobId, REQUEST);
    }

    int maxStep(String jobId) {
      return f.maxStep(jobId);
    }

    /** Whether any attempt of the shard has a checkpoint stored. */
    boolean hasCheckpoint(String jobId, String shardId) throws Exception {
      return !f.list(ObjectKeys.checkpoints("e2e", jobId, shardId)).isEmpty();
    }

    void awaitProgress(Process worker, String jobId, java.util.concurrent.Callable<Boolean> until)
        throws Exception {
      try {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50)).until(until);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // SIGQUIT: the JVM prints its threads to its own stdout (worker-A.out).
        FaultStack.signal(worker, "QUIT");
        throw new AssertionError(
            "worker A made no progress; events "
                + Jobs.events(rec, jobId)
                + "; thread dump in "
                + tmp.resolve("worker-A.out"),
            e);
      }
    }

    ShardRendered awaitRenderedOnce(String jobId) {
      List<ShardRendered> rendered = f.awaitFinished(jobId, Duration.ofSeconds(240));
      assertThat(Jobs.first(rec, jobId, JobEventType.COMPLETED))
          .as("events: %s", Jobs.events(rec, jobId))
          .isPresent();
      assertThat(rendered).hasSize(1);
      return rendered.get(0);
    }

    void assertOneClip(String jobId) throws Exception {
      var ready = rec.where(Topics.VIDEOS_READY.name(), v -> jobId.equals(v.key()));
      assertThat(ready).hasSize(1);
      VideoReady v = PrevisJson.mapper().readValue(ready.get(0).value(), VideoReady.class);
      Probe.Video video = Probe.read(f.download(v.videoKey(), jobId + ".mp4"));
      assertThat(video.frames()).isEqualTo(49);
      assertThat(video.width()).isEqualTo(640);
      assertThat(video.height()).isEqualTo(352);
    }

    String framesHash(String framesKey) throws Exception {
      return f.framesHash(framesKey, 49);
    }

    String workerLog() throws Exception {
      return f.workerLog("worker-A");
    }

    Process startWorkerProcess(String id) throws Exception {
      return f.startWorkerProcess(id, true);
    }

    @Override
    public void close() throws Exception {
      f.close();
    }
  }
}
