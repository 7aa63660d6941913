package io.previs.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShotWindowsTest {

  @ParameterizedTest
  @CsvSource({
    "21, 5, 61",
    "21, 5, 22",
    "9, 2, 17",
    "5, 2, 13",
    "21, 10, 241",
    "5, 4, 6",
    "21, 5, 241"
  })
  void windowsCoverTheShotAndTheirWeightsSumToOneOnEveryFrame(int window, int overlap, int frames) {
    List<ShotWindows.Span> spans = new ShotWindows(window, overlap).spans(frames);
    double[] sum = new double[frames];
    int[] cover = new int[frames];
    for (int k = 0; k < spans.size(); k++) {
      ShotWindows.Span s = spans.get(k);
      assertThat(s.length()).isEqualTo(window);
      assertThat(s.start()).isBetween(0, frames - window);
      if (k > 0) {
        // neighbours share at least the overlap
        assertThat(spans.get(k - 1).start() + window - s.start()).isGreaterThanOrEqualTo(overlap);
      }
      for (int j = 0; j < window; j++) {
        assertThat(s.weights()[j]).isBetween(0.0, 1.0);
        sum[s.start() + j] += s.weights()[j];
        cover[s.start() + j]++;
      }
    }
    assertThat(spans.get(0).start()).isZero();
    assertThat(spans.get(spans.size() - 1).start() + window).isEqualTo(frames);
    for (int f = 0; f < frames; f++) {
      assertThat(sum[f])
          .as("frame %d", f)
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(cover[f]).isPositive();
    }
  }

  @ParameterizedTest
  @CsvSource({"21, 5, 61", "9, 2, 17"})
  void aWindowFadesInAndOutSmoothlyOverItsOverlaps(int window, int overlap, int frames) {
    List<ShotWindows.Span> spans = new ShotWindows(window, overlap).spans(frames);
    ShotWindows.Span middle = spans.get(1);
    double[] w = middle.weights();
    // rises from its edges to a peak inside, without a jump
    assertThat(w[0]).isLessThan(0.5);
    assertThat(w[window - 1]).isLessThan(0.5);
    int peak = 0;
    for (int j = 1; j < window; j++) {
      if (w[j] > w[peak]) {
        peak = j;
      }
      assertThat(Math.abs(w[j] - w[j - 1])).as("step at %d", j).isLessThan(0.6);
    }
    assertThat(peak).isBetween(1, window - 2);
    assertThat(w[peak]).isGreaterThan(0.5);
  }

  @ParameterizedTest
  @CsvSource({"21, 21, 5", "5, 21, 5"})
  void aShotThatFitsOneWindowIsOneSpanOfOnes(int frames, int window, int overlap) {
    List<ShotWindows.Span> spans = new ShotWindows(window, overlap).spans(frames);
    if (frames <= window) {
      assertThat(spans).singleElement().satisfies(s -> assertThat(s.weights()).containsOnly(1.0));
    }
    assertThat(ShotWindows.NONE.spans(frames)).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource({"5, 0", "5, 5", "5, 7"})
  void anOverlapOutsideTheWindowIsRefusedWithTheLimit(int window, int overlap) {
    assertThatThrownBy(() -> new ShotWindows(window, overlap))
        .hasMessageContaining("1 to window − 1");
  }
}
