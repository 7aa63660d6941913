package io.previs.diffusion.sampling;

import io.previs.diffusion.text.TextEmbedding;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Co-denoised overlapping windows (the FreeNoise / Gen-L-Video family): a velocity model for a shot
 * longer than the inner model's window. At each call every window of the latent is denoised by the
 * inner model and the velocities are blended with {@link ShotWindows}' weights, so the sampler runs
 * one latent, one noise draw and one solver over the whole shot and checkpoints it as one. A
 * context may stand for a sequence of per-window contexts ({@link #withBeats}): a shot list's beats
 * along one shot, each window conditioned on the beat it lies in.
 *
 * <p>Each window is told its place in the shot; a model that uses it (the oracle) then gives each
 * window exactly the shot's velocity restricted to it, and blending changes nothing — which is how
 * the tests prove the blending against the closed-form answer.
 */
public final class WindowedDenoiser implements Denoiser {

  private final Denoiser inner;
  private final ShotWindows windows;
  private final Map<TextEmbedding, List<TextEmbedding>> beats = new IdentityHashMap<>();
  private double[] windowIn = new double[0];
  private double[] windowOut = new double[0];
  private List<ShotWindows.Span> spans;
  private int spansFrames = -1;

  public WindowedDenoiser(Denoiser inner, ShotWindows windows) {
    this.inner = inner;
    this.windows = windows;
  }

  /**
   * Where the sampler passes {@code key}, window k is conditioned on {@code perWindow.get(k)} (the
   * last one for any window past the list's end).
   */
  /** Told after each window's model run: (window, windows), zero-based. */
  @FunctionalInterface
  public interface WindowDone {
    void done(int window, int windows);
  }

  private WindowDone onWindow = (k, n) -> {};

  /** Who is told each window done (the sampler, for progress within a step). */
  WindowedDenoiser onWindow(WindowDone listener) {
    this.onWindow = listener;
    return this;
  }

  public WindowedDenoiser withBeats(TextEmbedding key, List<TextEmbedding> perWindow) {
    if (perWindow.isEmpty()) {
      throw new IllegalArgumentException("beats: at least one context per shot");
    }
    beats.put(key, List.copyOf(perWindow));
    return this;
  }

  @Override
  public void velocity(
      int expert,
      double[] latent,
      long[] shape,
      double timestep,
      TextEmbedding context,
      double[] out) {
    int channels = (int) shape[1];
    int frames = (int) shape[2];
    int plane = (int) (shape[3] * shape[4]);
    List<ShotWindows.Span> spans = spans(frames);
    if (spans.size() == 1) {
      inner.velocity(expert, latent, shape, timestep, context, out, 0, frames);
      return;
    }
    java.util.Arrays.fill(out, 0, channels * frames * plane, 0.0);
    List<TextEmbedding> perWindow = beats.get(context);
    for (int k = 0; k < spans.size(); k++) {
      ShotWindows.Span span = spans.get(k);
      int n = channels * span.length() * plane;
      if (windowIn.length != n) {
        windowIn = new double[n];
        windowOut = new double[n];
      }
      for (int c = 0; c < channels; c++) {
        System.arraycopy(
            latent,
            (c * frames + span.start()) * plane,
            windowIn,
            c * span.length() * plane,
            span.length() * plane);
      }
      TextEmbedding ctx =
          perWindow == null ? context : perWindow.get(Math.min(k, perWindow.size() - 1));
      long[] windowShape = {1, channels, span.length(), shape[3], shape[4]};
      inner.velocity(expert, windowIn, windowShape, timestep, ctx, windowOut, span.start(), frames);
      double[] w = span.weights();
      for (int c = 0; c < channels; c++) {
        for (int j = 0; j < span.length(); j++) {
          double wj = w[j];
          int src = (c * span.length() + j) * plane;
          int dst = (c * frames + span.start() + j) * plane;
          for (int p = 0; p < plane; p++) {
            out[dst + p] += wj * windowOut[src + p];
          }
        }
      }
      onWindow.done(k, spans.size());
    }
  }

  /** The shot's windows, computed once: every step asks for the same shot (twice with guidance). */
  private List<ShotWindows.Span> spans(int frames) {
    if (spansFrames != frames) {
      spans = windows.spans(frames);
      spansFrames = frames;
    }
    return spans;
  }

  @Override
  public int expertCount() {
    return inner.expertCount();
  }

  @Override
  public String expertName(int expert) {
    return inner.expertName(expert);
  }
}
