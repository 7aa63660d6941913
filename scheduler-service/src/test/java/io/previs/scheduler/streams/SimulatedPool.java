package io.previs.scheduler.streams;

import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.scheduling.WorkerReport;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * GPU workers as the scheduler sees them — heartbeats, and a started and a finished report for
 * every shard released into their pool — without rendering anything: what a scheduler test needs
 * from a pool. Reads the pool's queue read_committed, as the workers' share group does, and counts
 * every release it sees per shard.
 */
final class SimulatedPool implements AutoCloseable {

  final Map<String, AtomicInteger> released = new ConcurrentHashMap<>();
  final Map<String, Boolean> finished = new ConcurrentHashMap<>();

  private final String pool;
  private final int workers;
  private final Duration shardTime;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean running = true;
  private final Thread reader;

  SimulatedPool(String bootstrap, String pool, int workers, Duration shardTime) {
    this.pool = pool;
    this.workers = workers;
    this.shardTime = shardTime;
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap),
            new StringSerializer(),
            new ByteArraySerializer());
    consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                bootstrap,
                "isolation.level",
                "read_committed",
                "enable.auto.commit",
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    String topic = Topics.shardsQueued(pool).name();
    List<TopicPartition> parts = new ArrayList<>();
    consumer
        .partitionsFor(topic, Duration.ofSeconds(30))
        .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    clock.scheduleAtFixedRate(this::heartbeats, 0, 500, TimeUnit.MILLISECONDS);
    reader = Thread.ofPlatform().daemon().name("simulated-pool").start(this::read);
  }

  private void read() {
    while (running) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        ShardTask t = PrevisJson.mapper().readValue(r.value(), ShardTask.class);
        released.computeIfAbsent(t.shardId(), k -> new AtomicInteger()).incrementAndGet();
        String worker = pool + "-w" + Math.floorMod(next.getAndIncrement(), workers);
        report(WorkerReport.Kind.STARTED, worker, t, 0);
        clock.schedule(
            () -> {
              report(WorkerReport.Kind.FINISHED, worker, t, shardTime.toMillis() / 1e3);
              finished.put(t.shardId(), true);
            },
            shardTime.toMillis(),
            TimeUnit.MILLISECONDS);
      }
    }
  }

  private void heartbeats() {
    for (int i = 0; i < workers; i++) {
      report(WorkerReport.Kind.HEARTBEAT, pool + "-w" + i, null, 0);
    }
  }

  private void report(WorkerReport.Kind kind, String worker, ShardTask t, double billed) {
    WorkerReport r =
        new WorkerReport(
            WorkerReport.SCHEMA_VERSION,
            kind,
            worker,
            pool,
            80,
            1.0,
            false,
            null,
            t == null ? null : t.shardId(),
            t == null ? null : t.jobId(),
            billed,
            null,
            Instant.now());
    SchedulerInput in = SchedulerInput.of(r);
    producer.send(
        new ProducerRecord<>(
            Topics.SCHEDULER_INBOX.name(), in.key(), PrevisJson.mapper().writeValueAsBytes(in)));
  }

  @Override
  public void close() throws Exception {
    running = false;
    reader.join(5000);
    clock.shutdownNow();
    consumer.close();
    producer.close();
  }
}
