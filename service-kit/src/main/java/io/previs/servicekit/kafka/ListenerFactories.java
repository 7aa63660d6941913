package io.previs.servicekit.kafka;

import io.previs.contracts.json.JsonSerde;
import io.previs.contracts.topics.Topic;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Builds listener container factories for one contract topic: values read through an
 * ErrorHandlingDeserializer around the topic's JSON serde, failures retried with exponential
 * back-off, and poison records (bad JSON, wrong schema, {@link NonRetryableException}) sent
 * straight to {@code <topic>-dlt} with the reason in the standard {@code kafka_dlt-exception-*}
 * headers. A poison record never stops the consumer.
 */
public final class ListenerFactories {

  /** Dead-letter header with the innermost failure message: why the record was given up. */
  public static final String REASON_HEADER = "previs_dlt_reason";

  private final Map<String, Object> consumerProps;
  private final KafkaTemplate<String, Object> template;
  private final PrevisKafkaProperties props;
  private final io.micrometer.core.instrument.MeterRegistry registry;

  public ListenerFactories(
      Map<String, Object> consumerProps,
      KafkaTemplate<String, Object> template,
      PrevisKafkaProperties props) {
    this(consumerProps, template, props, null);
  }

  /**
   * As above, counting every dead letter in {@code previs.deadletters{topic}} (the dead-letter
   * topic), which the DLT-growth alert watches.
   */
  public ListenerFactories(
      Map<String, Object> consumerProps,
      KafkaTemplate<String, Object> template,
      PrevisKafkaProperties props,
      io.micrometer.core.instrument.MeterRegistry registry) {
    this.consumerProps = consumerProps;
    this.template = template;
    this.props = props;
    this.registry = registry;
  }

  /** Counts one dead letter sent to {@code deadLetterTopic}. */
  public static void count(
      io.micrometer.core.instrument.MeterRegistry registry, String deadLetterTopic) {
    if (registry != null) {
      registry.counter("previs.deadletters", "topic", deadLetterTopic).increment();
    }
  }

  public <T> ConcurrentKafkaListenerContainerFactory<String, T> forTopic(
      Topic<T> topic, int concurrency) {
    return forTopic(topic, concurrency, null);
  }

  /**
   * As {@link #forTopic(Topic, int)}, calling {@code onGiveUp} with the record and the last failure
   * just before it is dead-lettered, so that a service can mark the job failed with the reason.
   */
  public <T> ConcurrentKafkaListenerContainerFactory<String, T> forTopic(
      Topic<T> topic, int concurrency, BiConsumer<ConsumerRecord<?, ?>, Exception> onGiveUp) {
    var consumerFactory =
        new DefaultKafkaConsumerFactory<>(
            consumerProps,
            new StringDeserializer(),
            new ErrorHandlingDeserializer<>(new JsonSerde<>(topic.valueType())));
    var factory = new ConcurrentKafkaListenerContainerFactory<String, T>();
    factory.setConsumerFactory(consumerFactory);
    factory.setConcurrency(concurrency);
    factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
    factory.setCommonErrorHandler(errorHandler(onGiveUp));
    return factory;
  }

  public DefaultErrorHandler errorHandler() {
    return errorHandler(null);
  }

  public DefaultErrorHandler errorHandler(BiConsumer<ConsumerRecord<?, ?>, Exception> onGiveUp) {
    return errorHandler(onGiveUp, null);
  }

  /**
   * As {@link #errorHandler(BiConsumer)}, with dead letters of a topic family sent to one topic:
   * {@code deadLetterTopic} names it for a record (a family's members have no DLT of their own);
   * the broker picks its partition.
   */
  public DefaultErrorHandler errorHandler(
      BiConsumer<ConsumerRecord<?, ?>, Exception> onGiveUp,
      java.util.function.Function<ConsumerRecord<?, ?>, String> deadLetterTopic) {
    var deadLetters =
        new DeadLetterPublishingRecoverer(
            template,
            (record, ex) ->
                deadLetterTopic == null
                    ? new org.apache.kafka.common.TopicPartition(
                        record.topic() + Topic.DEAD_LETTER_SUFFIX, record.partition())
                    : new org.apache.kafka.common.TopicPartition(
                        deadLetterTopic.apply(record), -1));
    // The standard headers carry the outermost message ("failed to deserialize"); operators want
    // the innermost one, which says what was wrong with the record.
    deadLetters.addHeadersFunction(
        (record, ex) -> {
          var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
          headers.add(REASON_HEADER, reason(ex).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          return headers;
        });
    ConsumerRecordRecoverer recoverer =
        (record, ex) -> {
          if (onGiveUp != null) {
            try {
              onGiveUp.accept(record, ex);
            } catch (RuntimeException hookFailure) {
              ex.addSuppressed(hookFailure);
            }
          }
          deadLetters.accept(record, ex);
          count(
              registry,
              deadLetterTopic == null
                  ? record.topic() + Topic.DEAD_LETTER_SUFFIX
                  : deadLetterTopic.apply(record));
        };
    ExponentialBackOff backOff = new ExponentialBackOff(props.retryBackoff().toMillis(), 2.0);
    backOff.setMaxAttempts(props.retries());
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
    handler.addNotRetryableExceptions(NonRetryableException.class, IllegalArgumentException.class);
    return handler;
  }

  /** The first message below spring-kafka's own wrappers: what was wrong with the record. */
  public static String reason(Throwable t) {
    Throwable c = t;
    while ((c instanceof org.springframework.kafka.listener.ListenerExecutionFailedException
            || c instanceof org.springframework.kafka.support.serializer.DeserializationException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
