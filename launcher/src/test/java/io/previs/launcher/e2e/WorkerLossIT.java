package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.DownloadObjectArgs;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.ShardInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
       "width":832,"height":480,"frames":81,"steps":40,"seed":4242}""";

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
            workerA,
            jobId,
            () -> s.maxStep(jobId) >= 9 && s.exists(ObjectKeys.checkpoint("e2e", jobId, shardId)));
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
        assertThat(s.exists(ObjectKeys.checkpoint("e2e", jobId, shardId)))
            .as("checkpoint cleaned up")
            .isFalse();

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
        assertThat(s.exists(ObjectKeys.checkpoint("e2e", jobId, shardId))).isTrue();
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

  /** The embedded stack without in-JVM workers, and helpers to drive and watch it. */
  private static final class Stack implements AutoCloseable {
    final Path tmp;
    final Map<String, String> workerSettings;
    final LocalPlatform platform;
    final TopicRecorder rec;
    final KafkaProducer<String, String> studio;

    Stack(Path tmp, Map<String, String> workerSettings) {
      this.tmp = tmp;
      this.workerSettings = workerSettings;
      platform =
          LocalPlatform.start(
              PlatformOptions.defaults(tmp.resolve("data"))
                  .withWorkers(0)
                  .withPorts(0, 0, 0)
                  .withRecordLock(Duration.ofSeconds(4))
                  .withExtra(workerSettings));
      rec =
          new TopicRecorder(
              platform.bootstrapServers(),
              Topics.JOBS_EVENTS.name(),
              Topics.SHARDS_RENDERED.name(),
              Topics.VIDEOS_READY.name());
      studio =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", platform.bootstrapServers()),
              new StringSerializer(),
              new StringSerializer());
    }

    String submit(String clientJobId) throws Exception {
      studio
          .send(
              new ProducerRecord<>(
                  Topics.JOBS_SUBMIT.name(), clientJobId, REQUEST.formatted(clientJobId)))
          .get();
      return JobIds.jobId("e2e", clientJobId);
    }

    int maxStep(String jobId) {
      return Jobs.events(rec, jobId).stream()
          .filter(e -> e.type() == JobEventType.PROGRESS)
          .mapToInt(e -> e.progress().step())
          .max()
          .orElse(0);
    }

    void awaitProgress(Process worker, String jobId, java.util.concurrent.Callable<Boolean> until)
        throws Exception {
      try {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50)).until(until);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // SIGQUIT: the JVM prints its threads to its own stdout (worker-A.out).
        new ProcessBuilder("kill", "-3", Long.toString(worker.pid()))
            .start()
            .waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            "worker A made no progress; events "
                + Jobs.events(rec, jobId)
                + "; thread dump in "
                + tmp.resolve("worker-A.out"),
            e);
      }
    }

    ShardRendered awaitRenderedOnce(String jobId) {
      await().atMost(Duration.ofSeconds(240)).until(() -> Jobs.finished(rec, jobId));
      assertThat(Jobs.first(rec, jobId, JobEventType.COMPLETED))
          .as("events: %s", Jobs.events(rec, jobId))
          .isPresent();
      List<ShardRendered> rendered =
          rec.where(Topics.SHARDS_RENDERED.name(), r -> jobId.equals(r.key())).stream()
              .map(r -> PrevisJson.mapper().readValue(r.value(), ShardRendered.class))
              .toList();
      assertThat(rendered).hasSize(1);
      return rendered.get(0);
    }

    void assertOneClip(String jobId) throws Exception {
      var ready = rec.where(Topics.VIDEOS_READY.name(), v -> jobId.equals(v.key()));
      assertThat(ready).hasSize(1);
      VideoReady v = PrevisJson.mapper().readValue(ready.get(0).value(), VideoReady.class);
      Probe.Video video = Probe.read(download(v.videoKey(), jobId + ".mp4"));
      assertThat(video.frames()).isEqualTo(81);
      assertThat(video.width()).isEqualTo(832);
      assertThat(video.height()).isEqualTo(480);
    }

    /** SHA-256 over every decoded pixel of a shard's frames.mkv. */
    String framesHash(String framesKey) throws Exception {
      Path mkv = download(framesKey, UUID.randomUUID() + ".mkv");
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      int frames = 0;
      try (FrameSource source = ShardInput.file(mkv).open()) {
        for (BgrFrame f; (f = source.next()) != null; frames++) {
          md.update(f.data());
        }
      }
      assertThat(frames).isEqualTo(81);
      return HexFormat.of().formatHex(md.digest());
    }

    Path download(String key, String name) throws Exception {
      Path f = tmp.resolve(name);
      platform
          .minio()
          .downloadObject(
              DownloadObjectArgs.builder()
                  .bucket(LocalPlatform.BUCKET)
                  .object(key)
                  .filename(f.toString())
                  .build());
      return f;
    }

    boolean exists(String key) {
      try {
        platform
            .minio()
            .statObject(
                io.minio.StatObjectArgs.builder().bucket(LocalPlatform.BUCKET).object(key).build());
        return true;
      } catch (Exception e) {
        return false;
      }
    }

    String workerLog() throws Exception {
      Path f = tmp.resolve("worker-A.log");
      return Files.exists(f) ? Files.readString(f) : "";
    }

    /**
     * Worker A as its own JVM, configured only through properties, as a pod would be; its working
     * directory is {@code tmp}, where a native crash would leave its hs_err file.
     */
    Process startWorkerProcess(String id) throws Exception {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-Xmx2g",
                  "-XX:ErrorFile=" + tmp.toAbsolutePath().resolve("hs_err_pid%p.log"),
                  "-DPREVIS_LOG_FILE=" + tmp.resolve("worker-A.log").toAbsolutePath(),
                  "-Dlogback.configurationFile=previs-logback.xml",
                  // An argument file: ONNX Runtime crashes processes whose command line passes ~4
                  // KB.
                  "@"
                      + Files.writeString(
                              tmp.resolve("worker-A.args"),
                              "-cp \"" + System.getProperty("java.class.path") + "\"\n")
                          .toAbsolutePath(),
                  "io.previs.worker.WorkerApplication"));
      Map<String, String> props = new java.util.LinkedHashMap<>(platform.serviceProperties());
      props.put("previs.worker.id", id);
      props.put("previs.worker.model-cache", tmp.resolve("cache-A").toAbsolutePath().toString());
      props.put("previs.worker.work-dir", tmp.resolve("work-A").toAbsolutePath().toString());
      props.put("spring.main.web-application-type", "none");
      props.put("logging.config", "classpath:previs-logback.xml");
      props.putAll(workerSettings);
      props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
      Process p =
          new ProcessBuilder(cmd)
              .directory(tmp.toFile())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("worker-A.out").toFile())
              .start();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> workerLog().contains("Started WorkerApplication") || !p.isAlive());
      assertThat(p.isAlive()).as("worker A started; see %s", tmp.resolve("worker-A.out")).isTrue();
      return p;
    }

    @Override
    public void close() throws Exception {
      studio.close();
      rec.close();
      platform.close();
    }
  }
}
