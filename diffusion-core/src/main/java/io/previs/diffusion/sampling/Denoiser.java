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

  int expertCount();

  String expertName(int expert);
}
