package io.previs.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.previs.diffusion.TestBundles;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.diffusion.pipeline.RenderSettings;
import io.previs.diffusion.pipeline.TextToVideo;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.onnxkit.runtime.ExecutionConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shots longer than the model's window, denoised in co-denoised overlapping windows.
 *
 * <p>The oracle's data is independent per latent frame and its field moves over the whole shot, so
 * each window's exact velocity is the shot's exact velocity restricted to the window: blending must
 * change nothing, and a windowed shot must equal the closed-form answer and the same shot taken in
 * one window. The tiny DiT has no such symmetry; there a windowed shot must be deterministic and
 * resume bit-identically from a checkpoint taken mid-shot.
 */
class WindowedShotTest {

  private static OracleFixture oracle;

  @BeforeAll
  static void open() {
    oracle = new OracleFixture(TestBundles.oracle());
  }

  @AfterAll
  static void close() {
    oracle.close();
  }

  private SamplePlan plan(long[] shape, ShotWindows windows) {
    FlowSchedule schedule = FlowSchedule.of(40, 12.0, 1000, TimestepRounding.NONE);
    return new SamplePlan(
        shape,
        7,
        SolverKind.UNIPC,
        schedule,
        0.875,
        new double[] {4.0, 3.0},
        OracleFixture.names(oracle.bundle),
        windows);
  }

  @Test
  void aWindowedOracleShotIsTheClosedFormAnswerAndTheOneWindowShot() {
    // 13 latent frames (49 frames) in windows of 5 sharing 2: four windows
    long[] shape = {1, 16, 13, 6, 8};
    ShotWindows windows = new ShotWindows(5, 2);
    assertThat(windows.spans(13)).hasSize(4);
    SamplePlan windowed = plan(shape, windows);
    SamplePlan single = plan(shape, ShotWindows.NONE);

    double[] w = oracle.sample(windowed);
    double[] one = oracle.sample(single);
    double[] exact = oracle.exactSample(single, 0); // guidance per expert: compared below

    // blending exact window velocities changes nothing: the same trajectory to rounding
    double scale = Math.sqrt(OracleFixture.rms(one, new double[one.length]));
    assertThat(OracleFixture.rms(w, one)).isLessThan(1e-12 * Math.max(1, scale));
    // and both solve the ODE as well as a one-window render solves it against the closed form
    double errOne = OracleFixture.rms(one, oracle.exactSample(single, 4.0));
    double errWindowed = OracleFixture.rms(w, oracle.exactSample(single, 4.0));
    assertThat(errWindowed).isCloseTo(errOne, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(exact).hasSameSizeAs(w);
  }

  @Test
  void progressWithinAStepReportsEveryWindowOfEveryGuidancePassInOrder() {
    long[] shape = {1, 16, 13, 6, 8};
    SamplePlan windowed = plan(shape, new ShotWindows(5, 2)); // four windows
    java.util.List<WindowProgress> windows = new java.util.ArrayList<>();
    java.util.List<Double> fractions = new java.util.ArrayList<>();
    SamplerState s = Sampler.start(windowed);
    Sampler.run(
        s,
        oracle.denoiser,
        oracle.positive,
        oracle.negative,
        new StepListener() {
          @Override
          public void onStep(StepProgress p, SamplerState state) {
            fractions.add(p.fractionDone());
          }

          @Override
          public void onWindow(WindowProgress p) {
            windows.add(p);
            fractions.add(p.fractionDone());
          }
        });

    // 40 steps × 2 guidance passes × 4 windows, in order, between the steps' own reports
    assertThat(windows).hasSize(40 * 2 * 4);
    for (int i = 0; i < windows.size(); i++) {
      WindowProgress w = windows.get(i);
      assertThat(w.step()).isEqualTo(i / 8);
      assertThat(w.pass()).isEqualTo(i / 4 % 2);
      assertThat(w.window()).isEqualTo(i % 4);
      assertThat(w.windows()).isEqualTo(4);
      assertThat(w.passes()).isEqualTo(2);
      assertThat(w.sigma()).isEqualTo(windowed.schedule().sigmas()[w.step()]);
    }
    assertThat(fractions).isSorted().hasSize(40 * 9);
    assertThat(windows.get(3).fractionDone()).isCloseTo(0.5 / 40, within(1e-12));
    assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);

    // a shot of one window reports steps only
    java.util.List<WindowProgress> none = new java.util.ArrayList<>();
    Sampler.run(
        Sampler.start(plan(shape, ShotWindows.NONE)),
        oracle.denoiser,
        oracle.positive,
        oracle.negative,
        new StepListener() {
          @Override
          public void onStep(StepProgress p, SamplerState state) {}

          @Override
          public void onWindow(WindowProgress p) {
            none.add(p);
          }
        });
    assertThat(none).isEmpty();
  }

