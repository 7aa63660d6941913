package io.previs.media.sheet;

import io.previs.media.frames.BgrFrame;
import java.util.List;

/**
 * One row of a contact sheet: a variant's representative frames, labelled with its index and seed.
 */
record SheetEntry(int variant, long seed, List<BgrFrame> frames) {

  public SheetEntry {
    if (variant < 0) {
      throw new IllegalArgumentException("sheet variant must be ≥ 0, got " + variant);
    }
    if (frames == null || frames.isEmpty()) {
      throw new IllegalArgumentException("sheet variant " + variant + " has no frames");
    }
    frames = List.copyOf(frames);
  }

  public String label() {
    return "variant " + variant + "   seed " + seed;
  }
}
