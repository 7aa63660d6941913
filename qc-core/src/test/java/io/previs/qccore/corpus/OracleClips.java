package io.previs.qccore.corpus;

import io.previs.diffusion.bundle.ModelBundle;
import io.previs.diffusion.pipeline.RenderSettings;
import io.previs.diffusion.pipeline.TextToVideo;
import io.previs.diffusion.sampling.StepListener;
import io.previs.modeltools.diffusion.OracleBundle;
import io.previs.onnxkit.runtime.ExecutionConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clips rendered by the project's own pipeline with the oracle bundle (320×192, 41 frames), as RGB
 * frames, cached per seed for the JVM. Generated once per test run (~1 s per clip on one core).
 */
final class OracleClips {

  static final int WIDTH = 320;
  static final int HEIGHT = 192;
  static final int FRAMES = 41;

  private static final List<String> PROMPTS =
      List.of(
          "a red balloon drifts over a harbour at dusk, slow pan",
          "two riders cross a misty valley at dawn, wide shot",
          "neon signs flicker over a rainy alley at night, dolly in",
          "a paper boat floats down a gutter stream, close up",
          "sunlight sweeps across a wheat field in the wind",
          "a lighthouse beam turns over stormy sea, tracking shot",
          "children run through a sprinkler in a backyard, summer",
          "a cable car climbs past snowy pines, aerial view");

  private static final Map<Long, List<byte[]>> CACHE = new ConcurrentHashMap<>();
  private static volatile ModelBundle bundle;

  private OracleClips() {}

  static List<byte[]> frames(long seed) {
    return CACHE.computeIfAbsent(seed, OracleClips::render);
  }

  private static List<byte[]> render(long seed) {
    try (TextToVideo t2v = new TextToVideo(bundle(), ExecutionConfig.cpu(1), 4)) {
      var plan = t2v.plan(RenderSettings.of(WIDTH, HEIGHT, FRAMES, seed).withSteps(10));
      var positive = t2v.encode(PROMPTS.get((int) Math.floorMod(seed, PROMPTS.size())));
      var negative = t2v.encode("");
      var state = t2v.start(plan);
      t2v.denoise(state, positive, negative, StepListener.NONE);
      List<byte[]> frames = new ArrayList<>();
      t2v.decode(state, (index, w, h, rgb) -> frames.add(rgb.clone()));
      return List.copyOf(frames);
    }
  }

  private static ModelBundle bundle() {
    if (bundle == null) {
      synchronized (OracleClips.class) {
        if (bundle == null) {
          try {
            bundle =
                OracleBundle.generate(
                    Files.createTempDirectory("qc-oracle-bundle"), OracleBundle.Params.defaults());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    return bundle;
  }
}
