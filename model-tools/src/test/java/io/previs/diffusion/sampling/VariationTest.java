package io.previs.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.previs.diffusion.TestBundles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What "more like this" means for a flow-matching model, shown where it can be computed exactly.
 * The oracle's probability-flow ODE maps its initial noise to the clip affinely, x(0) = μ_g +
 * (s/S(σ0))·(ε − (1 − σ0)·μ_g), so two takes differ by exactly (s/S(σ0))·(ε₁ − ε₂). A variation of
 * strength k turns the chosen take's noise by θ = k·π/2 towards its own: E‖ε_var − ε_chosen‖²/n =
 * 2(1 − cos θ), the clip moves away from the chosen one smoothly and predictably, strength 0 is the
 * chosen take bit for bit, and strength 1 is as far as an unrelated seed.
 */
class VariationTest {

  private static OracleFixture oracle;

  @BeforeAll
  static void open() {
    oracle = new OracleFixture(TestBundles.oracleUniformGuidance(4.0));
  }

  @AfterAll
  static void close() {
    oracle.close();
  }

  private static SamplePlan plan(long seed, Variation v) {
    SamplePlan p = oracle.plan(SolverKind.UNIPC, 40, 1.0, 4.0, seed);
    return new SamplePlan(
        p.latentShape(),
        p.seed(),
        p.solver(),
        p.schedule(),
        p.boundary(),
        p.guidance(),
        p.expertNames(),
        p.windows(),
        v);
  }

  @Test
  void aVariationStaysAsCloseToTheChosenTakeAsItsStrengthSaysAndTheNoiseStaysStandardNormal() {
    long chosen = 1234;
    double[] take = oracle.sample(plan(chosen, null));
    double[] unrelated = oracle.sample(plan(99, null));
    double s0 = plan(chosen, null).schedule().sigmas()[0];
    double s = oracle.dataStd;
    double gain = s / Math.sqrt((1 - s0) * (1 - s0) * s * s + s0 * s0);

    // strength 0: the chosen take, bit for bit (whatever the variant's own seed)
    assertThat(oracle.sample(plan(7, new Variation(chosen, 0)))).isEqualTo(take);

    List<String> table = new ArrayList<>();
    double last = 0;
    for (double k : new double[] {0.05, 0.1, 0.25, 0.5, 1.0}) {
      // several takes at each strength, each with a seed of its own
      double sum = 0;
      int takes = 6;
      for (long own = 1; own <= takes; own++) {
        SamplePlan p = plan(1000 + own, new Variation(chosen, k));
        double[] noise = Sampler.start(p).latent();
        double mean = java.util.Arrays.stream(noise).average().orElseThrow();
        double var =
            java.util.Arrays.stream(noise).map(x -> (x - mean) * (x - mean)).sum() / noise.length;
        assertThat(var).as("standard normal noise at strength %s", k).isCloseTo(1.0, within(0.1));
        sum += OracleFixture.rms(oracle.sample(p), take);
      }
      double measured = sum / takes;
      double theta = k * Math.PI / 2;
      double predicted = gain * Math.sqrt(2 * (1 - Math.cos(theta)));
      table.add(
          String.format(
              Locale.ROOT, "strength %.2f: distance %.4f, predicted %.4f", k, measured, predicted));
      assertThat(measured).as("strength %s", k).isCloseTo(predicted, within(0.1 * predicted));
      assertThat(measured).as("farther as the strength grows").isGreaterThan(last);
      last = measured;
    }
    double apart = OracleFixture.rms(unrelated, take);
    table.add(String.format(Locale.ROOT, "unrelated seed: distance %.4f", apart));
    System.out.println("more like this, on the oracle (RMS distance to the chosen take):");
    table.forEach(l -> System.out.println("  " + l));
    assertThat(last)
        .as("strength 1 is as far as an unrelated seed")
        .isCloseTo(apart, within(0.15 * apart));
  }
}
