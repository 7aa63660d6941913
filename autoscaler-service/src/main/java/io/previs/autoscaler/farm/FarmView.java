package io.previs.autoscaler.farm;

import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.scheduling.PoolBacklog;
import io.previs.contracts.scheduling.SchedulerInput;
import io.previs.contracts.scheduling.WorkerDrain;
import io.previs.contracts.scheduling.WorkerReport;
import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The farm as the autoscaler reads it from Kafka, with no consumer group (every replica keeps its
 * own warm copy, so a new leader acts at once): each pool's latest backlog record (compacted topic,
 * from the beginning), the workers' reports on the scheduler's inbox (from a minute back: every
 * live worker heart-beats within that), and the drain requests in force (compacted, from the
 * beginning).
 */
public final class FarmView implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FarmView.class);
  private static final Duration LOOKBACK = Duration.ofMinutes(1);

  /** A pool's backlog record and when it arrived. */
  public record Backlog(PoolBacklog record, Instant received) {}

  private final Map<String, Object> consumerConfig;
  private final Clock clock;
  private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();
  private final Map<String, WorkerSeen> workers = new ConcurrentHashMap<>();
  private final Map<String, WorkerDrain> drains = new ConcurrentHashMap<>();
  private volatile boolean running;
  private volatile boolean caughtUp;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread loop;

  public FarmView(Map<String, Object> consumerConfig, Clock clock) {
    this.consumerConfig = new HashMap<>(consumerConfig);
    this.consumerConfig.remove("group.id");
    this.consumerConfig.put("enable.auto.commit", false);
    this.consumerConfig.put("isolation.level", "read_committed");
    this.clock = clock;
  }

  public void start() {
    running = true;
    consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    loop = Thread.ofPlatform().daemon().name("autoscaler-farm-view").start(this::run);
  }

  public Backlog backlog(String pool) {
    return backlogs.get(pool);
  }

  public WorkerSeen worker(String name) {
    return workers.get(name);
  }

  public WorkerDrain drain(String worker) {
    return drains.get(worker);
  }

  /** Records a drain request this replica just made, before the topic echoes it back. */
  public void drained(WorkerDrain d) {
    drains.put(d.worker(), d);
  }

  /** Forgets a worker whose pod is gone. */
  public void forget(String worker) {
    workers.remove(worker);
    drains.remove(worker);
  }

  /** All three topics read up to their ends once since start: the view is complete. */
  public boolean caughtUp() {
    return caughtUp;
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> c = consumer) {
      List<TopicPartition> compacted = new ArrayList<>();
      compacted.addAll(partitions(c, Topics.SCHEDULER_BACKLOG));
      compacted.addAll(partitions(c, Topics.WORKERS_DRAIN));
      List<TopicPartition> inbox = partitions(c, Topics.SCHEDULER_INBOX);
      List<TopicPartition> all = new ArrayList<>(compacted);
      all.addAll(inbox);
      c.assign(all);
      c.seekToBeginning(compacted);
      long since = clock.instant().minus(LOOKBACK).toEpochMilli();
      Map<TopicPartition, Long> times = new HashMap<>();
      inbox.forEach(p -> times.put(p, since));
      Map<TopicPartition, OffsetAndTimestamp> from = c.offsetsForTimes(times);
      Map<TopicPartition, Long> ends = c.endOffsets(all);
      for (TopicPartition p : inbox) {
        OffsetAndTimestamp o = from.get(p);
        c.seek(p, o != null ? o.offset() : ends.get(p));
      }
      while (running) {
        var records = c.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> r : records) {
          take(r);
        }
        if (!caughtUp
            && ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
          caughtUp = true;
          log.info(
              "Farm view caught up: {} pools, {} workers, {} drain requests",
              backlogs.size(),
              workers.size(),
              drains.size());
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      if (running) {
        log.error("The farm view can no longer be read; the autoscaler holds every pool", e);
        running = false;
      }
    }
  }

  /** False once the reader died: the loop then holds every pool as it is. */
  public boolean healthy() {
    return running;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, Topic<?> t) {
    return c.partitionsFor(t.name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  private void take(ConsumerRecord<String, byte[]> r) {
    Instant now = clock.instant();
    try {
      if (r.topic().equals(Topics.SCHEDULER_BACKLOG.name())) {
        if (r.value() == null) {
          backlogs.remove(r.key());
        } else {
          PoolBacklog b = PrevisJson.mapper().readValue(r.value(), PoolBacklog.class);
          backlogs.put(b.pool(), new Backlog(b, now));
        }
      } else if (r.topic().equals(Topics.WORKERS_DRAIN.name())) {
        if (r.value() == null) {
          drains.remove(r.key());
        } else {
          WorkerDrain d = PrevisJson.mapper().readValue(r.value(), WorkerDrain.class);
          drains.merge(d.worker(), d, (old, x) -> x.at().isBefore(old.at()) ? old : x);
        }
      } else {
        SchedulerInput in = PrevisJson.mapper().readValue(r.value(), SchedulerInput.class);
        if (in.kind() == SchedulerInput.Kind.REPORT && in.report() != null) {
          report(in.report(), now);
        }
      }
    } catch (RuntimeException e) {
      log.debug(
          "Skipping unreadable record at {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.toString());
    }
  }

  // package-private for its test
  void report(WorkerReport w, Instant now) {
    if (w.worker() == null || w.kind() == null) {
      return;
    }
    if (w.kind() == WorkerReport.Kind.LEFT) {
      workers.remove(w.worker());
      return;
    }
    WorkerSeen before = workers.get(w.worker());
    String shard =
        switch (w.kind()) {
          case HEARTBEAT, TAKEN, STARTED -> w.shardId();
          // finishing, finished, released, failed, errored: the GPU is free of that shard — unless
          // the worker has already started the next (it takes it while the last is stored)
          default ->
              before != null && before.shardId() != null && !before.shardId().equals(w.shardId())
                  ? before.shardId()
                  : null;
        };
    Instant idleSince =
        shard != null
            ? null
            : before == null ? now : before.idleSince() != null ? before.idleSince() : now;
    workers.put(
        w.worker(),
        new WorkerSeen(
            w.worker(),
            w.pool(),
            before == null ? now : before.firstSeen(),
            now,
            shard,
            idleSince,
            w.draining(),
            w.kind() == WorkerReport.Kind.HEARTBEAT ? w.drained() : null));
  }

  @Override
  public void close() {
    running = false;
    var c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (loop != null) {
      try {
        loop.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
