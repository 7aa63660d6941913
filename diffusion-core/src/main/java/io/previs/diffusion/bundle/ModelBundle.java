package io.previs.diffusion.bundle;

import io.previs.diffusion.sampling.SolverKind;
import io.previs.diffusion.sampling.TimestepRounding;
import io.previs.onnxkit.graph.ElementType;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated model bundle: every file exists, every ONNX graph has the inputs, ranks and dtypes
 * the manifest promises. Built only by {@link BundleLoader}.
 */
public record ModelBundle(
    Path directory,
    String id,
    String version,
    TokenizerSpec tokenizer,
    TextEncoderSpec textEncoder,
    DenoiserSpec denoiser,
    VaeSpec vae,
    SchedulerSpec scheduler,
    VideoSpec video,
    ResourcesSpec resources) {

  /** GPU memory the model needs, at any size and per size (see the manifest's resources). */
  public record ResourcesSpec(int gpuMemoryGb, java.util.Map<String, Integer> bySize) {
    public static final ResourcesSpec ANY = new ResourcesSpec(0, java.util.Map.of());

    public int gpuMemoryGb(int width, int height) {
      return bySize.getOrDefault(width + "x" + height, gpuMemoryGb);
    }
  }

  public record TokenizerSpec(Path file, int maxLength, boolean padToMaxLength) {}

  public record TextEncoderSpec(
      Path file,
      String idsInput,
      String maskInput,
      String output,
      int contextDim,
      ElementType dtype) {}

  public record DenoiserSpec(
      int latentChannels,
      int patchT,
      int patchH,
      int patchW,
      ElementType dtype,
      ElementType timestepDtype,
      String latentInput,
      String timestepInput,
      String contextInput,
      String output,
      double boundary,
      List<ExpertSpec> experts) {

    /** Index of the expert that runs at {@code timestep} (as passed to the model). */
    public int expertFor(double timestep, int numTrainTimesteps) {
      if (experts.size() == 1) {
        return 0;
      }
      return timestep >= boundary * numTrainTimesteps ? 0 : 1;
    }
  }

  public record ExpertSpec(String name, Path file, double guidanceScale) {}

  public record VaeSpec(
      Path file,
      String input,
      String output,
      ElementType dtype,
      int latentChannels,
      int temporalStride,
      int spatialStride,
      int causalContext) {

    /** Decoded frame count for {@code latentFrames} latent frames (Wan: 21 → 81). */
    public int framesFor(int latentFrames) {
      return 1 + temporalStride * (latentFrames - 1);
    }
  }

  public record SchedulerSpec(
      SolverKind solver,
      int steps,
      double shift,
      int numTrainTimesteps,
      TimestepRounding timestepRounding) {}

  public record VideoSpec(
      List<Size> sizes, int minFrames, int maxFrames, int fps, String defaultNegativePrompt) {}

  public record Size(int width, int height) {
    @Override
    public String toString() {
      return width + "x" + height;
    }
  }

  /** Latent shape [1, C, F, H, W] for a video of the given size and frame count. */
  /**
   * How a shot of {@code frames} is denoised: in one window when it fits the model's length
   * (video.maxFrames), else in windows of that length sharing {@code overlap} latent frames (null:
   * a quarter of the window).
   */
  public io.previs.diffusion.sampling.ShotWindows windowsFor(int frames, Integer overlap) {
    if (frames <= video.maxFrames()) {
      return io.previs.diffusion.sampling.ShotWindows.NONE;
    }
    int window = (video.maxFrames() - 1) / vae.temporalStride() + 1;
    int o = overlap != null ? overlap : Math.max(1, Math.round(window / 4f));
    return new io.previs.diffusion.sampling.ShotWindows(window, o);
  }

  /**
   * Frames the denoiser runs over for a shot: the shot itself, or windows × the window for a long
   * one (what a long shot costs, for the scheduler's estimate).
   */
  public int denoisedFrames(int frames) {
    return denoisedFrames(frames, null);
  }

  /**
   * A window overlap given in video frames (as a request gives it) in latent frames, the unit the
   * windows overlap in; null stays null (the model's default).
   */
  public Integer latentOverlap(Integer videoFrames) {
    return videoFrames == null
        ? null
        : Math.max(1, Math.round(videoFrames / (float) vae.temporalStride()));
  }

  /** As {@link #denoisedFrames(int)}, with a window overlap in latent frames (null: default). */
  public int denoisedFrames(int frames, Integer overlap) {
    var w = windowsFor(frames, overlap);
    if (!w.windowed()) {
      return frames;
    }
    int latent = (frames - 1) / vae.temporalStride() + 1;
    return w.windowsFor(latent) * video.maxFrames();
  }

  public long[] latentShape(int width, int height, int frames) {
    int f = 1 + (frames - 1) / vae.temporalStride();
    return new long[] {
      1, denoiser.latentChannels(), f, height / vae.spatialStride(), width / vae.spatialStride()
    };
  }

  /** The pixel multiple a width or height must have: VAE stride times the DiT patch. */
  public int sizeMultiple() {
    return vae.spatialStride() * Math.max(denoiser.patchH(), denoiser.patchW());
  }
}
