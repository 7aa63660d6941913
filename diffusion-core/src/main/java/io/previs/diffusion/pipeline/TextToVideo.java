package io.previs.diffusion.pipeline;

import io.previs.diffusion.bundle.ModelBundle;
import io.previs.diffusion.bundle.ModelBundle.Size;
import io.previs.diffusion.runtime.FrameSink;
import io.previs.diffusion.runtime.OrtDenoiser;
import io.previs.diffusion.runtime.OrtTextEncoder;
import io.previs.diffusion.runtime.OrtVaeDecoder;
import io.previs.diffusion.sampling.FlowSchedule;
import io.previs.diffusion.sampling.SamplePlan;
import io.previs.diffusion.sampling.Sampler;
import io.previs.diffusion.sampling.SamplerState;
import io.previs.diffusion.sampling.ShotWindows;
import io.previs.diffusion.sampling.SolverKind;
import io.previs.diffusion.sampling.StepListener;
import io.previs.diffusion.sampling.WindowedDenoiser;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.util.List;

/**
 * A bundle's three stages behind one object: text encoding, denoising and VAE decoding. Each
 * stage's sessions open on first use, so the encoder service never loads a denoiser and the worker,
 * which gets embeddings from object storage, never loads the text encoder.
 */
public final class TextToVideo implements AutoCloseable {

  private final ModelBundle bundle;
  private final OrtRuntime runtime;
  private final int vaeChunkLatentFrames;
  private OrtTextEncoder encoder;
  private OrtDenoiser denoiser;
  private OrtVaeDecoder vae;

  public TextToVideo(ModelBundle bundle, ExecutionConfig config, int vaeChunkLatentFrames) {
    this.bundle = bundle;
    this.runtime = new OrtRuntime(config);
    this.vaeChunkLatentFrames = vaeChunkLatentFrames;
  }

  public ModelBundle bundle() {
    return bundle;
  }

  public OrtRuntime runtime() {
    return runtime;
  }

  /** Checks settings against the bundle and fixes the plan; errors name the field and the limit. */
  public SamplePlan plan(RenderSettings s) {
    Size size = new Size(s.width(), s.height());
    List<Size> sizes = bundle.video().sizes();
    if (!sizes.contains(size)) {
      throw new InvalidRenderSettingsException(
          "size", size + " is not offered by model " + bundle.id() + "; allowed: " + sizes);
    }
    var video = bundle.video();
    int stride = bundle.vae().temporalStride();
    int maxShot = maxShotFrames();
    if (s.frames() < video.minFrames() || s.frames() > maxShot) {
      throw new InvalidRenderSettingsException(
          "frames",
          s.frames()
              + " is outside "
              + video.minFrames()
              + ".."
              + maxShot
              + " (the model's window is "
              + video.maxFrames()
              + " frames; longer shots are denoised in overlapping windows up to "
              + MAX_SHOT_SECONDS
              + " s)");
    }
    if ((s.frames() - 1) % stride != 0) {
      throw new InvalidRenderSettingsException(
          "frames",
          s.frames() + " is not " + stride + "n+1 (the VAE's temporal stride is " + stride + ")");
    }
    var sched = bundle.scheduler();
    int steps = s.steps() == null ? sched.steps() : s.steps();
    if (steps < 1 || steps > 1000) {
      throw new InvalidRenderSettingsException("steps", steps + " is outside 1..1000");
    }
    double shift = s.shift() == null ? sched.shift() : s.shift();
    if (!(shift > 0 && shift <= 100)) {
      throw new InvalidRenderSettingsException("shift", shift + " is outside (0, 100]");
    }
    var experts = bundle.denoiser().experts();
    double[] guidance = new double[experts.size()];
    for (int e = 0; e < guidance.length; e++) {
      guidance[e] = s.guidance() == null ? experts.get(e).guidanceScale() : s.guidance();
      if (!(guidance[e] >= 0 && guidance[e] <= 50)) {
        throw new InvalidRenderSettingsException("guidance", guidance[e] + " is outside 0..50");
      }
    }
    SolverKind solver = s.solver() == null ? sched.solver() : s.solver();
    FlowSchedule schedule =
        FlowSchedule.of(steps, shift, sched.numTrainTimesteps(), sched.timestepRounding());
    return new SamplePlan(
        bundle.latentShape(s.width(), s.height(), s.frames()),
        s.seed(),
        solver,
        schedule,
        bundle.denoiser().boundary(),
        guidance,
        experts.stream().map(ModelBundle.ExpertSpec::name).toList(),
        windows(s),
        s.variation());
  }

  /**
   * The hard ceiling on one shot, whatever the farm allows (the gateway's own limit, 60 s by
   * default, is lower): ten minutes at the model's frame rate.
   */
  public static final int MAX_SHOT_SECONDS = 600;

  /** The longest shot this bundle renders: its window, or overlapping windows up to the ceiling. */
  public int maxShotFrames() {
    int stride = bundle.vae().temporalStride();
    int frames = MAX_SHOT_SECONDS * bundle.video().fps() + 1;
    return frames - (frames - 1) % stride;
  }

