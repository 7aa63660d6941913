package io.previs.servicekit;

import io.minio.MinioClient;
import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import io.previs.servicekit.jobs.JobListeners;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.kafka.JsonOrBytesSerializer;
import io.previs.servicekit.kafka.KafkaHealthIndicator;
import io.previs.servicekit.kafka.ListenerFactories;
import io.previs.servicekit.kafka.PrevisKafkaProperties;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.servicekit.storage.StorageHealthIndicator;
import io.previs.servicekit.storage.StorageProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** Wires the service kit into every Previs service that has it on the classpath. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({StorageProperties.class, PrevisKafkaProperties.class})
public class PrevisServiceAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(PrevisServiceAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  MinioClient minioClient(StorageProperties p) {
    return MinioClient.builder()
        .endpoint(p.endpoint())
        .credentials(p.accessKey(), p.secretKey())
        .region(p.region())
        .build();
  }

  @Bean
  @ConditionalOnMissingBean
  ObjectStore objectStore(
      MinioClient client,
      StorageProperties p,
      org.springframework.beans.factory.ObjectProvider<EventPublisher> publisher,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry>
          registry) {
    ObjectStore store =
        new ObjectStore(
            client,
            p,
            new io.previs.servicekit.storage.StorageOutages(
                publisher::getIfAvailable, registry::getIfAvailable, p));
    if (p.createBucket()) {
      try {
        store.ensureBucket();
      } catch (RuntimeException e) {
        // Start anyway: readiness reports storage down until it answers.
        log.warn("Object storage not reachable at start-up: {}", e.getMessage());
      }
    }
    return store;
  }

  @Bean
  StorageHealthIndicator storageHealthIndicator(ObjectStore store) {
    return new StorageHealthIndicator(store);
  }

  @Bean
  @ConditionalOnMissingBean(name = "previsKafkaTemplate")
  KafkaTemplate<String, Object> previsKafkaTemplate(KafkaProperties kafka) {
    Map<String, Object> props = kafka.buildProducerProperties();
    var factory =
        new DefaultKafkaProducerFactory<>(
            props, new StringSerializer(), new JsonOrBytesSerializer());
    return new KafkaTemplate<>(factory);
  }

  @Bean
  @ConditionalOnMissingBean
  EventPublisher eventPublisher(
      KafkaTemplate<String, Object> previsKafkaTemplate,
      @Value("${spring.application.name:previs}") String name) {
    return new EventPublisher(previsKafkaTemplate, name);
  }

  @Bean
  @ConditionalOnMissingBean
  ListenerFactories listenerFactories(
      KafkaProperties kafka,
      KafkaTemplate<String, Object> previsKafkaTemplate,
      PrevisKafkaProperties props,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry>
          registry) {
    return new ListenerFactories(
        kafka.buildConsumerProperties(), previsKafkaTemplate, props, registry.getIfAvailable());
  }

  @Bean
  @ConditionalOnMissingBean
  JobListeners jobListeners(ListenerFactories listenerFactories, EventPublisher eventPublisher) {
    return new JobListeners(listenerFactories, eventPublisher, java.time.Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  Admin previsAdmin(KafkaAdmin kafkaAdmin) {
    return Admin.create(kafkaAdmin.getConfigurationProperties());
  }

  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(Admin previsAdmin) {
    return new KafkaHealthIndicator(previsAdmin);
  }

  /** Every contract topic and its dead-letter topic, created when missing. */
  @Bean
  @ConditionalOnProperty(
      name = "previs.kafka.create-topics",
      havingValue = "true",
      matchIfMissing = true)
  KafkaAdmin.NewTopics previsTopics(PrevisKafkaProperties props) {
    List<NewTopic> topics = new ArrayList<>();
    for (Topic<?> t : Topics.all()) {
      topics.add(
          new NewTopic(t.name(), t.partitions(), props.replicationFactor())
              .configs(
                  t.compacted()
                      ? Map.of("cleanup.policy", "compact")
                      : Map.of("retention.ms", Long.toString(props.retentionOf(t).toMillis()))));
      topics.add(
          new NewTopic(t.deadLetter(), t.partitions(), props.replicationFactor())
              .configs(
                  Map.of("retention.ms", Long.toString(java.time.Duration.ofDays(30).toMillis()))));
    }
    return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
  }
}
