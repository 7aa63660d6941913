package io.previs.media.pipeline;

import io.previs.media.sr.SrMode;
import io.previs.media.sr.TileSpec;
import java.nio.file.Path;

/**
 * Super-resolution settings.
 *
 * @param mode none (plain resampling), classical (Lanczos + edge-aware sharpening) or onnx
 * @param model the ONNX SR model (onnx mode only)
 * @param tiles tile size and overlap of the onnx mode, in input pixels
 * @param sharpen classical mode's edge sharpening, 0..2
 */
public record SrSpec(SrMode mode, Path model, TileSpec tiles, double sharpen) {

  public static final SrSpec NONE = new SrSpec(SrMode.NONE, null, TileSpec.DEFAULT, 0.6);
  public static final SrSpec CLASSICAL = new SrSpec(SrMode.CLASSICAL, null, TileSpec.DEFAULT, 0.6);

  public SrSpec {
    if (mode == null) {
      throw new IllegalArgumentException("sr.mode is required");
    }
    if (mode == SrMode.ONNX && model == null) {
      throw new IllegalArgumentException("sr.model is required when sr.mode is onnx");
    }
    if (tiles == null) {
      tiles = TileSpec.DEFAULT;
    }
    if (!(sharpen >= 0 && sharpen <= 2)) {
      throw new IllegalArgumentException("sr.sharpen " + sharpen + " is out of range 0..2");
    }
  }

  public static SrSpec onnx(Path model) {
    return new SrSpec(SrMode.ONNX, model, TileSpec.DEFAULT, 0.6);
  }

  public static SrSpec onnx(Path model, TileSpec tiles) {
    return new SrSpec(SrMode.ONNX, model, tiles, 0.6);
  }
}
