package io.previs.qc.review;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.topics.Topics;
import io.previs.contracts.video.VideoReady;
import io.previs.qc.QcProperties;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.kafka.ListenerFactories;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.stereotype.Component;

/** Consumes previs.videos.ready; a clip QC cannot read fails its job, with the reason. */
@Component
class VideosReadyListener {

  private final ClipReview review;

  VideosReadyListener(ClipReview review) {
    this.review = review;
  }

  @Configuration
  static class Factories {
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, VideoReady> videosReadyFactory(
        ListenerFactories factories, QcProperties props, EventPublisher publisher) {
      return factories.forTopic(
          Topics.VIDEOS_READY,
          props.concurrency(),
          (record, ex) -> {
            if (record.value() instanceof VideoReady v) {
              JobEvent failed =
                  JobEvent.of(JobEventType.FAILED, v.jobId(), v.studio(), Instant.now())
                      .withStage(Stage.QC)
                      .withReason(
                          "QC of variant "
                              + v.variant()
                              + " failed: "
                              + ListenerFactories.reason(ex));
              publisher.publishJobEvent(
                  failed,
                  CloudEventHeaders.get(record.headers(), CloudEventHeaders.CORRELATION_ID));
            }
          });
    }
  }

  @KafkaListener(
      topics = "previs.videos.ready",
      groupId = "previs-qc",
      containerFactory = "videosReadyFactory")
  void onVideoReady(ConsumerRecord<String, VideoReady> record) throws Exception {
    VideoReady v = record.value();
    MDC.put("jobId", v.jobId());
    try {
      review.review(v, CloudEventHeaders.get(record.headers(), CloudEventHeaders.CORRELATION_ID));
    } finally {
      MDC.remove("jobId");
    }
  }
}
