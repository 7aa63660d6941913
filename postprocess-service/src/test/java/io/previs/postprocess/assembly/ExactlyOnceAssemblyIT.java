package io.previs.postprocess.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.DownloadObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.localstack.LocalKafka;
import io.previs.localstack.LocalS3;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Ffv1Writer;
import io.previs.media.frames.Fps;
import io.previs.postprocess.PostprocessApplication;
import io.previs.servicekit.kafka.JsonOrBytesSerializer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The post-processing service on a real broker and a real S3 server: a two-shot, two-variant job
 * whose rendered events arrive out of order and duplicated is assembled exactly once per variant,
 * shots in order, with its metadata, a poster and a contact sheet per shot.
 */
class ExactlyOnceAssemblyIT {

  static final String STUDIO = "acme";
  static final String ATTEMPT = ObjectKeys.attempt(1, "worker-1");
  static final int FRAMES_SHOT0 = 9;
  static final int FRAMES_SHOT1 = 5;

  @TempDir Path tmp;

  @Test
  void duplicatedAndReorderedShardEventsAssembleEachVariantOnceInShotOrder() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(0, 15_000);
        LocalS3 s3 = LocalS3.start(tmp.resolve("s3"), 0, "ak", "sk-secret")) {
      MinioClient minio =
          MinioClient.builder().endpoint(s3.endpoint()).credentials("ak", "sk-secret").build();
      ConfigurableApplicationContext app =
          PostprocessApplication.builder()
              .run(
                  "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                  "--previs.storage.endpoint=" + s3.endpoint(),
                  "--previs.storage.access-key=ak",
                  "--previs.storage.secret-key=sk-secret",
                  "--server.port=0",
                  "--previs.postprocess.work-dir=" + tmp.resolve("work"));
      try (app;
          KafkaProducer<String, Object> producer =
              new KafkaProducer<>(
                  Map.of("bootstrap.servers", kafka.bootstrapServers()),
                  new StringSerializer(),
                  new JsonOrBytesSerializer())) {
        String jobId = JobIds.jobId(STUDIO, "sh010");
        // given: four rendered shards (2 shots × 2 variants): shot 0 red, shot 1 blue
        for (int shot = 0; shot < 2; shot++) {
          for (int v = 0; v < 2; v++) {
            Path f = shardFile(shot, v);
            minio.uploadObject(
                UploadObjectArgs.builder()
                    .bucket("previs")
                    .object(
                        ObjectKeys.frames(STUDIO, jobId, JobIds.shardId(jobId, shot, v), ATTEMPT))
                    .filename(f.toString())
                    .build());
          }
        }
        List<VideoReady> ready = new CopyOnWriteArrayList<>();
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        Thread reader = follow(kafka, ready, events);

        // when: rendered events out of order, several twice; each marker lands just before its
        // event
        int[][] order = {{1, 0}, {0, 1}, {1, 0}, {0, 0}, {1, 1}, {0, 1}, {0, 0}, {1, 1}};
        for (int[] sv : order) {
          ShardRendered r = rendered(jobId, sv[0], sv[1]);
          byte[] json = PrevisJson.mapper().writeValueAsBytes(r);
          minio.putObject(
              PutObjectArgs.builder()
                  .bucket("previs")
                  .object(ObjectKeys.renderedMarker(STUDIO, jobId, r.shardId()))
                  .stream(new ByteArrayInputStream(json), (long) json.length, -1L)
                  .build());
          producer.send(new ProducerRecord<>(Topics.SHARDS_RENDERED.name(), jobId, r)).get();
        }

        // then: one video per variant, no more, even after the duplicates have been consumed
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    ready.size() >= 2
                        && events.stream()
                            .anyMatch(e -> e.artifacts() != null && e.artifacts().size() == 2));
        Thread.sleep(3000);
        assertThat(ready).extracting(VideoReady::variant).containsExactlyInAnyOrder(0, 1);
        for (VideoReady v : ready) {
          assertThat(v.frames()).isEqualTo(FRAMES_SHOT0 + FRAMES_SHOT1);
          assertThat(v.videoUrl()).contains("X-Amz-Signature");
          Path mp4 = download(minio, v.videoKey(), "v" + v.variant() + ".mp4");
          int[] first = meanRgb(mp4, 0);
          int[] last = meanRgb(mp4, FRAMES_SHOT0 + FRAMES_SHOT1 - 1);
          assertThat(first[0]).as("shot 0 (red) first").isGreaterThan(150);
          assertThat(first[2]).isLessThan(80);
          assertThat(last[2]).as("shot 1 (blue) last").isGreaterThan(150);
          assertThat(last[0]).isLessThan(80);
          JsonNode probe = ffprobe(mp4);
          JsonNode tags = probe.path("format").path("tags");
          assertThat(tags.path("job_id").asString()).isEqualTo(jobId);
          assertThat(tags.path("seed").asString()).isEqualTo(Long.toString(100 + v.variant()));
          assertThat(tags.path("model").asString()).isEqualTo("previs-oracle");
          assertThat(probe.path("streams").get(0).path("pix_fmt").asString()).isEqualTo("yuv420p");
          assertThat(probe.path("streams").get(0).path("nb_read_frames").asString())
              .isEqualTo("14");
          assertThat(exists(minio, v.posterKey())).isTrue();
        }
        assertThat(exists(minio, ObjectKeys.contactSheet(STUDIO, jobId, 0))).isTrue();
        assertThat(exists(minio, ObjectKeys.contactSheet(STUDIO, jobId, 1))).isTrue();
        assertThat(events.stream().filter(e -> e.type() == JobEventType.STAGE_STARTED)).hasSize(2);
        reader.interrupt();
      }
    }
  }

  private Path shardFile(int shot, int variant) throws Exception {
    Path f = tmp.resolve("shard-" + shot + "-" + variant + ".mkv");
    int frames = shot == 0 ? FRAMES_SHOT0 : FRAMES_SHOT1;
    try (Ffv1Writer w = new Ffv1Writer(f, 64, 48, Fps.of(16))) {
      for (int i = 0; i < frames; i++) {
        BgrFrame frame = new BgrFrame(64, 48);
        for (int y = 0; y < 48; y++) {
          for (int x = 0; x < 64; x++) {
            frame.setRgb(x, y, shot == 0 ? 220 : 20, 30 + variant * 40 + i, shot == 0 ? 20 : 220);
          }
        }
        w.accept(frame);
      }
    }
    return f;
  }

  private static ShardRendered rendered(String jobId, int shot, int variant) {
    String shardId = JobIds.shardId(jobId, shot, variant);
    return new ShardRendered(
        1,
        shardId,
        jobId,
        STUDIO,
        shot,
        2,
        variant,
        2,
        100 + variant,
        "previs-oracle",
        "a red then blue test",
        ObjectKeys.frames(STUDIO, jobId, shardId, ATTEMPT),
        shot == 0 ? FRAMES_SHOT0 : FRAMES_SHOT1,
        64,
        48,
        16,
        10,
        1,
        null,
        "test",
        "cpu",
        new io.previs.contracts.job.GpuUsage(0.5, 17, 8, "previs-oracle", "default"));
  }

  private static Thread follow(LocalKafka kafka, List<VideoReady> ready, List<JobEvent> events) {
    return Thread.ofPlatform()
        .daemon(true)
        .start(
            () -> {
              try (KafkaConsumer<String, byte[]> c =
                  new KafkaConsumer<>(
                      Map.of(
                          "bootstrap.servers",
                          kafka.bootstrapServers(),
                          "group.id",
                          "test-reader",
                          "auto.offset.reset",
                          "earliest"),
                      new StringDeserializer(),
                      new ByteArrayDeserializer())) {
                c.subscribe(List.of(Topics.VIDEOS_READY.name(), Topics.JOBS_EVENTS.name()));
                while (!Thread.currentThread().isInterrupted()) {
                  c.poll(Duration.ofMillis(200))
                      .forEach(
                          r -> {
                            if (r.topic().equals(Topics.VIDEOS_READY.name())) {
                              ready.add(PrevisJson.mapper().readValue(r.value(), VideoReady.class));
                            } else {
                              events.add(PrevisJson.mapper().readValue(r.value(), JobEvent.class));
                            }
                          });
                }
              } catch (org.apache.kafka.common.errors.InterruptException e) {
                // done
              }
            });
  }

  private Path download(MinioClient minio, String key, String name) throws Exception {
    Path f = tmp.resolve(name);
    minio.downloadObject(
        DownloadObjectArgs.builder().bucket("previs").object(key).filename(f.toString()).build());
    return f;
  }

  private static boolean exists(MinioClient minio, String key) {
    try {
      minio.statObject(StatObjectArgs.builder().bucket("previs").object(key).build());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static int[] meanRgb(Path mp4, int index) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile())) {
      g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      g.start();
      Frame f = null;
      for (int i = 0; i <= index; i++) {
        f = g.grabImage();
      }
      var b = (java.nio.ByteBuffer) f.image[0];
      long[] sum = new long[3];
      for (int y = 0; y < f.imageHeight; y++) {
        for (int x = 0; x < f.imageWidth; x++) {
          for (int c = 0; c < 3; c++) {
            sum[c] += b.get(y * f.imageStride + x * 3 + c) & 0xFF;
          }
        }
      }
      int n = f.imageWidth * f.imageHeight;
      return new int[] {(int) (sum[0] / n), (int) (sum[1] / n), (int) (sum[2] / n)};
    }
  }

  private static JsonNode ffprobe(Path file) throws Exception {
    Process p =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-show_entries",
                "stream=pix_fmt,nb_read_frames:format_tags",
                "-of",
                "json",
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return JsonMapper.builder().build().readTree(out);
  }
}
