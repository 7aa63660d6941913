package io.previs.qccore.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.qccore.config.FlowConfig;
import io.previs.qccore.flow.FlowAnalyzer.FlowSeries;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Findings;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The motion checks' rules on hand-made flow series. */
class MotionChecksTest {

  static final int N = 40;
  private final FlowConfig cfg = FlowConfig.defaults();
  private final double[] magnitude = new double[N];
  private final double[] top = new double[N];
  private final double[] warp = new double[N];
  private final double[] jitter = new double[N];
  private final double[] cosine = new double[N];

  MotionChecksTest() {
    Random rnd = new Random(2);
    for (int i = 0; i < N; i++) {
      magnitude[i] = 0.8 + 0.05 * rnd.nextGaussian();
      top[i] = 1.2;
      warp[i] = 1.2 + 0.1 * rnd.nextGaussian();
      jitter[i] = 0.1 + 0.02 * rnd.nextGaussian();
      cosine[i] = 0.98;
    }
  }

  private Findings run(boolean expectMotion) {
    FlowSeries s = new FlowSeries();
    for (int i = 0; i < N; i++) {
      boolean first = i == 0;
      s.magnitude.add(first ? Double.NaN : magnitude[i]);
      s.topMagnitude.add(first ? Double.NaN : top[i]);
      s.warpError.add(first ? Double.NaN : warp[i]);
      s.jitter.add(i < 2 ? Double.NaN : jitter[i]);
      s.directionCosine.add(i < 2 ? Double.NaN : cosine[i]);
    }
    Findings f = new Findings(Check::defaultSeverity, c -> true, 16, N);
    MotionChecks.run(s, cfg, expectMotion, f, java.util.List.of());
    return f;
  }

  @Test
  void smoothMotionHasNoFindings() {
    assertThat(run(true).sorted()).isEmpty();
  }

  @Test
  void twoFlipsAFewFramesApartAreAReversal() {
    // flows at pairs 13..16 point backwards: flips at 13 and 17
    cosine[13] = -0.97;
    cosine[17] = -0.96;
    jitter[13] = 1.6;
    jitter[17] = 1.6;
    assertThat(run(false).sorted())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo(Check.REVERSAL);
              assertThat(f.firstFrame()).isEqualTo(12);
              assertThat(f.lastFrame()).isEqualTo(16);
            });
  }

  @Test
  void manyFlipsAreJitterNotReversals() {
    for (int i = 10; i <= 17; i++) {
      cosine[i] = i % 2 == 0 ? -0.8 : 0.2;
      jitter[i] = 1.5;
    }
    assertThat(run(false).sorted())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo(Check.JITTER);
              assertThat(f.contains(10, 1)).isTrue();
            });
  }

  @Test
  void aWarpErrorSpikeIsReported() {
    warp[25] = 15;
    assertThat(run(false).sorted())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo(Check.WARP_ERROR);
              assertThat(f.lastFrame()).isEqualTo(25);
            });
  }

  @Test
  void aStaticClipIsAFindingOnlyWhenMotionWasAskedFor() {
    for (int i = 0; i < N; i++) {
      magnitude[i] = 0.01;
      top[i] = 0.02;
      cosine[i] = 0;
      jitter[i] = 0.01;
      warp[i] = 0.3;
    }
    assertThat(run(false).sorted()).isEmpty();
    assertThat(run(true).sorted())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo(Check.STATIC);
              assertThat(f.firstFrame()).isZero();
              assertThat(f.lastFrame()).isEqualTo(N - 1);
            });
  }
}
