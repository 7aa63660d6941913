package io.previs.contracts.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A validated, normalised job: what will be rendered, with every default resolved, so that a job
 * can be reproduced from its accepted event alone.
 *
 * @param seed base seed; variant v renders with seed + v
 * @param steps, guidance null means the model's defaults
 * @param shardCount shots × variants
 */
public record JobSpec(
    String studio,
    String clientJobId,
    List<ShotSpec> shots,
    int variants,
    int fps,
    int width,
    int height,
    long seed,
    Integer steps,
    Double guidance,
    String modelId,
    Priority priority,
    Map<String, String> labels,
    int shardCount,
    Instant submittedAt) {

  /** One shot with its resolved frame count. */
  public record ShotSpec(int index, String prompt, String negativePrompt, int frames) {}

  public long seedOf(int variant) {
    return seed + variant;
  }
}
