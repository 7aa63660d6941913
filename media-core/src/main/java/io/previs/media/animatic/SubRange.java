package io.previs.media.animatic;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.StreamInfo;
import java.io.IOException;

/**
 * Frames {@code start .. start + count - 1} of a take, in the take's own frames (before the rate
 * conform). Takes arrive as streams that cannot seek, so the frames before {@code start} are
 * decoded and dropped. A take shorter than the range asked for is an error, not a shorter clip:
 * otherwise every later cut would move against the timeline the range came from.
 */
final class SubRange implements FrameSource {

  private final FrameSource source;
  private final String name;
  private final int start;
  private final Integer count;
  private final StreamInfo info;
  private long delivered;
  private boolean skipped;

  private SubRange(FrameSource source, String name, int start, Integer count) {
    this.source = source;
    this.name = name;
    this.start = start;
    this.count = count;
    StreamInfo in = source.info();
    long frames =
        count != null ? count : in.countKnown() ? Math.max(0, in.frameCount() - start) : -1;
    this.info = new StreamInfo(in.width(), in.height(), in.fps(), frames);
  }

  /** {@code source} itself for the whole take. */
  static FrameSource of(FrameSource source, String name, int start, Integer count) {
    return start == 0 && count == null ? source : new SubRange(source, name, start, count);
  }

  @Override
  public StreamInfo info() {
    return info;
  }

  @Override
  public BgrFrame next() throws IOException {
    if (!skipped) {
      for (int i = 0; i < start; i++) {
        if (source.next() == null) {
          throw new IOException(
              name
                  + ": sourceStart "
                  + start
                  + " is past the end of the take, which has "
                  + i
                  + " frames");
        }
      }
      skipped = true;
    }
    if (count != null && delivered >= count) {
      return null;
    }
    BgrFrame f = source.next();
    if (f == null) {
      if (count != null) {
        throw new IOException(
            name
                + ": frames "
                + start
                + ".."
                + (start + count - 1)
                + " were asked for, but the take has only "
                + (start + delivered)
                + " frames");
      }
      return null;
    }
    delivered++;
    return f;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
