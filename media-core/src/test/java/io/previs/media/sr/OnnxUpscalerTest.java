package io.previs.media.sr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previs.media.TestFrames;
import io.previs.media.frames.BgrFrame;
import io.previs.modeltools.sr.SrModelGenerator;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxUpscalerTest {

  @TempDir static Path dir;
  static Path model;
  static OrtRuntime runtime;

  @BeforeAll
  static void generateModel() throws Exception {
    model = SrModelGenerator.write(dir.resolve("sr-x2.onnx"), 2);
    runtime = new OrtRuntime(ExecutionConfig.cpu());
  }

  /** A smooth picture with some texture: interior differences are small but not uniform. */
  static BgrFrame smooth(int w, int h) {
    BgrFrame f = new BgrFrame(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double t = 40 * Math.sin(x / 9.0) * Math.cos(y / 13.0);
        f.setRgb(
            x,
            y,
            clamp(60 + x * 140.0 / w + t),
            clamp(50 + y * 150.0 / h - t),
            clamp(120 + 0.5 * t));
      }
    }
    return f;
  }

  @Test
  void theGeneratorDeclaresItsScaleUnderTheKeyTheLoaderReads() {
    assertThat(SrModelGenerator.SCALE_KEY).isEqualTo(SrModel.SCALE_KEY);
  }

  @Test
  void outputHasTheModelScaleThenTheRequestedSize() {
    BgrFrame in = TestFrames.gradient(96, 54);
    try (OnnxUpscaler x2 = new OnnxUpscaler(runtime, model, TileSpec.DEFAULT, 192, 108);
        OnnxUpscaler toOddSize = new OnnxUpscaler(runtime, model, TileSpec.DEFAULT, 144, 82)) {
      assertThat(x2.modelScale()).isEqualTo(2);
      BgrFrame out = x2.upscale(in);
      assertThat(out.width()).isEqualTo(192);
      assertThat(out.height()).isEqualTo(108);
      BgrFrame odd = toOddSize.upscale(in);
      assertThat(odd.width()).isEqualTo(144);
      assertThat(odd.height()).isEqualTo(82);
      // An upscaled gradient is still that gradient.
      assertThat(out.red(191, 50)).isGreaterThan(240);
      assertThat(out.green(10, 107)).isGreaterThan(240);
    }
  }

  @Test
  void overlappingTilesReproduceTheUntiledResult() {
    BgrFrame in = smooth(200, 120);
    try (OnnxUpscaler whole = new OnnxUpscaler(runtime, model, new TileSpec(256, 0), 400, 240);
        OnnxUpscaler tiled = new OnnxUpscaler(runtime, model, new TileSpec(64, 16), 400, 240)) {
      BgrFrame a = whole.runModel(in);
      BgrFrame b = tiled.runModel(in);
      assertThat(TestFrames.maxAbsDiff(a, b)).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void noSeamAtTileBorders() {
    BgrFrame in = smooth(200, 120);
    try (OnnxUpscaler whole = new OnnxUpscaler(runtime, model, new TileSpec(256, 0), 400, 240);
        OnnxUpscaler tiled = new OnnxUpscaler(runtime, model, new TileSpec(48, 16), 400, 240);
        OnnxUpscaler butted = new OnnxUpscaler(runtime, model, new TileSpec(48, 0), 400, 240)) {
      BgrFrame reference = whole.runModel(in);
      Seams seams = Seams.measure(tiled.runModel(in), reference, new TileGrid(200, 48, 16, 2));
      Seams control = Seams.measure(butted.runModel(in), reference, new TileGrid(200, 48, 0, 2));
      System.out.printf(
          "seams (extra step per column, 8-bit levels): overlapped border %.3f inside %.3f;"
              + " butted border %.3f inside %.3f%n",
          seams.border(), seams.inside(), control.border(), control.inside());

      // The step across a tile border is no larger than a step inside a tile...
      assertThat(seams.border()).isLessThanOrEqualTo(Math.max(seams.inside(), 0.05));
      // ...whereas tiles butted without overlap leave a seam this measure plainly sees.
      assertThat(control.border()).isGreaterThan(4 * Math.max(control.inside(), 0.05));
    }
  }

  @Test
  void badTilingIsRefusedNamingTheLimit() {
    assertThatThrownBy(() -> new TileSpec(64, 64))
        .hasMessageContaining("sr.tileOverlap 64 must be less than sr.tileSize 64");
    assertThatThrownBy(() -> new TileSpec(8, 0)).hasMessageContaining("out of range 32..2048");
    assertThatThrownBy(
            () -> new OnnxUpscaler(runtime, dir.resolve("none.onnx"), TileSpec.DEFAULT, 64, 64))
        .hasMessageContaining("sr.model: no such file");
  }

  /**
   * For each column, the mean over rows of how much the tiled picture's horizontal step differs
   * from the untiled one's: what tiling added. A seam is such a step near a tile edge (within the
   * model's receptive field, 8 output pixels); "inside" is every column farther from an edge.
   */
  record Seams(double border, double inside) {
    static Seams measure(BgrFrame tiled, BgrFrame reference, TileGrid xs) {
      java.util.Set<Integer> edges = new java.util.HashSet<>();
      for (int s : xs.starts) {
        edges.add(s * xs.scale);
        edges.add((s + xs.size) * xs.scale);
      }
      double border = 0;
      double inside = 0;
      for (int x = 1; x < tiled.width(); x++) {
        double sum = 0;
        for (int y = 0; y < tiled.height(); y++) {
          for (int c = 0; c < 3; c++) {
            int i = 3 * (y * tiled.width() + x) + c;
            int t = (tiled.data()[i] & 0xff) - (tiled.data()[i - 3] & 0xff);
            int r = (reference.data()[i] & 0xff) - (reference.data()[i - 3] & 0xff);
            sum += Math.abs(t - r);
          }
        }
        double mean = sum / (3.0 * tiled.height());
        final int col = x;
        if (edges.stream().anyMatch(e -> Math.abs(e - col) <= 8)) {
          border = Math.max(border, mean);
        } else {
          inside = Math.max(inside, mean);
        }
      }
      return new Seams(border, inside);
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
