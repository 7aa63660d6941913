package io.previs.postprocess.assembly;

import io.previs.contracts.shard.ShardRendered;
import io.previs.servicekit.jobs.JobContext;
import org.springframework.kafka.annotation.KafkaListener;
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

  @KafkaListener(
      topics = "previs.shards.rendered",
      groupId = "previs-postprocess",
      containerFactory = "renderedFactory")
  void onRendered(ShardRendered r) throws Exception {
    assembly.onRendered(r, JobContext.correlationId(r.jobId()));
  }
}
