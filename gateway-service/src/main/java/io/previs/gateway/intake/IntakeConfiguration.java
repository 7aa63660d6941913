package io.previs.gateway.intake;

import io.previs.servicekit.kafka.ListenerFactories;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The submit topic carries whatever studios write, so its listener takes raw bytes and parses them
 * itself: that is how a wrong type becomes a field error instead of a deserialization failure.
 */
@Configuration
@EnableScheduling
class IntakeConfiguration {

  @Bean
  ConcurrentKafkaListenerContainerFactory<String, byte[]> submitListenerFactory(
      KafkaProperties kafka, ListenerFactories factories) {
    var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
    factory.setConsumerFactory(
        new DefaultKafkaConsumerFactory<>(
            kafka.buildConsumerProperties(),
            new StringDeserializer(),
            new ByteArrayDeserializer()));
    factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
    factory.setCommonErrorHandler(factories.errorHandler());
    return factory;
  }
}
