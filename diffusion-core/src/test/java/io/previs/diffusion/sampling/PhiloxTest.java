package io.previs.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PhiloxTest {

  /** Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors). */
  @Test
  void matchesRandom123KnownAnswers() {
    int[] out = new int[4];
    Philox.block(0, 0, 0, 0, 0, 0, out);
    assertThat(out).containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
    Philox.block(-1, -1, -1, -1, -1, -1, out);
    assertThat(out).containsExactly(0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
    Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    assertThat(out).containsExactly(0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
  }

  @Test
  void noiseIsStandardNormal() {
    double[] v = new double[400_000];
    GaussianNoise.fill(42, 0, 0, v);
    double mean = Arrays.stream(v).average().orElseThrow();
    double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
    double kurtosis =
        Arrays.stream(v).map(x -> Math.pow(x - mean, 4)).sum() / v.length / (var * var);
    assertThat(mean).isCloseTo(0.0, within(0.01));
    assertThat(var).isCloseTo(1.0, within(0.01));
    assertThat(kurtosis).isCloseTo(3.0, within(0.05));
  }

  @Test
  void anyWindowEqualsTheSameSliceOfTheWholeStream() {
    double[] whole = new double[1001];
    GaussianNoise.fill(7, 3, 0, whole);
    for (int offset : new int[] {0, 1, 2, 333, 998}) {
      double[] part = new double[whole.length - offset];
      GaussianNoise.fill(7, 3, offset, part);
      assertThat(part).containsExactly(Arrays.copyOfRange(whole, offset, whole.length));
    }
  }

  @Test
  void seedsAndStreamsGiveIndependentNoise() {
    double[] a = new double[64];
    double[] b = new double[64];
    double[] c = new double[64];
    GaussianNoise.fill(1, 0, 0, a);
    GaussianNoise.fill(2, 0, 0, b);
    GaussianNoise.fill(1, 1, 0, c);
    assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void noiseValuesArePinnedAcrossReleases() {
    // If this changes, every seed a studio recorded renders something else: bump the format.
    double[] v = new double[4];
    GaussianNoise.fill(2026, 0, 0, v);
    assertThat(Double.doubleToLongBits(v[0])).isEqualTo(PINNED[0]);
    assertThat(Double.doubleToLongBits(v[3])).isEqualTo(PINNED[1]);
  }

  private static final long[] PINNED = {-4624059996837425440L, 4607796057432064207L};
}
