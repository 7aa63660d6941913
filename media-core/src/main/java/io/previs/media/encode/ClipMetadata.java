package io.previs.media.encode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the outputs say about where they came from: written as container tags of the MP4 and the
 * ProRes MOV (QuickTime {@code mdta} keys, which ffprobe, exiftool and NLEs show) and as a JPEG
 * comment in the poster.
 *
 * @param extra further tags, lower-case {@code [a-z][a-z0-9_]*} keys (e.g. {@code shot_count})
 */
public record ClipMetadata(
    String jobId, String prompt, long seed, String model, Map<String, String> extra) {

  public static final int MAX_PROMPT = 4000;
  public static final int MAX_VALUE = 1000;
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final java.util.Set<String> RESERVED =
      java.util.Set.of("job_id", "prompt", "seed", "model", "title", "comment", "encoder");

  public ClipMetadata {
    require(jobId, "metadata.jobId", MAX_VALUE);
    require(prompt, "metadata.prompt", MAX_PROMPT);
    require(model, "metadata.model", MAX_VALUE);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
    for (Map.Entry<String, String> e : extra.entrySet()) {
      if (!KEY.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException(
            "metadata.extra key '" + e.getKey() + "' must match " + KEY.pattern());
      }
      if (RESERVED.contains(e.getKey())) {
        throw new IllegalArgumentException(
            "metadata.extra key '" + e.getKey() + "' is reserved; use the named field");
      }
      require(e.getValue(), "metadata.extra." + e.getKey(), MAX_VALUE);
    }
  }

  private static void require(String v, String field, int max) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (v.length() > max) {
      throw new IllegalArgumentException(
          field + " is " + v.length() + " characters; the limit is " + max);
    }
    if (v.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(field + " contains a NUL character");
    }
  }

  public static ClipMetadata of(String jobId, String prompt, long seed, String model) {
    return new ClipMetadata(jobId, prompt, seed, model, Map.of());
  }

  /** Container tags: job_id, prompt, seed, model, a title (the prompt) and the extras. */
  public Map<String, String> tags() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("title", prompt);
    t.put("job_id", jobId);
    t.put("prompt", prompt);
    t.put("seed", Long.toString(seed));
    t.put("model", model);
    t.put("comment", "previs job " + jobId + ", seed " + seed + ", model " + model);
    t.putAll(new java.util.TreeMap<>(extra));
    return t;
  }
}