  @Test
  void withoutItsPlaceInTheShotAWindowSeesAClipOfItsOwnAndTheBlendShows() {
    // the control: the same windows on a model told nothing of the shot differ from the one-window
    // shot, so the equality above is the blending's doing, not a test that cannot fail
    long[] shape = {1, 16, 13, 6, 8};
    Denoiser positionBlind =
        new Denoiser() {
          @Override
          public void velocity(
              int e, double[] x, long[] s, double t, TextEmbedding c, double[] out) {
            oracle.denoiser.velocity(e, x, s, t, c, out);
          }

          @Override
          public int expertCount() {
            return oracle.denoiser.expertCount();
          }

          @Override
          public String expertName(int e) {
            return oracle.denoiser.expertName(e);
          }
        };
    SamplePlan windowed = plan(shape, new ShotWindows(5, 2));
    SamplerState s = Sampler.start(windowed);
    Sampler.run(s, positionBlind, oracle.positive, oracle.negative, StepListener.NONE);
    double[] one = oracle.sample(plan(shape, ShotWindows.NONE));
    assertThat(OracleFixture.rms(s.latent(), one)).isGreaterThan(1e-3);
  }

  @Test
  void everyWindowOfABeatSheetGetsItsOwnContext() {
    long[] shape = {1, 16, 9, 6, 8};
    ShotWindows windows = new ShotWindows(5, 2);
    assertThat(windows.spans(9)).hasSize(3);
    SamplePlan plan = plan(shape, windows);
    SamplerState same = Sampler.start(plan);
    Sampler.run(
        same,
        new WindowedDenoiser(oracle.denoiser, windows)
            .withBeats(oracle.positive, List.of(oracle.positive, oracle.positive, oracle.positive)),
        oracle.positive,
        oracle.negative,
        StepListener.NONE);
    assertThat(same.latent()).containsExactly(oracle.sample(plan));

    SamplerState beats = Sampler.start(plan);
    Sampler.run(
        beats,
        new WindowedDenoiser(oracle.denoiser, windows)
            .withBeats(oracle.positive, List.of(oracle.positive, oracle.positive, oracle.negative)),
        oracle.positive,
        oracle.negative,
        StepListener.NONE);
    // the first window's frames follow beat one; the last frames follow beat three
    int plane = 6 * 8;
    double[] a = same.latent();
    double[] b = beats.latent();
    double first = 0;
    double last = 0;
    for (int c = 0; c < 16; c++) {
      for (int p = 0; p < plane; p++) {
        first = Math.max(first, Math.abs(a[(c * 9) * plane + p] - b[(c * 9) * plane + p]));
        last = Math.max(last, Math.abs(a[(c * 9 + 8) * plane + p] - b[(c * 9 + 8) * plane + p]));
      }
    }
    assertThat(first).isLessThan(1e-9);
    assertThat(last).isGreaterThan(1e-2);
  }

