package io.previs.media.sr;

import java.util.Locale;

/** How frames are brought to the output size. */
public enum SrMode {
  /** Plain resampling (area when shrinking, bicubic when enlarging); no sharpening. */
  NONE,
  /** OpenCV Lanczos-4 then edge-aware unsharp masking: no model needed. */
  CLASSICAL,
  /** An ONNX super-resolution model run in overlapping tiles (see {@link OnnxUpscaler}). */
  ONNX;

  public static SrMode parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "SR mode must be none, classical or onnx, got '" + s + "'", e);
    }
  }
}
