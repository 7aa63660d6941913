package io.previs.qc.review;

import io.previs.contracts.job.Stage;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.qc.QcProperties;
import io.previs.servicekit.jobs.JobListeners;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

@Configuration(proxyBeanMethods = false)
class ReviewConfiguration {

  /** When retries run out the job is marked failed in the QC stage. */
  @Bean
  ConcurrentKafkaListenerContainerFactory<String, VideoReady> videosReadyFactory(
      JobListeners listeners, QcProperties props) {
    return listeners.forTopic(
        Topics.VIDEOS_READY, props.concurrency(), Stage.QC, v -> "QC of variant " + v.variant());
  }
}
