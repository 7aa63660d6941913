package io.previs.gateway.intake;

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

  @Bean
  ConcurrentKafkaListenerContainerFactory<String, byte[]> rawListenerFactory(
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
