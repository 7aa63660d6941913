package io.previs.qccore.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.qccore.config.SimilarityConfig;
import io.previs.qccore.flow.FlowAnalyzer.FlowSeries;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.Finding;
import io.previs.qccore.report.Findings;
import io.previs.qccore.similarity.SimilarityAnalyzer.SimilaritySeries;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The frame checks' rules on hand-made series, where the expected answer is obvious. */
class FrameChecksTest {

  static final int N = 40;
  private final SimilarityConfig cfg = SimilarityConfig.defaults();

  /** A steady pan: moderate SSIM (motion), warp error low (motion explains it), small noise. */
  static final class Clip {
    final SimilaritySeries sim = new SimilaritySeries();
    final FlowSeries flow = new FlowSeries();
    final double[] ssim = new double[N];
    final double[] hist = new double[N];
    final double[] mad = new double[N];
    final double[] luma = new double[N];
    final double[] dark = new double[N];
    final double[] warp = new double[N];
    final double[] brightness = new double[N];
    final double[] magnitude = new double[N];
    final double[] top = new double[N];
    final double[][] red = new double[4][N];

    Clip() {
      Random rnd = new Random(1);
      for (int i = 0; i < N; i++) {
        ssim[i] = 0.6 + 0.02 * rnd.nextGaussian();
        hist[i] = 0.998;
        mad[i] = 6 + 0.3 * rnd.nextGaussian();
        luma[i] = 110 + 0.1 * i;
        warp[i] = 1.5 + 0.1 * rnd.nextGaussian();
        brightness[i] = 0.1 + 0.05 * rnd.nextGaussian();
        magnitude[i] = 1.2 + 0.05 * rnd.nextGaussian();
        top[i] = 1.6;
      }
    }

    FrameChecks.Result run(SimilarityConfig cfg, Findings f) {
      for (int i = 0; i < N; i++) {
        boolean first = i == 0;
        sim.lumaMean.add(luma[i]);
        sim.lumaStd.add(40);
        sim.darkFraction.add(dark[i]);
        sim.uniformFraction.add(0.1);
        for (int q = 0; q < 4; q++) {
          sim.redBalance[q].add(red[q][i]);
          sim.blueBalance[q].add(0);
        }
        sim.ssim.add(first ? Double.NaN : ssim[i]);
        sim.histCorrelation.add(first ? Double.NaN : hist[i]);
        sim.meanAbsDiff.add(first ? Double.NaN : mad[i]);
        flow.magnitude.add(first ? Double.NaN : magnitude[i]);
        flow.topMagnitude.add(first ? Double.NaN : top[i]);
        flow.warpError.add(first ? Double.NaN : warp[i]);
        flow.brightnessChange.add(first ? Double.NaN : brightness[i]);
      }
      return FrameChecks.run(sim, flow, cfg, f, k -> false);
    }
  }

  private static Findings findings() {
    return new Findings(Check::defaultSeverity, c -> true, 16, N);
  }

  @Test
  void steadyPanHasNoFindings() {
    Findings f = findings();
    FrameChecks.Result r = new Clip().run(cfg, f);
    assertThat(f.sorted()).isEmpty();
    assertThat(r.shotStarts()).isEmpty();
  }

