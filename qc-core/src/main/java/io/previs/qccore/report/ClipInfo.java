package io.previs.qccore.report;

/**
 * The clip as QC saw it.
 *
 * @param width source width
 * @param height source height
 * @param fps frames per second; 0 when unknown
 * @param frames frames analysed
 * @param durationSeconds {@code frames / fps}; 0 when fps is unknown
 * @param analysisWidth width the similarity and face checks ran at
 * @param analysisHeight height the similarity and face checks ran at
 * @param flowWidth width optical flow ran at
 * @param expectMotion whether the prompt asked for motion
 * @param expectations what the prompt's words made QC expect, and what each relaxed
 */
public record ClipInfo(
    int width,
    int height,
    double fps,
    int frames,
    double durationSeconds,
    int analysisWidth,
    int analysisHeight,
    int flowWidth,
    boolean expectMotion,
    java.util.List<Expectation> expectations) {

  public ClipInfo {
    expectations = expectations == null ? java.util.List.of() : java.util.List.copyOf(expectations);
  }
}
