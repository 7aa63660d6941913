package io.previs.qccore.face;

import io.previs.qccore.similarity.Ssim;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The views of one face its track has shown intact: up to {@link #CAPACITY} aligned patches, taken
 * at least {@link #SPACING} frames apart, each with the box size it was seen at. A face that turns
 * away and back, tilts, or changes expression looks unlike the track's single running reference but
 * like one of these; a warped or smeared face looks like none of them. When full, the view most
 * like another is dropped, not the oldest, so the bank keeps the range of poses the face has shown.
 */
final class Views implements AutoCloseable {

  static final int CAPACITY = 8;
  static final int SPACING = 3;

  /** Views are compared only with a face seen within this size ratio: detail depends on scale. */
  static final double SCALE_RATIO = 1.5;

  record View(Mat patch, double size, int frame) {}

  private final List<View> views = new ArrayList<>();

  /** Views at a scale comparable with a face of this size. */
  List<View> near(double size) {
    List<View> out = new ArrayList<>();
    for (View v : views) {
      double r = v.size() / size;
      if (r <= SCALE_RATIO && r >= 1 / SCALE_RATIO) {
        out.add(v);
      }
    }
    return out;
  }

  /** Whether a patch seen at {@code frame} would be kept: the last view is old enough. */
  boolean due(int frame) {
    return views.isEmpty() || frame - views.getLast().frame() >= SPACING;
  }

  /** Keeps an intact patch seen at {@code frame}, if it is {@link #due}. */
  void offer(Mat patch, double size, int frame, Ssim ssim) {
    if (!due(frame)) {
      return;
    }
    views.add(new View(patch.clone(), size, frame));
    if (views.size() > CAPACITY) {
      dropMostRedundant(ssim);
    }
  }

  /** Drops the view whose SSIM with its nearest neighbour in the bank is the highest. */
  private void dropMostRedundant(Ssim ssim) {
    int worst = -1;
    double most = Double.NEGATIVE_INFINITY;
    // the newest view stays: it is the face's current pose
    for (int i = 0; i < views.size() - 1; i++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < views.size(); j++) {
        if (j != i) {
          best = Math.max(best, ssim.compute(views.get(i).patch(), views.get(j).patch()));
        }
      }
      if (best > most) {
        most = best;
        worst = i;
      }
    }
    views.remove(worst).patch().close();
  }

  int size() {
    return views.size();
  }

  @Override
  public void close() {
    views.forEach(v -> v.patch().close());
    views.clear();
  }
}
