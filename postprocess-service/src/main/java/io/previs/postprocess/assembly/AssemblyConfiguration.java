package io.previs.postprocess.assembly;

import io.previs.contracts.job.Stage;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.topics.Topics;
import io.previs.media.pipeline.ClipPipeline;
import io.previs.postprocess.PostprocessProperties;
import io.previs.servicekit.jobs.JobListeners;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

@Configuration(proxyBeanMethods = false)
class AssemblyConfiguration {

  /**
   * One pipeline for the service: it caches super-resolution models and is safe for concurrent
   * runs.
   */
  @Bean(destroyMethod = "close")
  ClipPipeline clipPipeline() {
    return new ClipPipeline();
  }

  /** When retries run out the job is marked failed in the post-processing stage. */
  @Bean
  ConcurrentKafkaListenerContainerFactory<String, ShardRendered> renderedFactory(
      JobListeners listeners, PostprocessProperties props) {
    return listeners.forTopic(
        Topics.SHARDS_RENDERED,
        props.concurrency(),
        Stage.POSTPROCESS,
        r -> "post-processing variant " + r.variant());
  }
}