  /** One window when the shot fits the model; else windows of the model's length. */
  private ShotWindows windows(RenderSettings s) {
    if (s.frames() <= bundle.video().maxFrames()) {
      return ShotWindows.NONE;
    }
    int window = (bundle.video().maxFrames() - 1) / bundle.vae().temporalStride() + 1;
    if (window < 2) {
      throw new InvalidRenderSettingsException(
          "frames",
          "model " + bundle.id() + " has a window of one latent frame: it cannot overlap");
    }
    if (s.windowOverlap() != null && (s.windowOverlap() < 1 || s.windowOverlap() >= window)) {
      throw new InvalidRenderSettingsException(
          "windowOverlap", s.windowOverlap() + " is outside 1.." + (window - 1) + " latent frames");
    }
    return bundle.windowsFor(s.frames(), s.windowOverlap());
  }

  public TextEmbedding encode(String prompt) {
    if (encoder == null) {
      encoder = new OrtTextEncoder(runtime, bundle);
    }
    return encoder.encode(prompt);
  }

  public OrtDenoiser denoiser() {
    if (denoiser == null) {
      denoiser = new OrtDenoiser(runtime, bundle.denoiser());
    }
    return denoiser;
  }

  public SamplerState start(SamplePlan plan) {
    return Sampler.start(plan);
  }

  public void denoise(
      SamplerState state, TextEmbedding positive, TextEmbedding negative, StepListener listener) {
    Sampler.run(state, denoiser(), positive, negative, listener);
  }

  /**
   * As {@link #denoise(SamplerState, TextEmbedding, TextEmbedding, StepListener)}, stopping between
   * steps when {@code stop} is requested.
   *
   * @throws io.previs.diffusion.sampling.SamplingStoppedException when stopped
   */
  public void denoise(
      SamplerState state,
      TextEmbedding positive,
      TextEmbedding negative,
      StepListener listener,
      Sampler.StopRequest stop) {
    Sampler.run(state, denoiser(), positive, negative, listener, stop);
  }

  /** A beat of a shot: from video frame {@code startFrame} on, the windows see {@code context}. */
  public record Beat(int startFrame, TextEmbedding context) {}

  /**
   * As {@link #denoise(SamplerState, TextEmbedding, TextEmbedding, StepListener,
   * Sampler.StopRequest)}, with a shot's beats: each window of the long shot is conditioned on the
   * beat its middle frame falls in (the first beat starts at frame 0). Without beats, or on a shot
   * of one window, it is the plain render.
   */
  public void denoise(
      SamplerState state,
      TextEmbedding positive,
      List<Beat> beats,
      TextEmbedding negative,
      StepListener listener,
      Sampler.StopRequest stop) {
    ShotWindows windows = state.plan().windows();
    if (beats == null || beats.isEmpty() || !windows.windowed()) {
      denoise(state, positive, negative, listener, stop);
      return;
    }
    WindowedDenoiser d =
        new WindowedDenoiser(denoiser(), windows)
            .withBeats(positive, contexts(state.plan(), beats));
    Sampler.run(state, d, positive, negative, listener, stop);
  }

  /** Each window's context: the last beat starting at or before the window's middle frame. */
  public List<TextEmbedding> contexts(SamplePlan plan, List<Beat> beats) {
    int latentFrames = (int) plan.latentShape()[2];
    int stride = bundle.vae().temporalStride();
    List<TextEmbedding> perWindow = new java.util.ArrayList<>();
    for (ShotWindows.Span span : plan.windows().spans(latentFrames)) {
      int middle = (span.start() + span.length() / 2) * stride;
      TextEmbedding ctx = beats.get(0).context();
      for (Beat b : beats) {
        if (b.startFrame() <= middle) {
          ctx = b.context();
        }
      }
      perWindow.add(ctx);
    }
    return perWindow;
  }

  /**
   * Model time so far: what a farm bills (the time inside denoiser and VAE runs, on the device that
   * runs them), and how many runs that was.
   */
  public record ModelRuns(long nanos, long runs) {
    public ModelRuns minus(ModelRuns earlier) {
      return new ModelRuns(nanos - earlier.nanos, runs - earlier.runs);
    }
  }

  public ModelRuns modelRuns() {
    long nanos = 0;
    long runs = 0;
    if (denoiser != null) {
      nanos += denoiser.runNanos();
      runs += denoiser.runs();
    }
    if (vae != null) {
      nanos += vae.runNanos();
      runs += vae.runs();
    }
    return new ModelRuns(nanos, runs);
  }

  /** Decodes the final latent; returns the number of frames delivered. */
  public int decode(SamplerState state, FrameSink sink) {
    if (vae == null) {
      vae = new OrtVaeDecoder(runtime, bundle.vae(), vaeChunkLatentFrames);
    }
    return vae.decode(state.latent(), state.plan().latentShape(), sink);
  }

  @Override
  public void close() {
    if (encoder != null) {
      encoder.close();
    }
    if (denoiser != null) {
      denoiser.close();
    }
    if (vae != null) {
      vae.close();
    }
  }
}