  @Test
  void cutIsOnePairWhereStructureAndMotionBothBreak() {
    Clip c = new Clip();
    c.ssim[20] = 0.15;
    c.hist[20] = 0.6;
    c.warp[20] = 25;
    Findings f = findings();
    FrameChecks.Result r = c.run(cfg, f);
    List<Finding> cuts = f.sorted();
    assertThat(cuts)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.check()).isEqualTo(Check.CUT);
              assertThat(x.firstFrame()).isEqualTo(19);
              assertThat(x.lastFrame()).isEqualTo(20);
              assertThat(x.score()).isGreaterThanOrEqualTo(x.threshold());
            });
    assertThat(r.shotStarts()).containsExactly(20);
  }

  @Test
  void lowSsimThatMotionExplainsIsNotACut() {
    Clip c = new Clip();
    c.ssim[20] = 0.15;
    c.hist[20] = 0.6;
    Findings f = findings();
    c.run(cfg, f);
    assertThat(f.sorted()).isEmpty();
  }

  @Test
  void brightnessSwingingAndBackIsFlicker() {
    Clip c = new Clip();
    for (int i = 15; i <= 20; i++) {
      c.brightness[i] = (i % 2 == 0 ? 1 : -1) * 9;
    }
    Findings f = findings();
    c.run(cfg, f);
    assertThat(f.sorted())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.check()).isEqualTo(Check.FLICKER);
              assertThat(x.contains(15, 1)).isTrue();
            });
  }

  @Test
  void aColourCastSwingingOverTheWholeFrameIsFlicker() {
    Clip c = new Clip();
    for (int q = 0; q < 4; q++) {
      for (int i = 15; i <= 20; i++) {
        c.red[q][i] = i % 2 == 0 ? 12 : -12;
      }
    }
    Findings f = findings();
    c.run(cfg, f);
    assertThat(f.sorted())
        .singleElement()
        .satisfies(x -> assertThat(x.check()).isEqualTo(Check.FLICKER));
  }

  @Test
  void aColouredObjectInOneQuadrantIsNotFlicker() {
    Clip c = new Clip();
    for (int i = 15; i <= 20; i++) {
      c.red[1][i] = i % 2 == 0 ? 12 : -12;
    }
    Findings f = findings();
    c.run(cfg, f);
    assertThat(f.sorted()).isEmpty();
  }

  @Test
  void brightnessStepIsNotFlicker() {
    Clip c = new Clip();
    c.brightness[20] = 15;
    Findings f = findings();
    c.run(cfg, f);
    assertThat(f.sorted()).isEmpty();
  }

  @Test
  void repeatedFramesInAMovingClipAreAFreeze() {
    Clip c = new Clip();
    for (int i = 11; i <= 14; i++) {
      c.mad[i] = 0;
      c.magnitude[i] = 0.01;
      c.top[i] = 0.02;
    }
    Findings f = findings();
    c.run(cfg, f);
    assertThat(f.sorted())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.check()).isEqualTo(Check.FREEZE);
              assertThat(x.firstFrame()).isEqualTo(10);
              assertThat(x.lastFrame()).isEqualTo(14);
              assertThat(x.score()).isEqualTo(5);
            });
  }

  @Test
  void tinyDifferencesWithRealMotionAreNotAFreeze() {
    Clip c = new Clip();
    for (int i = 11; i <= 14; i++) {
      c.mad[i] = 0.4;
    }
    Findings f = findings();
    c.run(cfg, f);
    assertThat(f.sorted()).isEmpty();
  }

  @Test
  void aStaticShotIsNotAFreeze() {
    Clip c = new Clip();
    for (int i = 0; i < N; i++) {
      c.mad[i] = 0;
      c.magnitude[i] = 0;
      c.top[i] = 0;
      c.ssim[i] = 1;
      c.warp[i] = 0;
    }
    Findings f = findings();
    c.run(cfg, f);
    assertThat(f.sorted()).isEmpty();
  }

  @Test
  void blackFramesAreOneFindingAndNotAlsoCuts() {
    Clip c = new Clip();
    for (int i = 12; i <= 13; i++) {
      c.dark[i] = 1;
      c.luma[i] = 3;
    }
    for (int i = 12; i <= 14; i++) {
      c.ssim[i] = 0.01;
      c.hist[i] = 0.0;
      c.warp[i] = 80;
      c.brightness[i] = i == 14 ? 107 : -107;
    }
    Findings f = findings();
    FrameChecks.Result r = c.run(cfg, f);
    assertThat(f.sorted())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.check()).isEqualTo(Check.BLACK);
              assertThat(x.firstFrame()).isEqualTo(12);
              assertThat(x.lastFrame()).isEqualTo(13);
            });
    assertThat(r.shotStarts()).isEmpty();
  }

  @Test
  void blackThatOpensOrClosesTheClipIsAFadeAndBlackThroughoutIsBlack() {
    Clip leader = new Clip();
    leader.dark[0] = 1;
    leader.luma[0] = 3;
    leader.brightness[1] = 107;
    Findings f = findings();
    leader.run(cfg, f);
    assertThat(f.sorted())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.check()).isEqualTo(Check.FADE);
              assertThat(x.severity()).isEqualTo(io.previs.qccore.report.Severity.WARNING);
              assertThat(x.message()).contains("open the clip");
            });

    Clip tail = new Clip();
    for (int i = N - 3; i < N; i++) {
      tail.dark[i] = 1;
    }
    Findings t = findings();
    tail.run(cfg, t);
    assertThat(t.sorted()).extracting(Finding::check).containsExactly(Check.FADE);

    Clip all = new Clip();
    java.util.Arrays.fill(all.dark, 1);
    Findings a = findings();
    all.run(cfg, a);
    assertThat(a.sorted()).extracting(Finding::check).containsExactly(Check.BLACK);
  }
}
