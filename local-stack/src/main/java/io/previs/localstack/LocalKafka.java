package io.previs.localstack;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Apache Kafka broker in KRaft mode, running in this JVM (Kafka's own KafkaClusterTestKit,
 * through spring-kafka-test). Single broker, so every internal topic is configured for replication
 * factor 1; share groups (KIP-932) are on by default in Kafka 4.2.
 */
public final class LocalKafka implements AutoCloseable {

  private final EmbeddedKafkaKraftBroker broker;

  private LocalKafka(EmbeddedKafkaKraftBroker broker) {
    this.broker = broker;
  }

  /**
   * Starts a broker.
   *
   * @param port must be 0: Kafka's KRaft test kit picks the client port itself (printed by callers)
   * @param recordLockMillis default share-group acquisition lock: how long a shard a worker took
   *     stays invisible to other workers unless renewed (Kafka's default is 30 s)
   */
  public static LocalKafka start(int port, long recordLockMillis) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("group.share.min.record.lock.duration.ms", "1000");
    props.put("group.share.record.lock.duration.ms", Long.toString(recordLockMillis));
    props.put(
        "group.share.max.record.lock.duration.ms",
        Long.toString(Math.max(recordLockMillis, 60_000)));
    props.put("group.share.min.session.timeout.ms", "2000");
    props.put("group.share.session.timeout.ms", "10000");
    props.put("group.share.min.heartbeat.interval.ms", "500");
    props.put("group.share.heartbeat.interval.ms", "1000");
    props.put("auto.create.topics.enable", "false");
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(props);
    if (port != 0) {
      throw new IllegalArgumentException(
          "the embedded KRaft broker cannot use a fixed port (" + port + ")");
    }
    // Kafka's storage formatter prints to stdout; keep a CLI's console for its own output.
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      broker.afterPropertiesSet();
    } finally {
      System.setOut(stdout);
    }
    return new LocalKafka(broker);
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  @Override
  public void close() {
    broker.destroy();
  }
}
