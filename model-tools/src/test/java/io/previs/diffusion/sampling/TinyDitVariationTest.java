package io.previs.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.diffusion.TestBundles;
import io.previs.diffusion.pipeline.RenderSettings;
import io.previs.diffusion.pipeline.TextToVideo;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.onnxkit.runtime.ExecutionConfig;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * "More like this" on the tiny DiT, in the pixels a director sees: its network is not the oracle's
 * closed form, so the distance cannot be predicted, but the render path is the real one (ONNX
 * denoiser, CFG, UniPC, VAE) and "close" must still hold: strength 0 is the chosen take bit for
 * bit, the clip moves away from it as the strength grows, a small strength stays well inside the
 * distance between unrelated seeds, and strength 1 is as far as one.
 */
class TinyDitVariationTest {

  static final long CHOSEN = 4242;

  private static byte[] render(
      TextToVideo t2v, TextEmbedding pos, TextEmbedding neg, RenderSettings s) throws Exception {
    SamplerState state = t2v.start(t2v.plan(s));
    t2v.denoise(state, pos, neg, StepListener.NONE);
    ByteArrayOutputStream rgb = new ByteArrayOutputStream();
    t2v.decode(state, (i, w, h, frame) -> rgb.write(frame));
    return rgb.toByteArray();
  }

  /** RMS difference of two clips, in 8-bit levels. */
  private static double rms(byte[] a, byte[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (a[i] & 0xff) - (b[i] & 0xff);
      sum += d * d;
    }
    return Math.sqrt(sum / a.length);
  }

  @Test
  void aVariationOfTheTinyDitsTakeStaysNearItByItsStrength() throws Exception {
    try (TextToVideo t2v = new TextToVideo(TestBundles.tinyDit(), ExecutionConfig.cpu(1), 2)) {
      TextEmbedding pos = t2v.encode("a ferry leaves the harbour at dawn");
      TextEmbedding neg = t2v.encode("");
      RenderSettings base = RenderSettings.of(128, 128, 17, CHOSEN).withSteps(8);
      byte[] take = render(t2v, pos, neg, base);
      assertThat(
              render(
                  t2v,
                  pos,
                  neg,
                  RenderSettings.of(128, 128, 17, 7).withSteps(8).withVariation(CHOSEN, 0)))
          .isEqualTo(take);

      double apart = 0;
      for (long other = 1; other <= 3; other++) {
        apart +=
            rms(
                render(t2v, pos, neg, RenderSettings.of(128, 128, 17, 500 + other).withSteps(8)),
                take);
      }
      apart /= 3;

      List<String> table = new ArrayList<>();
      double last = 0;
      double[] strengths = {0.1, 0.25, 0.5, 1.0};
      double[] measured = new double[strengths.length];
      for (int i = 0; i < strengths.length; i++) {
        double sum = 0;
        for (long own = 1; own <= 3; own++) {
          sum +=
              rms(
                  render(
                      t2v,
                      pos,
                      neg,
                      RenderSettings.of(128, 128, 17, 900 + own)
                          .withSteps(8)
                          .withVariation(CHOSEN, strengths[i])),
                  take);
        }
        measured[i] = sum / 3;
        table.add(
            String.format(
                Locale.ROOT,
                "strength %.2f: %.2f levels RMS (%.0f %% of unrelated seeds')",
                strengths[i],
                measured[i],
                100 * measured[i] / apart));
        assertThat(measured[i]).as("farther as the strength grows").isGreaterThan(last);
        last = measured[i];
      }
      table.add(String.format(Locale.ROOT, "unrelated seeds: %.2f levels RMS", apart));
      System.out.println(
          "more like this, on the tiny DiT (RMS pixel distance to the chosen take):");
      table.forEach(l -> System.out.println("  " + l));
      assertThat(measured[0]).as("strength 0.1 stays close").isLessThan(0.35 * apart);
      assertThat(measured[3])
          .as("strength 1 is as far as unrelated seeds")
          .isBetween(0.7 * apart, 1.3 * apart);
    }
  }
}
