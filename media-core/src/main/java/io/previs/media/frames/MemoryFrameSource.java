package io.previs.media.frames;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Frames produced in memory: a fixed list, or a generator called once per index (tests and
 * benchmarks build long clips this way without holding them).
 */
public final class MemoryFrameSource implements FrameSource {

  private final StreamInfo info;
  private final IntFunction<BgrFrame> generator;
  private int next;

  public MemoryFrameSource(StreamInfo info, IntFunction<BgrFrame> generator) {
    if (!info.countKnown()) {
      throw new IllegalArgumentException("a memory source needs a frame count");
    }
    this.info = info;
    this.generator = generator;
  }

  public static MemoryFrameSource of(List<BgrFrame> frames, Fps fps) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a memory source needs at least one frame");
    }
    BgrFrame first = frames.getFirst();
    for (BgrFrame f : frames) {
      if (!f.sameSize(first)) {
        throw new IllegalArgumentException(
            "frames differ in size: " + first + " and " + f + " in one source");
      }
    }
    StreamInfo info = new StreamInfo(first.width(), first.height(), fps, frames.size());
    return new MemoryFrameSource(info, i -> frames.get(i).copy());
  }

  @Override
  public StreamInfo info() {
    return info;
  }

  @Override
  public BgrFrame next() {
    if (next >= info.frameCount()) {
      return null;
    }
    BgrFrame f = generator.apply(next++);
    if (f.width() != info.width() || f.height() != info.height()) {
      throw new IllegalStateException(
          "generator made " + f + " for a " + info.width() + "x" + info.height() + " source");
    }
    return f;
  }

  @Override
  public void close() {}
}
