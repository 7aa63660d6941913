package io.previs.editorial;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One shot of a cut and the take chosen for it.
 *
 * @param shot the shot's name (e.g. "sq010_sh020")
 * @param take display name of the take, e.g. "sq010_sh020 v002 take 3"
 * @param fileName the take's file, relative to the timeline file (e.g. "sq010_sh020_v002_t3.mp4")
 * @param fps the take's own frame rate (may differ from the cut's)
 * @param sourceStart first frame used, in the take's frames
 * @param frames frames used, in the take's frames (&gt; 0)
 * @param availableFrames frames the file has (sourceStart + frames &lt;= availableFrames)
 * @param metadata carried into the OTIO clip's metadata under "previs" (jobId, variant, version,
 *     seed, qc verdict …); may be empty; kept sorted by key so the written file is stable
 * @param markers notes at frames of the take (QC findings, director notes), each within the frames
 *     used
 */
public record CutClip(
    String shot,
    String take,
    String fileName,
    int fps,
    int sourceStart,
    int frames,
    int availableFrames,
    Map<String, String> metadata,
    List<CutMarker> markers) {

  /** The key under "previs" that holds {@link #shot}, so metadata may not use it. */
  public static final String SHOT_KEY = "shot";

  public CutClip {
    Checks.text(shot, "shot");
    Checks.text(take, "take");
    Checks.text(fileName, "fileName");
    // The timeline travels with its takes (a zip, a review folder): an absolute path or URL
    // would point at the farm's storage, which the editor's machine cannot see.
    if (fileName.startsWith("/") || fileName.startsWith("\\") || fileName.contains(":")) {
      throw new IllegalArgumentException(
          "fileName must be relative to the timeline file, was " + fileName);
    }
    Checks.inRange(fps, 1, Cut.MAX_FPS, "fps");
    Checks.atLeast(sourceStart, 0, "sourceStart");
    Checks.positive(frames, "frames");
    long end = (long) sourceStart + frames;
    if (availableFrames < end) {
      throw new IllegalArgumentException(
          "availableFrames must be >= sourceStart + frames (" + end + "), was " + availableFrames);
    }
    metadata = sorted(metadata);
    markers = Checks.list(markers, "markers");
    for (int i = 0; i < markers.size(); i++) {
      int frame = markers.get(i).frame();
      // A note outside the used frames is not on screen in the NLE, and in the EDL it would
      // land on the next shot's record time.
      if (frame < sourceStart || frame >= end) {
        throw new IllegalArgumentException(
            "markers[%d].frame must be in %d..%d (the frames used), was %d"
                .formatted(i, sourceStart, end - 1, frame));
      }
    }
  }

  private static Map<String, String> sorted(Map<String, String> metadata) {
    if (metadata == null) {
      throw new IllegalArgumentException("metadata must not be null (use Map.of())");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("metadata must not hold null keys or values");
      }
      copy.put(e.getKey(), e.getValue());
    }
    if (copy.containsKey(SHOT_KEY)) {
      throw new IllegalArgumentException(
          "metadata must not use the key \"" + SHOT_KEY + "\" (it holds the shot's name)");
    }
    return Collections.unmodifiableMap(copy);
  }
}
