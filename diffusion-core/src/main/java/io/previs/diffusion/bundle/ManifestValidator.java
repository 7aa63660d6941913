package io.previs.diffusion.bundle;

import io.previs.diffusion.bundle.ModelBundle.DenoiserSpec;
import io.previs.diffusion.bundle.ModelBundle.ExpertSpec;
import io.previs.diffusion.bundle.ModelBundle.SchedulerSpec;
import io.previs.diffusion.bundle.ModelBundle.Size;
import io.previs.diffusion.bundle.ModelBundle.TextEncoderSpec;
import io.previs.diffusion.bundle.ModelBundle.TokenizerSpec;
import io.previs.diffusion.bundle.ModelBundle.VaeSpec;
import io.previs.diffusion.bundle.ModelBundle.VideoSpec;
import io.previs.diffusion.sampling.SolverKind;
import io.previs.diffusion.sampling.TimestepRounding;
import io.previs.onnxkit.graph.ElementType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Field-level checks of a manifest: presence, ranges, the VAE compression rules and that every
 * named file exists inside the bundle. Each problem reads "manifest.json: field: what is wrong".
 */
final class ManifestValidator {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

  private final Path dir;
  private final List<String> problems;

  ManifestValidator(Path dir, List<String> problems) {
    this.dir = dir;
    this.problems = problems;
  }

  /** The typed bundle, or null when any problem was found. */
  ModelBundle validate(BundleManifest m) {
    int before = problems.size();
    Integer fv = m.formatVersion();
    if (fv == null) {
      problem(
          "formatVersion",
          "is required (this Previs reads format " + BundleManifest.FORMAT_VERSION + ")");
    } else if (fv > BundleManifest.FORMAT_VERSION || fv < 1) {
      problem(
          "formatVersion",
          fv
              + " is not supported (this Previs reads format "
              + BundleManifest.FORMAT_VERSION
              + ")");
    }
    String id = text(m.id(), "id");
    if (id != null && !ID.matcher(id).matches()) {
      problem("id", "'" + id + "' must match " + ID.pattern());
    }
    TokenizerSpec tokenizer = tokenizer(m.tokenizer());
    TextEncoderSpec textEncoder = textEncoder(m.textEncoder());
    DenoiserSpec denoiser = denoiser(m.denoiser());
    VaeSpec vae = vae(m.vae(), denoiser);
    SchedulerSpec scheduler = scheduler(m.scheduler());
    VideoSpec video = video(m.video(), vae, denoiser);
    ModelBundle.ResourcesSpec resources = resources(m.resources(), video);
    if (problems.size() > before) {
      return null;
    }
    String version = m.version() == null ? "0" : m.version();
    return new ModelBundle(
        dir, id, version, tokenizer, textEncoder, denoiser, vae, scheduler, video, resources);
  }

  private ModelBundle.ResourcesSpec resources(BundleManifest.Resources r, VideoSpec video) {
    if (r == null) {
      return ModelBundle.ResourcesSpec.ANY;
    }
    int any = integer(r.gpuMemoryGb(), "resources.gpuMemoryGb", 0, 4096, 0);
    java.util.Map<String, Integer> bySize = new java.util.TreeMap<>();
    if (r.gpuMemoryGbBySize() != null) {
      r.gpuMemoryGbBySize()
          .forEach(
              (size, gb) -> {
                String f = "resources.gpuMemoryGbBySize." + size;
                boolean offered =
                    video != null
                        && video.sizes().stream().anyMatch(x -> x.toString().equals(size));
                if (!offered) {
                  problem(f, "'" + size + "' is not one of video.sizes");
                }
                bySize.put(size, integer(gb, f, 0, 4096, null));
              });
    }
    return new ModelBundle.ResourcesSpec(any, java.util.Map.copyOf(bySize));
  }

  private TokenizerSpec tokenizer(BundleManifest.Tokenizer t) {
    if (t == null) {
      problem("tokenizer", "is required");
      return null;
    }
    Path file = file(t.file(), "tokenizer.file");
    int maxLength = integer(t.maxLength(), "tokenizer.maxLength", 1, 8192, 512);
    return new TokenizerSpec(file, maxLength, Boolean.TRUE.equals(t.padToMaxLength()));
  }

  private TextEncoderSpec textEncoder(BundleManifest.TextEncoder t) {
    if (t == null) {
      problem("textEncoder", "is required");
      return null;
    }
    return new TextEncoderSpec(
        file(t.file(), "textEncoder.file"),
        orDefault(t.idsInput(), "input_ids"),
        orDefault(t.maskInput(), "attention_mask"),
        orDefault(t.output(), "context"),
        integer(t.contextDim(), "textEncoder.contextDim", 1, 65536, null),
        floatType(t.dtype(), "textEncoder.dtype"));
  }

