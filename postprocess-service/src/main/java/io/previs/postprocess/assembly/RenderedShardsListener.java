package io.previs.postprocess.assembly;

import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.Stage;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.topics.Topics;
import io.previs.media.pipeline.ClipPipeline;
import io.previs.postprocess.PostprocessProperties;
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

/**
 * Consumes previs.shards.rendered; failures past the retries fail the job and dead-letter the
 * event.
 */
@Component
class RenderedShardsListener {

  private final VariantAssembly assembly;

  RenderedShardsListener(VariantAssembly assembly) {
    this.assembly = assembly;
  }

  @Configuration
  static class Factories {
    /**
     * One pipeline for the service: it caches super-resolution models and is safe for concurrent
     * runs.
     */
    @Bean(destroyMethod = "close")
    ClipPipeline clipPipeline() {
      return new ClipPipeline();
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, ShardRendered> renderedFactory(
        ListenerFactories factories, PostprocessProperties props, EventPublisher publisher) {
      return factories.forTopic(
          Topics.SHARDS_RENDERED,
          props.concurrency(),
          (record, ex) -> {
            if (record.value() instanceof ShardRendered r) {
              JobEvent failed =
                  JobEvent.of(JobEventType.FAILED, r.jobId(), r.studio(), Instant.now())
                      .withStage(Stage.POSTPROCESS)
                      .withReason(
                          "post-processing variant "
                              + r.variant()
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
      topics = "previs.shards.rendered",
      groupId = "previs-postprocess",
      containerFactory = "renderedFactory")
  void onRendered(ConsumerRecord<String, ShardRendered> record) throws Exception {
    ShardRendered r = record.value();
    MDC.put("jobId", r.jobId());
    try {
      assembly.onRendered(
          r, CloudEventHeaders.get(record.headers(), CloudEventHeaders.CORRELATION_ID));
    } finally {
      MDC.remove("jobId");
    }
  }
}
