package io.previs.worker.shards;

import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.scheduling.ShardControl;
import io.previs.contracts.scheduling.WorkerDrain;
import io.previs.contracts.topics.Topics;
import io.previs.worker.WorkerProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The scheduler's stop requests, as this worker hears them: every partition of
 * previs.workers.control, no group, from a few minutes back (a request made while the shard was
 * still queued must find the worker that takes it). The render asks {@link #stopFor} between steps.
 *
 * <p>The same consumer reads the autoscaler's drain requests (previs.workers.drain, compacted, from
 * the beginning): the latest one for this worker says whether it may take new shards ({@link
 * #draining}) and whether the shard in flight must be handed back now ({@link #releaseRequested}).
 *
 * <p>A request applies to a delivery only if it was made after the shard was released into the
 * pool's queue (the record's timestamp): the stop that preempted a shard must not stop the same
 * shard when the scheduler releases it again.
 */
@Component
class ShardControls implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ShardControls.class);
  private static final Duration LOOKBACK = Duration.ofMinutes(5);
  private static final int REMEMBERED = 10_000;

  private final KafkaProperties kafka;
  private final WorkerProperties props;
  private final Map<String, ShardControl> recent =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ShardControl> e) {
          return size() > REMEMBERED;
        }
      };
  private volatile boolean running;
  private volatile WorkerDrain drain;

  /** When the last poll that found nothing new began: stop requests made before it are in. */
  private volatile long caughtUpSince;

  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread loop;

  ShardControls(KafkaProperties kafka, WorkerProperties props) {
    this.kafka = kafka;
    this.props = props;
  }

  /**
   * Waits (at most {@code max}) until every stop request made before the call has been read: a
   * shard released a moment before its job was cancelled must not start. Returns false on time-out
   * (the scheduler's request aimed at this worker, after it reports the start, still stops it).
   */
  boolean awaitCurrent(Duration max) {
    long asked = System.nanoTime();
    long deadline = asked + max.toNanos();
    while (running && caughtUpSince - asked < 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** The request to stop this delivery of the shard, or null to keep going. */
  ShardControl stopFor(String shardId, long releasedAtMillis) {
    ShardControl c;
    synchronized (recent) {
      c = recent.get(shardId);
    }
    if (c == null || c.at() == null || c.at().toEpochMilli() < releasedAtMillis) {
      return null;
    }
    return c.worker() == null || c.worker().equals(props.id()) ? c : null;
  }

  /** The autoscaler's request in force for this worker, or null when there is none. */
  WorkerDrain drainRequest() {
    return drain;
  }

  /** The autoscaler asked this worker to take no new shard (it is about to be scaled in). */
  boolean draining() {
    WorkerDrain d = drain;
    return d != null && d.drain();
  }

  /** The autoscaler asked for the shard in flight back, at its next step boundary. */
  boolean releaseRequested() {
    WorkerDrain d = drain;
    return d != null && d.drain() && d.release();
  }

  @Override
  public void start() {
    if (!props.enabled()) {
      return;
    }
    running = true;
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.remove("group.id");
    config.put("enable.auto.commit", false);
    config.put("client.id", "previs-worker-control-" + props.id());
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    loop = Thread.ofPlatform().daemon().name("shard-control").start(this::run);
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> c = consumer) {
      List<TopicPartition> parts =
          c.partitionsFor(Topics.WORKERS_CONTROL.name(), Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      List<TopicPartition> drains =
          c.partitionsFor(Topics.WORKERS_DRAIN.name(), Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      List<TopicPartition> all = new java.util.ArrayList<>(parts);
      all.addAll(drains);
      c.assign(all);
      c.seekToBeginning(drains);
      long since = Instant.now().minus(LOOKBACK).toEpochMilli();
      Map<TopicPartition, Long> times = new HashMap<>();
      parts.forEach(p -> times.put(p, since));
      Map<TopicPartition, OffsetAndTimestamp> from = c.offsetsForTimes(times);
      Map<TopicPartition, Long> ends = c.endOffsets(parts);
      for (TopicPartition p : parts) {
        OffsetAndTimestamp o = from.get(p);
        c.seek(p, o != null ? o.offset() : ends.get(p));
      }
      while (running) {
        long began = System.nanoTime();
        var records = c.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, byte[]> r : records) {
          remember(r);
        }
        if (records.isEmpty()) {
          caughtUpSince = began;
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      if (running) {
        log.error(
            "Stop requests can no longer be read; cancel, pause and preemption will wait for"
                + " the shard to end",
            e);
      }
    }
  }

  private void remember(ConsumerRecord<String, byte[]> r) {
    if (r.topic().equals(Topics.WORKERS_DRAIN.name())) {
      if (props.id().equals(r.key())) {
        drain = r.value() == null ? null : read(r, WorkerDrain.class);
        log.info(
            "Autoscaler: {}",
            drain == null || !drain.drain()
                ? "back to work"
                : (drain.release() ? "hand back the shard in flight and drain: " : "drain: ")
                    + drain.reason());
      }
      return;
    }
    try {
      ShardControl c = PrevisJson.mapper().readValue(r.value(), ShardControl.class);
      if (c.shardId() != null) {
        synchronized (recent) {
          recent.put(c.shardId(), c);
        }
      }
    } catch (RuntimeException e) {
      log.warn(
          "Unreadable stop request at {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.toString());
    }
  }

  private static <T> T read(ConsumerRecord<String, byte[]> r, Class<T> type) {
    try {
      return PrevisJson.mapper().readValue(r.value(), type);
    } catch (RuntimeException e) {
      log.warn(
          "Unreadable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
      return null;
    }
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
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

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Started before the shard consumer and stopped after it. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 200;
  }
}