  private DenoiserSpec denoiser(BundleManifest.Denoiser d) {
    if (d == null) {
      problem("denoiser", "is required");
      return null;
    }
    int channels = integer(d.latentChannels(), "denoiser.latentChannels", 1, 1024, null);
    List<Integer> patch = d.patchSize() == null ? List.of(1, 2, 2) : d.patchSize();
    if (patch.size() != 3 || patch.stream().anyMatch(p -> p == null || p < 1 || p > 8)) {
      problem("denoiser.patchSize", patch + " must be three integers [t, h, w] between 1 and 8");
      patch = List.of(1, 1, 1);
    }
    ElementType dtype = floatType(d.dtype(), "denoiser.dtype");
    ElementType tsType = ElementType.fromManifest(orDefault(d.timestepDtype(), "float32"));
    if (tsType == null || !(tsType.isFloatingPoint() || tsType == ElementType.INT64)) {
      problem(
          "denoiser.timestepDtype",
          "'" + d.timestepDtype() + "' must be float32, float64 or int64");
    }
    List<BundleManifest.Expert> experts = d.experts() == null ? List.of() : d.experts();
    if (experts.isEmpty() || experts.size() > 2) {
      problem(
          "denoiser.experts", "must list 1 or 2 experts (high-noise first), got " + experts.size());
    }
    List<ExpertSpec> specs = new ArrayList<>();
    for (int i = 0; i < experts.size(); i++) {
      BundleManifest.Expert e = experts.get(i);
      String f = "denoiser.experts[" + i + "]";
      if (e == null) {
        problem(f, "is null");
        continue;
      }
      specs.add(
          new ExpertSpec(
              orDefault(e.name(), "expert" + i),
              file(e.file(), f + ".file"),
              decimal(e.guidanceScale(), f + ".guidanceScale", 0, 50, 5.0)));
    }
    double boundary = Double.NaN;
    if (experts.size() == 2) {
      boundary = decimal(d.boundary(), "denoiser.boundary", 0, 1, null);
      if (boundary <= 0 || boundary >= 1) {
        problem(
            "denoiser.boundary",
            boundary + " must be strictly between 0 and 1 (Wan2.2 T2V: 0.875)");
      }
    }
    return new DenoiserSpec(
        channels,
        patch.get(0),
        patch.get(1),
        patch.get(2),
        dtype,
        tsType,
        orDefault(d.latentInput(), "latent"),
        orDefault(d.timestepInput(), "timestep"),
        orDefault(d.contextInput(), "context"),
        orDefault(d.output(), "velocity"),
        boundary,
        List.copyOf(specs));
  }

  private VaeSpec vae(BundleManifest.Vae v, DenoiserSpec denoiser) {
    if (v == null) {
      problem("vae", "is required");
      return null;
    }
    int channels = integer(v.latentChannels(), "vae.latentChannels", 1, 1024, null);
    if (denoiser != null
        && channels > 0
        && denoiser.latentChannels() > 0
        && channels != denoiser.latentChannels()) {
      problem(
          "vae.latentChannels",
          channels + " does not match denoiser.latentChannels " + denoiser.latentChannels());
    }
    return new VaeSpec(
        file(v.file(), "vae.file"),
        orDefault(v.input(), "latent"),
        orDefault(v.output(), "frames"),
        floatType(v.dtype(), "vae.dtype"),
        channels,
        integer(v.temporalStride(), "vae.temporalStride", 1, 16, null),
        integer(v.spatialStride(), "vae.spatialStride", 1, 64, null),
        integer(v.causalContext(), "vae.causalContext", 0, 8, 0));
  }

  private SchedulerSpec scheduler(BundleManifest.Scheduler s) {
    if (s == null) {
      problem("scheduler", "is required");
      return null;
    }
    SolverKind solver = SolverKind.fromId(orDefault(s.solver(), "unipc"));
    if (solver == null) {
      problem("scheduler.solver", "'" + s.solver() + "' is not one of " + SolverKind.allowed());
    }
    TimestepRounding rounding = TimestepRounding.fromId(orDefault(s.timestepRounding(), "floor"));
    if (rounding == null) {
      problem("scheduler.timestepRounding", "'" + s.timestepRounding() + "' must be floor or none");
    }
    return new SchedulerSpec(
        solver,
        integer(s.steps(), "scheduler.steps", 1, 1000, 40),
        decimal(s.shift(), "scheduler.shift", 0.01, 100, 1.0),
        integer(s.numTrainTimesteps(), "scheduler.numTrainTimesteps", 1, 100_000, 1000),
        rounding);
  }

