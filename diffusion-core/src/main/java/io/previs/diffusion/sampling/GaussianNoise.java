package io.previs.diffusion.sampling;

/**
 * Standard normal noise from {@link Philox}: element {@code i} of stream {@code s} under seed
 * {@code seed} is a pure function of (seed, s, i). Each Philox block (counter = [i/2 low, i/2 high,
 * s, 0], key = seed low/high words) gives four 32-bit words, i.e. two 53-bit uniforms u1, u2, and
 * Box–Muller turns them into elements 2k and 2k+1: √(−2 ln(1−u1))·cos(2πu2) and ·sin(2πu2).
 * StrictMath (fdlibm) makes log/cos/sin identical on every JVM; java.util.Random is avoided because
 * its nextGaussian algorithm is not specified across versions.
 */
public final class GaussianNoise {

  /** Stream id of the initial latent noise; later streams are free for stochastic samplers. */
  public static final long INITIAL_LATENT = 0;

  private static final double TWO_PI = 2 * Math.PI;
  private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

  private GaussianNoise() {}

  /** Fills {@code out} with elements [offset, offset + out.length) of the given stream. */
  public static void fill(long seed, long stream, long offset, double[] out) {
    int k0 = (int) seed;
    int k1 = (int) (seed >>> 32);
    int[] words = new int[4];
    long i = offset;
    int j = 0;
    while (j < out.length) {
      long blockIndex = i >>> 1;
      Philox.block(
          (int) blockIndex,
          (int) (blockIndex >>> 32),
          (int) stream,
          (int) (stream >>> 32),
          k0,
          k1,
          words);
      double u1 = uniform(words[0], words[1]);
      double u2 = uniform(words[2], words[3]);
      double r = Math.sqrt(-2.0 * StrictMath.log(1.0 - u1));
      double theta = TWO_PI * u2;
      if ((i & 1) == 0) {
        out[j++] = r * StrictMath.cos(theta);
        i++;
        if (j == out.length) {
          break;
        }
      }
      out[j++] = r * StrictMath.sin(theta);
      i++;
    }
  }

  /** A uniform double in [0, 1) from the top 53 bits of two words. */
  static double uniform(int hi, int lo) {
    long bits = ((hi & 0xFFFFFFFFL) << 32) | (lo & 0xFFFFFFFFL);
    return (bits >>> 11) * TWO_POW_MINUS_53;
  }
}
