package io.previs.diffusion.sampling;

/**
 * "More like this": a take near a chosen one. Its initial noise is the chosen take's noise turned
 * by an angle θ = strength·π/2 towards the take's own: x_T = cos θ·ε_chosen + sin θ·ε_own. For two
 * independent standard normal draws that is again exactly standard normal (cos²θ + sin²θ = 1), so
 * the model sees noise of the distribution it was trained on, whatever the strength — unlike adding
 * scaled noise, which inflates the variance. The flow-matching sampler is a deterministic ODE from
 * x_T to the clip, continuous in x_T, so a small angle gives a clip near the chosen one; strength 0
 * is the chosen take itself, strength 1 an unrelated take.
 *
 * @param chosenSeed the seed of the take it stays close to
 * @param strength 0..1: how far from it (0.1–0.3 keeps composition and layout)
 */
public record Variation(long chosenSeed, double strength) {

  public Variation {
    if (!(strength >= 0 && strength <= 1)) {
      throw new IllegalArgumentException("variation strength " + strength + " is outside 0..1");
    }
  }

  /**
   * Turns {@code own} (this take's noise, element for element) into the varied noise, in place:
   * elements {@code [offset, offset + own.length)} of the chosen take's noise are drawn here.
   */
  public void mix(double[] own, long offset) {
    double theta = strength * Math.PI / 2;
    double c = StrictMath.cos(theta);
    double s = StrictMath.sin(theta);
    double[] chosen = new double[own.length];
    GaussianNoise.fill(chosenSeed, GaussianNoise.INITIAL_LATENT, offset, chosen);
    for (int i = 0; i < own.length; i++) {
      own[i] = c * chosen[i] + s * own[i];
    }
  }
}