  private VideoSpec video(BundleManifest.Video v, VaeSpec vae, DenoiserSpec denoiser) {
    if (v == null) {
      problem("video", "is required");
      return null;
    }
    int stride = vae == null ? 1 : Math.max(vae.temporalStride(), 1);
    int minFrames = integer(v.minFrames(), "video.minFrames", 1, 10_000, null);
    int maxFrames = integer(v.maxFrames(), "video.maxFrames", 1, 10_000, null);
    frameRule(minFrames, "video.minFrames", stride);
    frameRule(maxFrames, "video.maxFrames", stride);
    if (minFrames > 0 && maxFrames > 0 && minFrames > maxFrames) {
      problem("video.minFrames", minFrames + " is greater than video.maxFrames " + maxFrames);
    }
    int multiple = 1;
    String multipleWhy = "";
    if (vae != null && denoiser != null && vae.spatialStride() > 0) {
      int patch = Math.max(denoiser.patchH(), denoiser.patchW());
      multiple = vae.spatialStride() * patch;
      multipleWhy = " (vae.spatialStride " + vae.spatialStride() + " × patch " + patch + ")";
    }
    List<Size> sizes = new ArrayList<>();
    List<String> raw = v.sizes() == null ? List.of() : v.sizes();
    if (raw.isEmpty()) {
      problem("video.sizes", "must list at least one WIDTHxHEIGHT");
    }
    for (int i = 0; i < raw.size(); i++) {
      String f = "video.sizes[" + i + "]";
      Matcher mm = raw.get(i) == null ? null : SIZE.matcher(raw.get(i));
      if (mm == null || !mm.matches()) {
        problem(f, "'" + raw.get(i) + "' must look like 832x480");
        continue;
      }
      int w = Integer.parseInt(mm.group(1));
      int h = Integer.parseInt(mm.group(2));
      if (w < 16 || h < 16 || w > 8192 || h > 8192) {
        problem(f, raw.get(i) + ": width and height must be between 16 and 8192");
      } else if (w % multiple != 0 || h % multiple != 0) {
        problem(
            f,
            raw.get(i)
                + ": "
                + (w % multiple != 0 ? "width " + w : "height " + h)
                + " is not a multiple of "
                + multiple
                + multipleWhy);
      }
      sizes.add(new Size(w, h));
    }
    return new VideoSpec(
        List.copyOf(sizes),
        minFrames,
        maxFrames,
        integer(v.fps(), "video.fps", 1, 240, 16),
        v.defaultNegativePrompt() == null ? "" : v.defaultNegativePrompt());
  }

  private void frameRule(int frames, String field, int stride) {
    if (frames > 0 && (frames - 1) % stride != 0) {
      problem(
          field,
          frames
              + " is not "
              + stride
              + "n+1 (vae.temporalStride "
              + stride
              + "): the VAE decodes 1 + "
              + stride
              + "·(latent frames − 1) frames");
    }
  }

  private Path file(String name, String field) {
    if (name == null || name.isBlank()) {
      problem(field, "is required");
      return null;
    }
    Path p = dir.resolve(name).normalize();
    if (Path.of(name).isAbsolute() || !p.startsWith(dir.normalize())) {
      problem(field, "'" + name + "' must be a path inside the bundle");
      return null;
    }
    if (!Files.isRegularFile(p)) {
      problem(field, "file '" + name + "' does not exist in the bundle");
      return null;
    }
    return p;
  }

  private ElementType floatType(String s, String field) {
    ElementType t = ElementType.fromManifest(s == null ? "float32" : s);
    if (t == null || !t.isFloatingPoint()) {
      problem(field, "'" + s + "' must be one of float32, float16, bfloat16, float64");
      return ElementType.FLOAT32;
    }
    return t;
  }

  private String text(String value, String field) {
    if (value == null || value.isBlank()) {
      problem(field, "is required");
      return null;
    }
    return value;
  }

  private int integer(Integer value, String field, int min, int max, Integer dflt) {
    if (value == null) {
      if (dflt == null) {
        problem(field, "is required");
        return -1;
      }
      return dflt;
    }
    if (value < min || value > max) {
      problem(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private double decimal(Double value, String field, double min, double max, Double dflt) {
    if (value == null) {
      if (dflt == null) {
        problem(field, "is required");
        return Double.NaN;
      }
      return dflt;
    }
    if (!(value >= min && value <= max)) {
      problem(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private static String orDefault(String v, String dflt) {
    return v == null || v.isBlank() ? dflt : v;
  }

  private void problem(String field, String what) {
    problems.add(BundleLoader.MANIFEST + ": " + field + ": " + what);
  }
}
