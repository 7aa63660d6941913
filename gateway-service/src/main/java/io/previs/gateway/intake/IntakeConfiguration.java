package io.previs.gateway.intake;

import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.input.StrictJson;
import io.previs.servicekit.kafka.ListenerFactories;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The submit and intake topics carry whatever clients write, so their listeners take raw bytes and
 * parse them with the gateway's one strict parser: that is how a wrong type becomes a field error
 * instead of a deserialization failure, and how Kafka and REST read a request identically.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IntakeConfiguration {

  @Bean
  StrictJson strictJson(GatewayProperties props) {
    return new StrictJson(props.maxRequestBytes().toBytes());
  }

  /** Studio topics have no dead-letter topic each: theirs is previs.jobs.submit-dlt. */
  @Bean
  ConcurrentKafkaListenerContainerFactory<String, byte[]> submitListenerFactory(
      KafkaProperties kafka, ListenerFactories factories) {
    return raw(
        kafka,
        factories.errorHandler(
            null,
            r ->
                Topics.studioOfSubmitTopic(r.topic()) != null
                    ? Topics.JOBS_SUBMIT.deadLetter()
                    : r.topic() + Topic.DEAD_LETTER_SUFFIX));
  }

  @Bean
  ConcurrentKafkaListenerContainerFactory<String, byte[]> intakeListenerFactory(
      KafkaProperties kafka, ListenerFactories factories) {
    return raw(kafka, factories.errorHandler());
  }

  private static ConcurrentKafkaListenerContainerFactory<String, byte[]> raw(
      KafkaProperties kafka, CommonErrorHandler errors) {
    var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
    factory.setConsumerFactory(
        new DefaultKafkaConsumerFactory<>(
            kafka.buildConsumerProperties(),
            new StringDeserializer(),
            new ByteArrayDeserializer()));
    factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
    factory.setCommonErrorHandler(errors);
    return factory;
  }
}
