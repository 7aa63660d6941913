package io.previs.modeltools.diffusion;

import io.previs.diffusion.sampling.GaussianNoise;

/**
 * Deterministic pseudo-random parameters for generated models: each call draws from its own Philox
 * stream of the generator seed, so a bundle's bytes depend only on (seed, call order) and are the
 * same on every machine.
 */
final class Weights {

  private final long seed;
  private long stream = 1_000;

  Weights(long seed) {
    this.seed = seed;
  }

  /** n values ~ N(0, std²). */
  double[] normal(int n, double std) {
    double[] v = new double[n];
    GaussianNoise.fill(seed, stream++, 0, v);
    for (int i = 0; i < n; i++) {
      v[i] *= std;
    }
    return v;
  }

  /** A [in, out] matrix with the 1/√in scaling that keeps activations at unit variance. */
  double[] matrix(int in, int out, double gain) {
    return normal(in * out, gain / Math.sqrt(in));
  }

  static double[] fill(int n, double value) {
    double[] v = new double[n];
    java.util.Arrays.fill(v, value);
    return v;
  }
}
