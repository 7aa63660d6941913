package io.previs.launcher.e2e;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.topics.Topics;
import java.util.List;
import java.util.Optional;

/** Reading recorded job events back as contract records. */
final class Jobs {

  private Jobs() {}

  static List<JobEvent> events(TopicRecorder rec, String jobId) {
    return rec.where(Topics.JOBS_EVENTS.name(), r -> jobId.equals(r.key())).stream()
        .map(r -> PrevisJson.mapper().readValue(r.value(), JobEvent.class))
        .toList();
  }

  static Optional<JobEvent> first(TopicRecorder rec, String jobId, JobEventType type) {
    return events(rec, jobId).stream().filter(e -> e.type() == type).findFirst();
  }

  static boolean finished(TopicRecorder rec, String jobId) {
    return events(rec, jobId).stream()
        .anyMatch(
            e ->
                e.type() == JobEventType.COMPLETED
                    || e.type() == JobEventType.FAILED
                    || e.type() == JobEventType.REJECTED);
  }

  /** A small, fast render request: 320x192, 17 frames, 8 steps. */
  static String request(String clientJobId, String prompt, int variants) {
    return request("e2e", clientJobId, prompt, variants);
  }

  static String request(String studio, String clientJobId, String prompt, int variants) {
    return """
        {"studio":"%s","clientJobId":"%s","prompt":"%s","width":320,"height":192,
         "frames":17,"steps":8,"variants":%d,"labels":{"show":"previs-e2e"}}"""
        .formatted(studio, clientJobId, prompt, variants);
  }
}
