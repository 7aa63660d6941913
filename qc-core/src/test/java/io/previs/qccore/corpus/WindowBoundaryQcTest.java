package io.previs.qccore.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.diffusion.pipeline.RenderSettings;
import io.previs.diffusion.pipeline.TextToVideo;
import io.previs.diffusion.sampling.StepListener;
import io.previs.modeltools.diffusion.OracleBundle;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.qccore.ClipContext;
import io.previs.qccore.ClipQc;
import io.previs.qccore.QcSession;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.report.Check;
import io.previs.qccore.report.QcReport;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A long shot past the oracle's 81-frame window, denoised in overlapping windows, shows no cut and
 * no flicker where one window hands over to the next: QC passes it. The control splices two shots
 * at the same frame count, which QC must call a cut, so the check can fail.
 */
class WindowBoundaryQcTest {

  static final int FRAMES = 161; // 10 s at 16 fps: 41 latent frames in three windows of 21

  @Test
  void aWindowedLongShotHasNoCutOrFlickerAtItsWindowBoundaries() throws Exception {
    var bundle =
        OracleBundle.generate(
            Files.createTempDirectory("qc-long-shot"), OracleBundle.Params.defaults());
    List<byte[]> a;
    List<byte[]> b;
    try (TextToVideo t2v = new TextToVideo(bundle, ExecutionConfig.cpu(1), 4)) {
      a = render(t2v, "a red balloon drifts over a harbour at dusk, slow pan", 11);
      b = render(t2v, "neon signs flicker over a rainy alley at night, dolly in", 12);
      assertThat(t2v.plan(RenderSettings.of(320, 192, FRAMES, 11)).windows().spans(41)).hasSize(3);
    }
    try (ClipQc qc = new ClipQc(QcConfig.defaults())) {
      QcReport shot = check(qc, a);
      assertThat(shot.findings(Check.CUT)).isEmpty();
      assertThat(shot.findings(Check.FLICKER)).isEmpty();
      assertThat(shot.verdict().name()).isNotEqualTo("FAIL");

      List<byte[]> spliced = new ArrayList<>(a.subList(0, FRAMES / 2));
      spliced.addAll(b.subList(FRAMES / 2, FRAMES));
      assertThat(check(qc, spliced).findings(Check.CUT)).isNotEmpty();
    }
  }

  private static List<byte[]> render(TextToVideo t2v, String prompt, long seed) {
    var plan = t2v.plan(RenderSettings.of(320, 192, FRAMES, seed).withSteps(10));
    var state = t2v.start(plan);
    t2v.denoise(state, t2v.encode(prompt), t2v.encode(""), StepListener.NONE);
    List<byte[]> frames = new ArrayList<>();
    t2v.decode(state, (index, w, h, rgb) -> frames.add(rgb.clone()));
    assertThat(frames).hasSize(FRAMES);
    return frames;
  }

  private static QcReport check(ClipQc qc, List<byte[]> frames) {
    try (QcSession s = qc.open(ClipContext.of("long-shot").withFps(16).withExpectMotion(true))) {
      for (int i = 0; i < frames.size(); i++) {
        s.frame(i, 320, 192, frames.get(i));
      }
      return s.finish();
    }
  }
}
