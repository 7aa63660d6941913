package io.previs.media.frames;

import java.io.IOException;

/**
 * Presents a source at another constant frame rate by repeating or dropping frames (nearest earlier
 * frame in time), so shots rendered at different rates cut together at the clip's rate. No motion
 * interpolation: for previs, timing matters more than smoothness.
 */
public final class FpsAdapter implements FrameSource {

  private final FrameSource source;
  private final StreamInfo info;
  private final long srcNum;
  private final long srcDen;
  private long out;
  private long srcIndex = -1;
  private final boolean repeats;
  private BgrFrame current;
  private boolean ended;

  private FpsAdapter(FrameSource source, Fps target) {
    this.source = source;
    StreamInfo in = source.info();
    Fps src = in.fps();
    // output frame k shows source frame floor(k * srcFps / targetFps)
    this.srcNum = (long) src.num() * target.den();
    this.srcDen = (long) src.den() * target.num();
    this.repeats = srcNum < srcDen;
    long count = in.countKnown() ? (in.frameCount() * srcDen + srcNum - 1) / srcNum : -1;
    this.info = new StreamInfo(in.width(), in.height(), target, count);
  }

  /** {@code source} itself when it already runs at {@code target}. */
  public static FrameSource adapt(FrameSource source, Fps target) {
    return source.info().fps().equals(target) ? source : new FpsAdapter(source, target);
  }

  @Override
  public StreamInfo info() {
    return info;
  }

  @Override
  public BgrFrame next() throws IOException {
    if (ended) {
      return null;
    }
    long want = out * srcNum / srcDen;
    while (srcIndex < want) {
      BgrFrame f = source.next();
      if (f == null) {
        ended = true;
        return null;
      }
      current = f;
      srcIndex++;
    }
    out++;
    // The caller owns what it is given and may grade it in place: when a frame can be shown twice,
    // every hand-out is a copy and the decoded original stays untouched.
    return repeats ? current.copy() : current;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
