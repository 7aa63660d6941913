package io.previs.scheduler.streams;

import io.previs.contracts.topics.Topics;
import io.previs.scheduler.SchedulerProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The scheduler as a Kafka Streams topology: its inbox and the studios' quotas (both one partition,
 * so one task, owned by one replica at a time) into one processor with one state store, and one
 * sink whose topic each record names. Exactly-once processing makes every input's effects — state
 * changes, released shards, stop requests, events — commit together with the input's offset, so a
 * replica that dies mid-input leaves nothing half done for the next one.
 */
public final class SchedulerTopology {

  static final String INBOX = "inbox";
  static final String QUOTAS = "quotas";
  static final String PROCESSOR = "scheduler";
  static final String SINK = "out";

  private SchedulerTopology() {}

  public static Topology build(SchedulerProperties props, SchedulerMetrics metrics, Clock clock) {
    Topology t = new Topology();
    t.addSource(
        INBOX,
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        Topics.SCHEDULER_INBOX.name());
    t.addSource(
        QUOTAS,
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        Topics.STUDIOS_QUOTAS.name());
    t.addProcessor(PROCESSOR, () -> new SchedulerProcessor(props, metrics, clock), INBOX, QUOTAS);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SchedulerProcessor.STORE),
            Serdes.String(),
            Serdes.ByteArray()),
        PROCESSOR);
    TopicNameExtractor<String, byte[]> byHeader =
        (key, value, context) -> {
          Header h = context.headers().lastHeader(Outputs.TOPIC_HEADER);
          return new String(h.value(), StandardCharsets.UTF_8);
        };
    t.addSink(
        SINK, byHeader, Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
    return t;
  }
}
