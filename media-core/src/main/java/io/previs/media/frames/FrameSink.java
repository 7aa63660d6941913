package io.previs.media.frames;

import java.io.IOException;

/** Consumes frames in order; {@link #close()} finishes the output (trailer, moov atom, flush). */
public interface FrameSink extends AutoCloseable {

  /** Writes one frame; the sink reads it during the call and does not keep it. */
  void accept(BgrFrame frame) throws IOException;

  @Override
  void close() throws IOException;
}
