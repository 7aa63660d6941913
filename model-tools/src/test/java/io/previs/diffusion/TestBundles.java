package io.previs.diffusion;

import io.previs.diffusion.bundle.ModelBundle;
import io.previs.modeltools.diffusion.OracleBundle;
import io.previs.modeltools.diffusion.TinyDitBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Generated bundles shared by the tests of one JVM (generation is deterministic and takes ~1 s).
 */
public final class TestBundles {

  private static final ConcurrentHashMap<String, ModelBundle> CACHE = new ConcurrentHashMap<>();

  private TestBundles() {}

  /** The default oracle bundle (two experts, Wan guidance 4/3, float64 denoiser). */
  public static ModelBundle oracle() {
    return get("oracle", dir -> OracleBundle.generate(dir, OracleBundle.Params.defaults()));
  }

  /** The oracle with one guidance scale for both experts, so one closed form holds end to end. */
  public static ModelBundle oracleUniformGuidance(double g) {
    return get(
        "oracle-g" + g,
        dir -> OracleBundle.generate(dir, OracleBundle.Params.defaults().withGuidance(g, g)));
  }

  public static ModelBundle tinyDit() {
    return get("tiny-dit", dir -> TinyDitBundle.generate(dir, TinyDitBundle.Params.defaults()));
  }

  private static ModelBundle get(String key, Function<Path, ModelBundle> generator) {
    return CACHE.computeIfAbsent(
        key,
        k -> {
          try {
            Path dir = Files.createTempDirectory("previs-bundle-" + k);
            return generator.apply(dir);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
