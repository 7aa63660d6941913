package io.previs.postprocess.animatic;

import io.previs.contracts.animatic.AnimaticRequest;
import io.previs.contracts.cloudevents.CloudEventHeaders;
import io.previs.contracts.topics.Topics;
import io.previs.servicekit.kafka.ListenerFactories;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

@Configuration(proxyBeanMethods = false)
class AnimaticConfiguration {

  /**
   * One at a time: an animatic decodes and encodes every take of a sequence. A request still
   * failing when its retries run out (storage down for longer than they last) is recorded failed,
   * with the reason, and dead-lettered.
   */
  @Bean
  ConcurrentKafkaListenerContainerFactory<String, AnimaticRequest> animaticFactory(
      ListenerFactories factories, AnimaticAssembly assembly) {
    return factories.forTopic(
        Topics.ANIMATICS_REQUESTED,
        1,
        (record, ex) -> {
          if (record.value() instanceof AnimaticRequest r) {
            assembly.fail(
                r, ListenerFactories.reason(ex), CloudEventHeaders.correlation(record.headers()));
          }
        });
  }
}
