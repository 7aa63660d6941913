package io.previs.postprocess.animatic;

import io.previs.contracts.animatic.AnimaticRequest;
import io.previs.contracts.cloudevents.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes previs.animatics.requested. */
@Component
class AnimaticListener {

  private final AnimaticAssembly assembly;

  AnimaticListener(AnimaticAssembly assembly) {
    this.assembly = assembly;
  }

  @KafkaListener(
      topics = "previs.animatics.requested",
      groupId = "previs-postprocess-animatics",
      containerFactory = "animaticFactory")
  void onRequest(ConsumerRecord<String, AnimaticRequest> record) throws Exception {
    assembly.onRequest(record.value(), CloudEventHeaders.correlation(record.headers()));
  }
}
