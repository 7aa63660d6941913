package io.previs.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.DownloadObjectArgs;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.launcher.platform.LocalPlatform;
import io.previs.launcher.platform.PlatformOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A GPU worker dies mid-shard: its process is killed (no shutdown, no acknowledgement), its lock on
 * the shard expires, another worker gets the shard, resumes from the dead worker's last checkpoint,
 * and the job completes exactly once.
 */
class WorkerCrashIT {

  @Test
  void aShardWhoseWorkerIsKilledIsRedeliveredResumedAndCompletedOnce() throws Exception {
    Path tmp = Files.createDirectories(Path.of("target", "crash-" + UUID.randomUUID()));
    Map<String, String> workerSettings = Map.of("previs.worker.checkpoint-every-steps", "2");
    PlatformOptions options =
        PlatformOptions.defaults(tmp.resolve("data"))
            .withWorkers(0)
            .withPorts(0, 0, 0)
            .withRecordLock(Duration.ofSeconds(4))
            .withExtra(workerSettings);
    try (LocalPlatform platform = LocalPlatform.start(options);
        TopicRecorder rec =
            new TopicRecorder(
                platform.bootstrapServers(),
                Topics.JOBS_EVENTS.name(),
                Topics.SHARDS_RENDERED.name(),
                Topics.VIDEOS_READY.name());
        KafkaProducer<String, String> studio =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", platform.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {

      // given: worker A, a separate JVM, is the only worker in the pool
      Process workerA = startWorkerProcess(platform, "worker-A", tmp, workerSettings);
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> log(tmp).contains("Started WorkerApplication"));

        String clientJobId = "crash-" + UUID.randomUUID();
        String jobId = JobIds.jobId("e2e", clientJobId);
        String shardId = JobIds.shardId(jobId, 0, 0);
        studio
            .send(
                new ProducerRecord<>(
                    Topics.JOBS_SUBMIT.name(),
                    clientJobId,
                    """
            {"studio":"e2e","clientJobId":"%s","prompt":"a rider gallops along a cliff at sunset",
             "width":832,"height":480,"frames":81,"steps":40}"""
                        .formatted(clientJobId)))
            .get();

        // when: A is well into the shard and has checkpointed, it is killed outright
        try {
          await()
              .atMost(Duration.ofSeconds(180))
              .pollInterval(Duration.ofMillis(50))
              .until(
                  () ->
                      progress(rec, jobId).stream().anyMatch(p -> p.progress().step() >= 9)
                          && exists(platform, ObjectKeys.checkpoint("e2e", jobId, shardId)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          dumpThreads(workerA, tmp);
          throw new AssertionError(
              "worker A made no progress; events "
                  + Jobs.events(rec, jobId)
                  + "; thread dump in "
                  + tmp.resolve("worker-A.out"),
              e);
        }
        workerA.destroyForcibly().waitFor();
        int stepAtKill =
            progress(rec, jobId).stream().mapToInt(p -> p.progress().step()).max().orElse(0);
        assertThat(Jobs.finished(rec, jobId)).isFalse();

        // and another worker joins the pool
        platform.startWorker("worker-B");

        // then: the job completes, rendered once, by B, resumed from A's checkpoint
        await().atMost(Duration.ofSeconds(240)).until(() -> Jobs.finished(rec, jobId));
        assertThat(Jobs.first(rec, jobId, JobEventType.COMPLETED))
            .as("events: %s", Jobs.events(rec, jobId))
            .isPresent();
        List<ShardRendered> rendered =
            rec.where(Topics.SHARDS_RENDERED.name(), r -> jobId.equals(r.key())).stream()
                .map(r -> PrevisJson.mapper().readValue(r.value(), ShardRendered.class))
                .toList();
        assertThat(rendered).hasSize(1);
        ShardRendered r = rendered.get(0);
        assertThat(r.worker()).isEqualTo("worker-B");
        assertThat(r.attempt()).isEqualTo(2);
        assertThat(r.resumedFromStep())
            .isNotNull()
            .isGreaterThanOrEqualTo(8)
            .isLessThanOrEqualTo(stepAtKill);
        assertThat(rec.where(Topics.VIDEOS_READY.name(), v -> jobId.equals(v.key()))).hasSize(1);
        VideoReady ready =
            PrevisJson.mapper()
                .readValue(
                    rec.where(Topics.VIDEOS_READY.name(), v -> jobId.equals(v.key()))
                        .get(0)
                        .value(),
                    VideoReady.class);
        Path mp4 = tmp.resolve("crash.mp4");
        platform
            .minio()
            .downloadObject(
                DownloadObjectArgs.builder()
                    .bucket(LocalPlatform.BUCKET)
                    .object(ready.videoKey())
                    .filename(mp4.toString())
                    .build());
        Probe.Video video = Probe.read(mp4);
        assertThat(video.frames()).isEqualTo(81);
        assertThat(video.width()).isEqualTo(832);
        assertThat(video.height()).isEqualTo(480);
        assertThat(exists(platform, ObjectKeys.checkpoint("e2e", jobId, shardId)))
            .as("checkpoint cleaned up")
            .isFalse();
      } finally {
        workerA.destroyForcibly();
      }
    }
  }

  private static void dumpThreads(Process p, Path tmp) throws Exception {
    // SIGQUIT: the JVM prints its threads to its own stdout (worker-A.out).
    new ProcessBuilder("kill", "-3", Long.toString(p.pid()))
        .start()
        .waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    Thread.sleep(2000);
  }

  private static List<JobEvent> progress(TopicRecorder rec, String jobId) {
    return Jobs.events(rec, jobId).stream().filter(e -> e.type() == JobEventType.PROGRESS).toList();
  }

  private static boolean exists(LocalPlatform p, String key) {
    try {
      p.minio()
          .statObject(
              io.minio.StatObjectArgs.builder().bucket(LocalPlatform.BUCKET).object(key).build());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static String log(Path tmp) throws Exception {
    Path f = tmp.resolve("worker-A.log");
    return Files.exists(f) ? Files.readString(f) : "";
  }

  /** Worker A as its own JVM, configured only through properties, as a pod would be. */
  private static Process startWorkerProcess(
      LocalPlatform platform, String id, Path tmp, Map<String, String> extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx2g",
                "-DPREVIS_LOG_FILE=" + tmp.resolve("worker-A.log").toAbsolutePath(),
                "-Dlogback.configurationFile=previs-logback.xml",
                // An argument file: ONNX Runtime crashes processes whose command line passes ~4 KB.
                "@"
                    + Files.writeString(
                        tmp.resolve("worker-A.args"),
                        "-cp \"" + System.getProperty("java.class.path") + "\"\n"),
                "io.previs.worker.WorkerApplication"));
    Map<String, String> props = new java.util.LinkedHashMap<>(platform.serviceProperties());
    props.put("previs.worker.id", id);
    props.put("previs.worker.model-cache", tmp.resolve("cache-A").toString());
    props.put("previs.worker.work-dir", tmp.resolve("work-A").toString());
    props.put("spring.main.web-application-type", "none");
    props.put("logging.config", "classpath:previs-logback.xml");
    props.putAll(extra);
    props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("worker-A.out").toFile())
        .start();
  }
}
