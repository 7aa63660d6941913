package io.previs.diffusion.sampling;

import io.previs.diffusion.text.TextEmbedding;

/**
 * A velocity model: one or more experts sharing the (latent, timestep, context) → velocity
 * contract.
 */
public interface Denoiser {

  /** Writes the velocity of {@code expert} at (latent, timestep) under {@code context} into out. */
  void velocity(
      int expert,
      double[] latent,
      long[] shape,
      double timestep,
      TextEmbedding context,
      double[] out);

  /**
   * As {@link #velocity(int, double[], long[], double, TextEmbedding, double[])}, for a window of a
   * longer shot: the latent holds latent frames {@code frameOffset ..} of a shot {@code shotFrames}
   * latent frames long. A model that takes its frames' place in the shot as inputs (the oracle
   * does: its field moves with time across the whole shot) gets them; every other model sees the
   * window as a clip of its own, which is how Wan-class models run windowed.
   */
  default void velocity(
      int expert,
      double[] latent,
      long[] shape,
      double timestep,
      TextEmbedding context,
      double[] out,
      int frameOffset,
      int shotFrames) {
    velocity(expert, latent, shape, timestep, context, out);
  }

  int expertCount();

  String expertName(int expert);
}
