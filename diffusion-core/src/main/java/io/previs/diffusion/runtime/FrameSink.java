package io.previs.diffusion.runtime;

/** Receives decoded frames in order, one at a time, as interleaved 8-bit RGB (row-major, HWC). */
@FunctionalInterface
public interface FrameSink {

  void frame(int index, int width, int height, byte[] rgb) throws Exception;
}