  @Test
  void aTinyDitShotPastItsWindowIsDeterministicAndResumesBitIdenticallyMidShot() {
    ModelBundle b = TestBundles.tinyDit();
    try (TextToVideo t2v = new TextToVideo(b, ExecutionConfig.cpu(1), 2)) {
      TextEmbedding pos = t2v.encode("she runs along the harbour wall, then looks back");
      TextEmbedding neg = t2v.encode("");
      // the tiny DiT's window is 33 frames (9 latent); 65 frames is 17 latent frames
      SamplePlan plan = t2v.plan(RenderSettings.of(128, 128, 65, 3).withSteps(6));
      assertThat(plan.windows().windowed()).isTrue();
      assertThat(plan.windows().window()).isEqualTo(9);
      assertThat(plan.latentShape()[2]).isEqualTo(17);

      SamplerState a = t2v.start(plan);
      t2v.denoise(a, pos, neg, StepListener.NONE);
      SamplerState again = t2v.start(plan);
      t2v.denoise(again, pos, neg, StepListener.NONE);
      assertThat(again.latent()).containsExactly(a.latent());

      String cond = pos.fingerprint() + neg.fingerprint();
      SamplerState first = t2v.start(plan);
      Sampler.run(first, t2v.denoiser(), pos, neg, StepListener.NONE, 3);
      SamplerState resumed = SamplerState.restore(plan, first.checkpoint(cond), cond);
      t2v.denoise(resumed, pos, neg, StepListener.NONE);
      assertThat(resumed.latent()).containsExactly(a.latent());

      // and the windowed plan is not the one-window plan's: a checkpoint of one does not resume
      // the other
      assertThat(plan.fingerprint())
          .isNotEqualTo(
              new SamplePlan(
                      plan.latentShape(),
                      plan.seed(),
                      plan.solver(),
                      plan.schedule(),
                      plan.boundary(),
                      plan.guidance(),
                      plan.expertNames())
                  .fingerprint());
    }
  }

  @Test
  void aTinyDitShotsBeatsConditionTheirWindowsThroughTheRenderPath() {
    ModelBundle b = TestBundles.tinyDit();
    try (TextToVideo t2v = new TextToVideo(b, ExecutionConfig.cpu(1), 2)) {
      TextEmbedding runs = t2v.encode("she runs along the harbour wall");
      TextEmbedding jumps = t2v.encode("she jumps onto the moving ferry");
      TextEmbedding neg = t2v.encode("");
      // 65 frames: 17 latent frames in windows of 9; the second beat starts at frame 40
      SamplePlan plan = t2v.plan(RenderSettings.of(128, 128, 65, 3).withSteps(4));
      List<TextToVideo.Beat> beats =
          List.of(new TextToVideo.Beat(0, runs), new TextToVideo.Beat(40, jumps));
      List<TextEmbedding> perWindow = t2v.contexts(plan, beats);
      assertThat(perWindow).hasSize(plan.windows().spans(17).size());
      assertThat(perWindow.get(0)).isSameAs(runs);
      assertThat(perWindow.get(perWindow.size() - 1)).isSameAs(jumps);

      SamplerState withBeats = t2v.start(plan);
      t2v.denoise(withBeats, runs, beats, neg, StepListener.NONE, Sampler.StopRequest.NEVER);
      SamplerState again = t2v.start(plan);
      t2v.denoise(again, runs, beats, neg, StepListener.NONE, Sampler.StopRequest.NEVER);
      assertThat(again.latent()).as("deterministic").containsExactly(withBeats.latent());

      SamplerState plain = t2v.start(plan);
      t2v.denoise(plain, runs, neg, StepListener.NONE);
      assertThat(OracleFixture.rms(withBeats.latent(), plain.latent()))
          .as("the second beat changed the shot")
          .isGreaterThan(1e-4);
      // one beat only is the plain render
      SamplerState oneBeat = t2v.start(plan);
      t2v.denoise(
          oneBeat,
          runs,
          List.of(new TextToVideo.Beat(0, runs)),
          neg,
          StepListener.NONE,
          Sampler.StopRequest.NEVER);
      assertThat(oneBeat.latent()).containsExactly(plain.latent());
    }
  }
}
