package io.previs.media.frames;

import java.io.IOException;

/**
 * A pull stream of frames, one at a time, so that a clip of any length passes through the stage
 * with only a few frames in memory.
 */
public interface FrameSource extends AutoCloseable {

  StreamInfo info();

  /**
   * The next frame, or null after the last. The caller owns the returned frame: a source never
   * writes into a frame it has handed out.
   */
  BgrFrame next() throws IOException;

  @Override
  void close() throws IOException;
}
