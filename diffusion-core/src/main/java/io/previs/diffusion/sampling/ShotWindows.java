package io.previs.diffusion.sampling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a shot longer than the model's window is denoised: windows of {@code window} latent frames
 * from the shot's first frame to its last, spread evenly so that neighbours share at least {@code
 * overlap}, each frame's velocity the weighted mean of the windows that cover it. The weights ramp
 * up and down over the overlaps on a raised cosine and sum to one on every frame, so there is no
 * seam: the whole shot follows one trajectory from one noise draw.
 *
 * @param window latent frames per window (the model's length); 0 for a shot of one window
 * @param overlap latent frames shared by neighbouring windows, 1 to window − 1
 */
public record ShotWindows(int window, int overlap) {

  public static final ShotWindows NONE = new ShotWindows(0, 0);

  public ShotWindows {
    if (window < 0 || (window > 0 && (overlap < 1 || overlap >= window))) {
      throw new IllegalArgumentException(
          "window overlap must be 1 to window − 1 latent frames: window "
              + window
              + ", overlap "
              + overlap);
    }
  }

  /** One window of a shot, and each of its frames' weight. */
  public record Span(int start, int length, double[] weights) {}

  public boolean windowed() {
    return window > 0;
  }

  /** The windows of a shot of {@code frames} latent frames, first to last. */
  public List<Span> spans(int frames) {
    if (!windowed() || frames <= window) {
      double[] ones = new double[frames];
      java.util.Arrays.fill(ones, 1.0);
      return List.of(new Span(0, frames, ones));
    }
    // As few windows as keep every overlap at least `overlap`, spread evenly from the first frame
    // to the last (the overlaps then differ by one frame at most).
    int n = (int) Math.ceil((double) (frames - overlap) / (window - overlap));
    List<Integer> starts = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      starts.add((int) Math.round((double) k * (frames - window) / (n - 1)));
    }
    double[] total = new double[frames];
    List<double[]> raw = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      int s = starts.get(k);
      double[] w = new double[window];
      for (int j = 0; j < window; j++) {
        double up = k == 0 ? 1 : ramp(j, s, starts.get(k - 1) + window);
        double down =
            k == starts.size() - 1 ? 1 : ramp(window - 1 - j, starts.get(k + 1), s + window);
        w[j] = up * down;
        total[s + j] += w[j];
      }
      raw.add(w);
    }
    List<Span> out = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      int s = starts.get(k);
      double[] w = raw.get(k);
      for (int j = 0; j < window; j++) {
        w[j] /= total[s + j];
      }
      out.add(new Span(s, window, w));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Raised-cosine ramp over a window's shared frames: {@code j} frames in from the window's edge,
   * where the shared stretch is {@code [sharedFrom, sharedTo)} in shot frames, so a window's weight
   * is near 0 where it meets its neighbour's interior and 1 past the overlap.
   */
  private static double ramp(int j, int sharedFrom, int sharedTo) {
    int shared = Math.max(1, sharedTo - sharedFrom);
    if (j >= shared) {
      return 1;
    }
    double x = (j + 0.5) / shared;
    return 0.5 - 0.5 * Math.cos(Math.PI * x);
  }

  /** Model calls per step compared with a single window of the same shot. */
  public int windowsFor(int frames) {
    return spans(frames).size();
  }
}
