package io.previs.scheduler.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.previs.contracts.job.Priority;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import io.previs.localstack.LocalKafka;
import io.previs.localstack.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The scheduler as its own process, killed (SIGKILL) mid-backlog and replaced by another with an
 * empty state directory: the new one rebuilds its state from Kafka and finishes the backlog, and
 * every shard is released into the pool exactly once — no shard lost, none released twice, the
 * killed process's open transaction aborted rather than half-applied.
 */
class SchedulerFailoverIT {

  private static final int SHARDS = 200;

  @Test
  void aKilledSchedulerIsReplacedAndEveryShardIsReleasedExactlyOnce() throws Exception {
    Path tmp = Files.createDirectories(Path.of("target", "failover-" + UUID.randomUUID()));
    try (LocalKafka kafka = LocalKafka.start(0, 15_000);
        LocalS3 s3 = LocalS3.start(tmp.resolve("s3"), 0, "previs", "previs-secret")) {
      createTopics(kafka);
      Process a = startScheduler(tmp, kafka, s3, "a");
      try (SimulatedPool pool =
          new SimulatedPool(kafka.bootstrapServers(), "sim", 4, Duration.ofMillis(60))) {
        // given a backlog of 200 shards from three studios
        submit(kafka, SHARDS);
        await().atMost(Duration.ofSeconds(90)).until(() -> pool.finished.size() >= 50);

        // when the active scheduler is killed mid-backlog and another replaces it
        a.destroyForcibly().waitFor();
        int finishedAtKill = pool.finished.size();
        Process b = startScheduler(tmp, kafka, s3, "b");
        try {
          // then the new one finishes the backlog
          await().atMost(Duration.ofSeconds(120)).until(() -> pool.finished.size() == SHARDS);
          assertThat(finishedAtKill).isLessThan(SHARDS);
          // and every shard was released exactly once
          assertThat(pool.released).hasSize(SHARDS);
          assertThat(pool.released.values()).extracting(AtomicInteger::get).containsOnly(1);
        } finally {
          b.destroyForcibly().waitFor();
        }
      } finally {
        a.destroyForcibly();
      }
    }
  }

  private static void createTopics(LocalKafka kafka) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      List<NewTopic> topics = new ArrayList<>();
      List<Topic<?>> all = new ArrayList<>(Topics.all());
      all.add(Topics.shardsQueued("sim"));
      for (Topic<?> t : all) {
        topics.add(new NewTopic(t.name(), t.partitions(), (short) 1));
        topics.add(new NewTopic(t.deadLetter(), t.partitions(), (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
  }

  private static void submit(LocalKafka kafka, int n) throws Exception {
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        String studio = "studio-" + (i % 3);
        String job = studio + "-job-" + (i / 20);
        ShardTask t = task(job + "-s" + i, job, studio, Priority.values()[i % 4]);
        SchedulerInput in = SchedulerInput.of(t);
        p.send(
            new ProducerRecord<>(
                Topics.SCHEDULER_INBOX.name(),
                in.key(),
                PrevisJson.mapper().writeValueAsBytes(in)));
      }
      p.flush();
    }
  }

  static ShardTask task(String shardId, String jobId, String studio, Priority p) {
    return new ShardTask(
        ShardTask.SCHEMA_VERSION,
        shardId,
        jobId,
        studio,
        0,
        1,
        0,
        1,
        1,
        "previs-oracle",
        320,
        192,
        9,
        16,
        8,
        null,
        p,
        "a shot",
        "embeddings/x",
        "embeddings/y",
        Instant.now(),
        io.previs.scheduler.policy.Demand.units(8, 9, 320, 192),
        0,
        0,
        java.util.List.of(),
        null);
  }

  private static Process startScheduler(Path tmp, LocalKafka kafka, LocalS3 s3, String name)
      throws Exception {
    Path out = tmp.resolve("scheduler-" + name + ".out");
    Path args =
        Files.writeString(
            tmp.resolve("scheduler-" + name + ".args"),
            "-cp \"" + System.getProperty("java.class.path") + "\"\n");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "@" + args.toAbsolutePath(),
                "io.previs.scheduler.SchedulerApplication",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--previs.storage.endpoint=" + s3.endpoint(),
                "--previs.storage.access-key=previs",
                "--previs.storage.secret-key=previs-secret",
                "--previs.storage.bucket=previs",
                "--previs.kafka.replication-factor=1",
                "--previs.scheduler.state-dir=" + tmp.resolve("state-" + name).toAbsolutePath(),
                "--previs.scheduler.worker-timeout=5s",
                "--server.port=0",
                "--spring.main.banner-mode=off"));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> !p.isAlive() || Files.readString(out).contains("Started SchedulerApplication"));
    assertThat(p.isAlive()).as("scheduler %s started; see %s", name, out).isTrue();
    return p;
  }
}
