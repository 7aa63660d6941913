package io.previs.postprocess.clip;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds a variant's deliverables from its shots' lossless frame files, in shot order. */
public interface ClipBuilder {

  /**
   * @param shots local FFV1/Matroska files, one per shot, in order
   * @param metadata written into the MP4 (job id, prompt, seed, model)
   */
  Result build(List<Path> shots, int fps, Map<String, String> metadata, Path outDir)
      throws Exception;

  record Result(
      Path video, Path poster, int frames, int width, int height, double durationSeconds) {}
}
