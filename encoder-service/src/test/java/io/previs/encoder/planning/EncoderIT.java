package io.previs.encoder.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.JobSpec.ShotSpec;
import io.previs.contracts.job.Priority;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.topics.Topics;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.encoder.EncoderApplication;
import io.previs.localstack.LocalKafka;
import io.previs.localstack.LocalS3;
import io.previs.modeltools.diffusion.OracleBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The encoder on a real broker and S3 server with the generated oracle bundle: an accepted job
 * becomes one shard task per shot × variant, a prompt encoded once is a cache hit for every later
 * job, and a redelivered acceptance queues nothing twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncoderIT {

  @TempDir static Path tmp;
  private LocalKafka kafka;
  private LocalS3 s3;
  private ConfigurableApplicationContext encoder;
  private KafkaProducer<String, byte[]> producer;
  private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();
  private volatile boolean reading = true;
  private Thread reader;

  @BeforeAll
  void start() throws Exception {
    kafka = LocalKafka.start(0, 15_000);
    s3 = LocalS3.start(tmp.resolve("s3"), 0, "ak", "sk-secret-key");
    MinioClient minio =
        MinioClient.builder().endpoint(s3.endpoint()).credentials("ak", "sk-secret-key").build();
    minio.makeBucket(MakeBucketArgs.builder().bucket("previs").build());
    ModelBundle oracle =
        OracleBundle.generate(tmp.resolve("oracle"), OracleBundle.Params.defaults());
    try (Stream<Path> files = Files.walk(oracle.directory())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        minio.uploadObject(
            UploadObjectArgs.builder()
                .bucket("previs")
                .object("models/" + oracle.id() + "/" + oracle.directory().relativize(f))
                .filename(f.toString())
                .build());
      }
    }
    encoder =
        EncoderApplication.builder()
            .run(
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--previs.storage.endpoint=" + s3.endpoint(),
                "--previs.storage.access-key=ak",
                "--previs.storage.secret-key=sk-secret-key",
                "--previs.encoder.model-cache=" + tmp.resolve("cache"),
                "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off");
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : List.of(Topics.JOBS_EVENTS.name(), Topics.SCHEDULER_INBOX.name())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !c.partitionsFor(t, Duration.ofSeconds(5)).isEmpty());
      c.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
    }
    c.assign(parts);
    c.seekToBeginning(parts);
    reader =
        Thread.ofPlatform()
            .daemon(true)
            .start(
                () -> {
                  try (c) {
                    while (reading) {
                      c.poll(Duration.ofMillis(100)).forEach(seen::add);
                    }
                  }
                });
  }

  @AfterAll
  void stop() throws Exception {
    reading = false;
    reader.join(5000);
    producer.close();
    encoder.close();
    s3.close();
    kafka.close();
  }

  private static JobSpec spec(String prompt, int shots, int variants) {
    List<ShotSpec> list = new ArrayList<>();
    for (int i = 0; i < shots; i++) {
      list.add(new ShotSpec(i, prompt, "blurry", 17));
    }
    return new JobSpec(
        "acme",
        "c",
        list,
        variants,
        16,
        320,
        192,
        7,
        8,
        null,
        "previs-oracle",
        Priority.NORMAL,
        Map.of(),
        shots * variants,
        Instant.now());
  }

  private void accept(String jobId, JobSpec spec) throws Exception {
    JobEvent e = JobEvent.of(JobEventType.ACCEPTED, jobId, "acme", Instant.now()).withSpec(spec);
    producer
        .send(
            new ProducerRecord<>(
                Topics.JOBS_EVENTS.name(), jobId, PrevisJson.mapper().writeValueAsBytes(e)))
        .get();
  }

  private List<ShardTask> shards(String jobId) {
    return seen.stream()
        .filter(r -> r.topic().equals(Topics.SCHEDULER_INBOX.name()))
        .map(r -> PrevisJson.mapper().readValue(r.value(), SchedulerInput.class).shard())
        .filter(t -> t.jobId().equals(jobId))
        .toList();
  }

  private List<JobEvent> encodeEvents(String jobId, JobEventType type) {
    return seen.stream()
        .filter(r -> r.topic().equals(Topics.JOBS_EVENTS.name()) && jobId.equals(r.key()))
        .map(r -> PrevisJson.mapper().readValue(r.value(), JobEvent.class))
        .filter(e -> e.type() == type && e.stage() == io.previs.contracts.job.Stage.ENCODE)
        .toList();
  }

  @Test
  void anAcceptedJobIsPlannedOnceItsPromptIsEncodedOnceAndARedeliveryQueuesNothing()
      throws Exception {
    // given/when: a job of 2 shots × 2 variants, both shots with one prompt
    String prompt = "a lighthouse keeper climbs the stairs at night";
    accept("j-first", spec(prompt, 2, 2));

    // then: four shard tasks, two texts encoded (prompt, negative), none from the cache
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !encodeEvents("j-first", JobEventType.STAGE_COMPLETED).isEmpty());
    assertThat(shards("j-first"))
        .extracting(ShardTask::shardId)
        .containsExactlyInAnyOrder("j-first-s0v0", "j-first-s0v1", "j-first-s1v0", "j-first-s1v1");
    assertThat(encodeEvents("j-first", JobEventType.STAGE_COMPLETED).get(0).reason())
        .startsWith("2 texts (0 from cache), 4 shards queued");
    // each carries what it costs (steps × frames × megapixels) and the GPU memory it needs
    JobSpec planned = spec(prompt, 2, 2);
    assertThat(shards("j-first"))
        .allSatisfy(
            t -> {
              assertThat(t.workUnits()).isEqualTo(planned.steps() * 17.0 * 320 * 192 / 1e6);
              assertThat(t.gpuMemoryGb()).isZero();
            });

    // when: a later job uses the same prompt
    accept("j-second", spec(prompt, 1, 1));

    // then: both of its texts come from the cache, and the shard points at the same embedding
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !encodeEvents("j-second", JobEventType.STAGE_COMPLETED).isEmpty());
    assertThat(encodeEvents("j-second", JobEventType.STAGE_COMPLETED).get(0).reason())
        .startsWith("2 texts (2 from cache), 1 shards queued");
    assertThat(shards("j-second").get(0).promptEmbeddingKey())
        .isEqualTo(shards("j-first").get(0).promptEmbeddingKey());

    // when: the first acceptance is delivered again (a consumer restart replays it)
    accept("j-first", spec(prompt, 2, 2));
    accept("j-third", spec("a different shot", 1, 1));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !encodeEvents("j-third", JobEventType.STAGE_COMPLETED).isEmpty());

    // then: the plan marker stops it: no second encode stage and no second set of shards
    assertThat(shards("j-first")).hasSize(4);
    assertThat(encodeEvents("j-first", JobEventType.STAGE_STARTED)).hasSize(1);
    assertThat(encodeEvents("j-first", JobEventType.STAGE_COMPLETED)).hasSize(1);
  }
}
