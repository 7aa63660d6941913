package io.previs.media.color;

import io.previs.media.frames.BgrFrame;

/** Applies a colour mapping to 8-bit frames. */
@FunctionalInterface
public interface ColorTransform {

  /** Writes the mapped {@code src} into {@code dst} (same size; may be the same frame). */
  void apply(BgrFrame src, BgrFrame dst);

  default BgrFrame apply(BgrFrame src) {
    BgrFrame dst = new BgrFrame(src.width(), src.height());
    apply(src, dst);
    return dst;
  }
}
