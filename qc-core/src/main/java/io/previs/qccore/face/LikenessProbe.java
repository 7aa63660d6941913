package io.previs.qccore.face;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Compares a clip's faces with the protected gallery while the clip is analysed: each face track is
 * sampled at several moments (a detected face, large enough, a few frames apart), and a track that
 * resembles a protected person in enough of its samples is a likeness. One per clip; not
 * thread-safe.
 */
final class LikenessProbe {

  /** Frames between two samples of one track: neighbouring frames say nothing new. */
  private static final int EVERY = 3;

  /** Samples per track at most: a long track is judged on a spread of its frames, not all. */
  private static final int MAX_SAMPLES = 16;

  /**
   * A track is a likeness when this share of its samples match (and at least two, or its only one):
   * a single near miss on a blurred frame is not enough, a face that resembles a protected person
   * through the shot is.
   */
  private static final double SHARE = 0.3;

  private final ProtectedGallery gallery;
  private final Map<Integer, Samples> tracks = new LinkedHashMap<>();
  private final Mat face = new Mat();

  LikenessProbe(ProtectedGallery gallery) {
    this.gallery = gallery;
  }

  /** A likeness: the track, whom it resembles, how closely, in which frames. */
  record Likeness(
      int trackId, String person, double distance, int matched, int sampled, int first, int last) {}

  private static final class Samples {
    int sampled;
    int matched;
    int lastFrame = -EVERY;
    int first = -1;
    int last = -1;
    ProtectedGallery.Match best;
    final Map<String, Integer> votes = new LinkedHashMap<>();
  }

  /** A detection of track {@code trackId} at frame {@code t}. */
  void offer(int trackId, int t, Mat gray, Box box) {
    if (box.h() < FaceEmbedding.MIN_FACE) {
      return;
    }
    Samples s = tracks.computeIfAbsent(trackId, k -> new Samples());
    if (s.sampled >= MAX_SAMPLES || t - s.lastFrame < EVERY) {
      return;
    }
    s.lastFrame = t;
    s.sampled++;
    FaceEmbedding.prepare(gray, box, face);
    ProtectedGallery.Match m = gallery.nearest(face);
    if (gallery.matches(m)) {
      s.matched++;
      s.votes.merge(m.person(), 1, Integer::sum);
      s.first = s.first < 0 ? t : s.first;
      s.last = t;
      if (s.best == null || m.distance() < s.best.distance()) {
        s.best = m;
      }
    }
  }

  /** The tracks that resemble a protected person. */
  List<Likeness> likenesses() {
    List<Likeness> out = new ArrayList<>();
    tracks.forEach(
        (id, s) -> {
          boolean enough =
              s.matched >= Math.min(2, s.sampled) && s.matched >= Math.ceil(SHARE * s.sampled);
          if (s.matched > 0 && enough) {
            String person =
                s.votes.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(s.best.person());
            out.add(
                new Likeness(id, person, s.best.distance(), s.matched, s.sampled, s.first, s.last));
          }
        });
    return out;
  }

  void close() {
    face.close();
  }
}
