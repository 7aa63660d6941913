package io.previs.qc.review;

import io.previs.contracts.video.VideoReady;
import io.previs.servicekit.jobs.JobContext;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes previs.videos.ready; a clip QC cannot read fails its job, with the reason. */
@Component
class VideosReadyListener {

  private final ClipReview review;

  VideosReadyListener(ClipReview review) {
    this.review = review;
  }

  @KafkaListener(
      topics = "previs.videos.ready",
      groupId = "previs-qc",
      containerFactory = "videosReadyFactory")
  void onVideoReady(VideoReady v) throws Exception {
    review.review(v, JobContext.correlationId(v.jobId()));
  }
}
