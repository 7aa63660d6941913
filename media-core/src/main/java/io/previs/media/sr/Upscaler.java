package io.previs.media.sr;

import io.previs.media.frames.BgrFrame;

/** Brings frames of one input size to one output size. Not thread-safe: one per stream. */
public interface Upscaler extends AutoCloseable {

  int outputWidth();

  int outputHeight();

  BgrFrame upscale(BgrFrame in);

  @Override
  default void close() {}
}
