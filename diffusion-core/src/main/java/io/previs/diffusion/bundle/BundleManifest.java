package io.previs.diffusion.bundle;

import java.util.List;
import java.util.Map;

/**
 * The manifest.json of a model bundle, as written on disk (format version 1). Every field is
 * nullable here so that {@link ManifestValidator} can name exactly which one is missing; a
 * validated manifest is wrapped in {@link ModelBundle}. Unknown fields are ignored so that newer
 * bundles stay readable.
 */
public record BundleManifest(
    Integer formatVersion,
    String id,
    String version,
    String description,
    Tokenizer tokenizer,
    TextEncoder textEncoder,
    Denoiser denoiser,
    Vae vae,
    Scheduler scheduler,
    Video video,
    Map<String, Object> generator,
    Resources resources) {

  public static final int FORMAT_VERSION = 1;

  /** HuggingFace tokenizer.json; ids are truncated to maxLength and optionally padded to it. */
  public record Tokenizer(String file, Integer maxLength, Boolean padToMaxLength) {}

  /** Text encoder ONNX: (ids [1, L] int64, mask [1, L] int64) → context [1, L, contextDim]. */
  public record TextEncoder(
      String file,
      String idsInput,
      String maskInput,
      String output,
      Integer contextDim,
      String dtype) {}

  /**
   * One or two denoiser experts sharing an I/O contract: (latent [1, C, F, H, W], timestep [1],
   * context [1, L, D]) → velocity [1, C, F, H, W]. With two, the first runs while the timestep is
   * at least {@code boundary × numTrainTimesteps} (high noise), the second after.
   */
  public record Denoiser(
      Integer latentChannels,
      List<Integer> patchSize,
      String dtype,
      String latentInput,
      String timestepInput,
      String contextInput,
      String output,
      String timestepDtype,
      Double boundary,
      List<Expert> experts) {}

  public record Expert(String name, String file, Double guidanceScale) {}

  /**
   * VAE decoder ONNX: latent [1, C, F, H, W] → frames [1, 3, 1 + temporalStride·(F−1), H·s, W·s] in
   * [−1, 1]. {@code causalContext} is how many leading latent frames a chunk needs as context (0
   * when the decoder must see the whole latent at once).
   */
  public record Vae(
      String file,
      String input,
      String output,
      String dtype,
      Integer latentChannels,
      Integer temporalStride,
      Integer spatialStride,
      Integer causalContext) {}

  public record Scheduler(
      String solver,
      Integer steps,
      Double shift,
      Integer numTrainTimesteps,
      String timestepRounding) {}

  /**
   * What the model needs of a GPU, so the scheduler sends its shards only to pools that can run
   * them: {@code gpuMemoryGb} at any size, overridden per size ("1280x720": 80 for Wan2.2-A14B at
   * 720p with offload). Optional; absent means any GPU.
   */
  public record Resources(Integer gpuMemoryGb, Map<String, Integer> gpuMemoryGbBySize) {}

  public record Video(
      List<String> sizes,
      Integer minFrames,
      Integer maxFrames,
      Integer fps,
      String defaultNegativePrompt) {}
}
