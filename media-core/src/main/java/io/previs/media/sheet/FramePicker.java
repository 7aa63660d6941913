package io.previs.media.sheet;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.Mats;
import io.previs.media.frames.ShardInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Picks evenly spaced representative frames from a shard while streaming it, keeping only
 * thumbnails: memory is a few thumbnails whatever the shard's length.
 */
final class FramePicker {

  private FramePicker() {}

  /** The centres of {@code n} equal spans of {@code count} frames. */
  public static long[] indices(long count, int n) {
    int k = (int) Math.min(n, Math.max(count, 0));
    long[] idx = new long[k];
    for (int i = 0; i < k; i++) {
      idx[i] = (long) ((i + 0.5) * count / k);
    }
    return idx;
  }

  /** Thumbnails {@code thumbWidth} wide of {@code n} evenly spaced frames of {@code input}. */
  public static SheetEntry sample(ShardInput input, int variant, long seed, int n, int thumbWidth)
      throws IOException {
    try (FrameSource src = input.open()) {
      return new SheetEntry(variant, seed, pick(src, n, thumbWidth));
    }
  }

  static List<BgrFrame> pick(FrameSource src, int n, int thumbWidth) throws IOException {
    long count = src.info().frameCount();
    return count > 0
        ? pickKnown(src, indices(count, n), thumbWidth)
        : pickUnknown(src, n, thumbWidth);
  }

  private static List<BgrFrame> pickKnown(FrameSource src, long[] idx, int thumbWidth)
      throws IOException {
    List<BgrFrame> out = new ArrayList<>();
    BgrFrame last = null;
    long i = 0;
    int next = 0;
    for (BgrFrame f; next < idx.length && (f = src.next()) != null; i++) {
      last = f;
      if (i == idx[next]) {
        out.add(thumbnail(f, thumbWidth));
        next++;
      }
    }
    // A container that overstated its length: fill with the last frame rather than fail.
    while (out.size() < idx.length && last != null) {
      out.add(thumbnail(last, thumbWidth));
    }
    return out;
  }

  /** Unknown length: keep every stride-th frame, halving the kept set whenever it passes 2n. */
  private static List<BgrFrame> pickUnknown(FrameSource src, int n, int thumbWidth)
      throws IOException {
    List<BgrFrame> kept = new ArrayList<>();
    long stride = 1;
    long i = 0;
    for (BgrFrame f; (f = src.next()) != null; i++) {
      if (i % stride == 0) {
        kept.add(thumbnail(f, thumbWidth));
        if (kept.size() > 2 * n) {
          List<BgrFrame> half = new ArrayList<>();
          for (int k = 0; k < kept.size(); k += 2) {
            half.add(kept.get(k));
          }
          kept = half;
          stride *= 2;
        }
      }
    }
    List<BgrFrame> out = new ArrayList<>();
    for (long k : indices(kept.size(), n)) {
      out.add(kept.get((int) k));
    }
    return out;
  }

  static BgrFrame thumbnail(BgrFrame f, int width) {
    int height = Math.max(2, (int) Math.round((double) f.height() * width / f.width()));
    try (Mat src = Mats.toMat(f);
        Mat dst = new Mat();
        Size size = new Size(width, height)) {
      int mode = width < f.width() ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_CUBIC;
      opencv_imgproc.resize(src, dst, size, 0, 0, mode);
      return Mats.toFrame(dst);
    }
  }
}
