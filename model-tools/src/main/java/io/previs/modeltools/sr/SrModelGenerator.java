package io.previs.modeltools.sr;

import io.previs.onnxkit.graph.ElementType;
import io.previs.onnxkit.graph.GraphBuilder;
import io.previs.onnxkit.graph.GraphBuilder.Value;
import io.previs.onnxkit.graph.OnnxModelWriter;
import io.previs.onnxkit.graph.Ops;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Generates a small super-resolution network with analytically chosen weights, since no trained SR
 * weights can be downloaded here. It has the structure of an efficient sub-pixel network (ESPCN,
 * Shi et al. 2016) and so exercises the real path: convolutions with learned-style weights at input
 * resolution, then DepthToSpace to the s× grid, then a refinement convolution.
 *
 * <ol>
 *   <li>Edge-replicate padding by 3, then two grouped 1D convolutions (7×1, then 1×7) to 3s²
 *       channels whose kernels are the polyphase filters of Lanczos-3 interpolation (each colour
 *       channel alone);
 *   <li>DepthToSpace(s, CRD): the s² phases become the s× image;
 *   <li>a depthwise 3×3 Laplacian, soft-limited by tanh and subtracted: edge sharpening that cannot
 *       ring beyond ±{@link #DETAIL_LIMIT};
 *   <li>Clip to 0..1.
 * </ol>
 *
 * Its receptive field is 3 input pixels plus 1 output pixel: tiles overlapping by 16 (margin 4)
 * blend to exactly the untiled result.
 */
public final class SrModelGenerator {

  /**
   * Custom metadata key holding the integer scale: media-core's {@code SrModel.SCALE_KEY}, spelled
   * out because model-tools may not depend on media-core (media-core's tests use these models).
   */
  public static final String SCALE_KEY = "previs.sr.scale";

  static final int TAPS = 7;
  static final double SHARPEN = 0.35;
  static final double DETAIL_LIMIT = 0.08;

  private SrModelGenerator() {}

  public static Path write(Path file, int scale) throws IOException {
    if (scale < 2 || scale > 4) {
      throw new IllegalArgumentException("generated SR model scale must be 2..4, got " + scale);
    }
    GraphBuilder g = new GraphBuilder("previs-sr-x" + scale, ElementType.FLOAT32);
    Ops ops = new Ops(g);
    Value x = g.input("image", ElementType.FLOAT32, 1L, 3L, "height", "width");
    int r = TAPS / 2;
    Value padded = g.op("Pad", Map.of("mode", "edge"), x, g.longs(0, 0, r, r, 0, 0, r, r));
    // Lanczos is separable: a vertical pass makes the s row phases (channel c·s + i), a
    // horizontal pass splits each into s column phases (channel c·s² + i·s + j, DepthToSpace's CRD
    // order): 126 multiply-adds per input pixel at s = 2 instead of 588 for the 7x7 kernels.
    Value rows =
        g.op(
            "Conv",
            Map.of(
                "kernel_shape", new long[] {TAPS, 1},
                "group", 3L,
                "pads", new long[] {0, 0, 0, 0}),
            padded,
            g.constant("lanczos_rows", phases(scale, 3, true), 3L * scale, 1, TAPS, 1),
            g.constant("lanczos_rows_b", new double[3 * scale], 3L * scale));
    Value phases =
        g.op(
            "Conv",
            Map.of(
                "kernel_shape", new long[] {1, TAPS},
                "group", 3L * scale,
                "pads", new long[] {0, 0, 0, 0}),
            rows,
            g.constant(
                "lanczos_cols", phases(scale, 3 * scale, false), 3L * scale * scale, 1, 1, TAPS),
            g.constant("lanczos_cols_b", new double[3 * scale * scale], 3L * scale * scale));
    Value up = g.op("DepthToSpace", Map.of("blocksize", (long) scale, "mode", "CRD"), phases);
    Value upPadded = g.op("Pad", Map.of("mode", "edge"), up, g.longs(0, 0, 1, 1, 0, 0, 1, 1));
    Value lap =
        g.op(
            "Conv",
            Map.of("kernel_shape", new long[] {3, 3}, "group", 3L, "pads", new long[] {0, 0, 0, 0}),
            upPadded,
            g.constant("laplace_w", laplacian(), 3, 1, 3, 3),
            g.constant("laplace_b", new double[3], 3));
    Value limit = g.scalar(DETAIL_LIMIT);
    Value detail = ops.mul(ops.tanh(ops.div(lap, limit)), g.scalar(SHARPEN * DETAIL_LIMIT));
    Value sharp = ops.sub(up, detail);
    Value clipped = g.op("Clip", sharp, g.scalar(0), g.scalar(1));
    g.output(clipped, "upscaled", ElementType.FLOAT32, 1L, 3L, "out_height", "out_width");
    OnnxModelWriter.write(
        g.build(
            "previs-media",
            Map.of(
                SCALE_KEY,
                Integer.toString(scale),
                "previs.sr.kind",
                "lanczos3-polyphase+laplacian-detail",
                "previs.sr.io",
                "image [1,3,H,W] float32 RGB 0..1 -> upscaled [1,3,sH,sW]")),
        file);
    return file;
  }

  /**
   * 1D kernels for {@code groups} input channels, s phases each: output channel g·s + p holds the
   * taps of phase p (a row phase in the vertical pass, a column phase in the horizontal one).
   */
  static double[] phases(int s, int groups, boolean vertical) {
    double[] w = new double[groups * s * TAPS];
    int r = TAPS / 2;
    for (int p = 0; p < s; p++) {
      double[] t = taps((p + 0.5) / s - 0.5, r);
      for (int g = 0; g < groups; g++) {
        System.arraycopy(t, 0, w, (g * s + p) * TAPS, TAPS);
      }
    }
    return w;
  }

  /** Lanczos-3 weights of input taps -r..r for an output sample at offset {@code delta}. */
  static double[] taps(double delta, int r) {
    double[] t = new double[2 * r + 1];
    double sum = 0;
    for (int k = -r; k <= r; k++) {
      double v = lanczos3(delta - k);
      t[k + r] = v;
      sum += v;
    }
    for (int k = 0; k < t.length; k++) {
      t[k] /= sum;
    }
    return t;
  }

  static double lanczos3(double x) {
    if (x == 0) {
      return 1;
    }
    if (Math.abs(x) >= 3) {
      return 0;
    }
    double px = Math.PI * x;
    return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
  }

  private static double[] laplacian() {
    double[] k = {0, 1, 0, 1, -4, 1, 0, 1, 0};
    double[] w = new double[27];
    for (int c = 0; c < 3; c++) {
      System.arraycopy(k, 0, w, 9 * c, 9);
    }
    return w;
  }
}
