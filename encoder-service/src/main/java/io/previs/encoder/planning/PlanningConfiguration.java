package io.previs.encoder.planning;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.Stage;
import io.previs.contracts.topics.Topics;
import io.previs.encoder.EncoderProperties;
import io.previs.servicekit.jobs.JobListeners;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

@Configuration(proxyBeanMethods = false)
class PlanningConfiguration {

  /** When retries run out the job is marked failed in the encode stage. */
  @Bean
  ConcurrentKafkaListenerContainerFactory<String, JobEvent> jobEventsFactory(
      JobListeners listeners, EncoderProperties props) {
    return listeners.forTopic(
        Topics.JOBS_EVENTS, props.concurrency(), Stage.ENCODE, e -> "encoding");
  }
}
