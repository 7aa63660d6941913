package io.previs.gateway.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Reads one topic from its beginning, every partition, no consumer group — so each gateway replica
 * holds the whole state (the job projection, the API key store) — and keeps reading. Says when it
 * has caught up with the end offsets seen at start (readiness), and lets a caller wait until
 * everything written before a moment has been applied ({@link #awaitWrittenBefore}).
 */
public final class TopicReplay {

  private static final Logger log = LoggerFactory.getLogger(TopicReplay.class);

  private final KafkaProperties kafka;
  private final String topic;
  private final Consumer<ConsumerRecord<String, byte[]>> apply;
  private final ReadBarrier barrier;
  private final String name;
  private volatile boolean running;
  private volatile boolean caughtUp;
  private Thread thread;

  /**
   * @param apply called on the reader thread for every record, in order within a partition; a
   *     record it cannot use it logs and skips (the replay never stops on one)
   */
  public TopicReplay(
      KafkaProperties kafka,
      Admin admin,
      String topic,
      String name,
      Consumer<ConsumerRecord<String, byte[]>> apply) {
    this.kafka = kafka;
    this.topic = topic;
    this.name = name;
    this.apply = apply;
    this.barrier = new ReadBarrier(admin);
  }

  public void start() {
    running = true;
    thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
  }

  public boolean caughtUp() {
    return caughtUp;
  }

  /**
   * Waits until every record written before this call has been applied.
   *
   * @return false if that did not happen within {@code timeout}
   */
  public boolean awaitWrittenBefore(Duration timeout) {
    try {
      return barrier.awaitWrittenBefore(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void run() {
    Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    while (running) {
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        barrier.assigned(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (running) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            try {
              apply.accept(r);
            } catch (RuntimeException e) {
              log.warn(
                  "Skipping unreadable record at {}-{}@{}: {}",
                  r.topic(),
                  r.partition(),
                  r.offset(),
                  e.getMessage());
            }
          }
          Map<TopicPartition, Long> positions = new HashMap<>();
          for (TopicPartition tp : partitions) {
            positions.put(tp, consumer.position(tp));
          }
          barrier.advanced(positions);
          if (!caughtUp
              && end.entrySet().stream()
                  .allMatch(en -> consumer.position(en.getKey()) >= en.getValue())) {
            caughtUp = true;
            log.info("Replay of {} caught up", topic);
          }
        }
      } catch (RuntimeException e) {
        if (running) {
          log.warn("Replay of {} failed, restarting: {}", topic, e.getMessage());
          pause();
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public void stop() {
    running = false;
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    return running;
  }
}
