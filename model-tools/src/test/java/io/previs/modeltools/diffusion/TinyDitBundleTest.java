package io.previs.modeltools.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.diffusion.TestBundles;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.diffusion.pipeline.RenderSettings;
import io.previs.diffusion.pipeline.TextToVideo;
import io.previs.diffusion.sampling.SamplePlan;
import io.previs.diffusion.sampling.SamplerState;
import io.previs.diffusion.sampling.StepProgress;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.onnxkit.graph.OnnxGraphSummary;
import io.previs.onnxkit.runtime.ExecutionConfig;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TinyDitBundleTest {

  @Test
  void weightsLiveInPageAlignedExternalDataFiles() throws Exception {
    ModelBundle b = TestBundles.tinyDit();
    OnnxGraphSummary s = OnnxGraphSummary.read(b.denoiser().experts().get(0).file());
    assertThat(s.externalData()).isNotEmpty();
    assertThat(s.externalData())
        .allSatisfy(
            ref -> {
              assertThat(ref.location()).isEqualTo("high_noise.onnx.data");
              assertThat(ref.offset() % 65536).isZero();
            });
    assertThat(Files.size(b.directory().resolve("high_noise.onnx")))
        .isLessThan(Files.size(b.directory().resolve("high_noise.onnx.data")));
  }

  @Test
  void twoExpertsRunAndDecodeToTheRequestedVideo() {
    ModelBundle b = TestBundles.tinyDit();
    try (TextToVideo t2v = new TextToVideo(b, ExecutionConfig.cpu(1), 2)) {
      TextEmbedding pos = t2v.encode("a knight rides through fog at dawn, tracking shot");
      TextEmbedding neg = t2v.encode("");
      assertThat(pos.dim()).isEqualTo(64);
      SamplePlan plan = t2v.plan(RenderSettings.of(256, 256, 9, 1).withSteps(4).withShift(1.0));
      assertThat(plan.latentShape()).containsExactly(1, 16, 3, 32, 32);
      SamplerState state = t2v.start(plan);
      List<StepProgress> steps = new ArrayList<>();
      t2v.denoise(state, pos, neg, (p, s) -> steps.add(p));
      // Shift 1, 4 steps: timesteps 999, 749, 499, 249; only the first is ≥ 875.
      assertThat(steps)
          .extracting(StepProgress::expertName)
          .containsExactly("high_noise", "low_noise", "low_noise", "low_noise");
      assertThat(Arrays.stream(state.latent()).allMatch(Double::isFinite)).isTrue();
      int[] count = {0};
      int frames =
          t2v.decode(
              state,
              (i, w, h, rgb) -> {
                assertThat(w).isEqualTo(256);
                assertThat(h).isEqualTo(256);
                count[0]++;
              });
      assertThat(frames).isEqualTo(9).isEqualTo(count[0]);
    }
  }

  @Test
  void generationIsDeterministic() throws Exception {
    var dir = Files.createTempDirectory("tiny-again");
    TinyDitBundle.generate(dir, TinyDitBundle.Params.defaults());
    for (String f :
        new String[] {
          "high_noise.onnx", "high_noise.onnx.data", "text_encoder.onnx", "tokenizer.json"
        }) {
      assertThat(Files.readAllBytes(dir.resolve(f)))
          .as(f)
          .isEqualTo(Files.readAllBytes(TestBundles.tinyDit().directory().resolve(f)));
    }
  }
}
