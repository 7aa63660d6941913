package io.previs.media.pipeline;

/**
 * Which frame of the clip becomes the poster.
 *
 * @param value frame index (AT_FRAME) or seconds (AT_SECONDS); ignored otherwise
 */
public record PosterFrame(Kind kind, double value) {

  public enum Kind {
    FIRST,
    MIDDLE,
    LAST,
    AT_FRAME,
    AT_SECONDS
  }

  public static final PosterFrame FIRST = new PosterFrame(Kind.FIRST, 0);
  public static final PosterFrame MIDDLE = new PosterFrame(Kind.MIDDLE, 0);
  public static final PosterFrame LAST = new PosterFrame(Kind.LAST, 0);

  public PosterFrame {
    if (kind == null) {
      throw new IllegalArgumentException("poster.frame kind is required");
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("poster.frame value must be ≥ 0, got " + value);
    }
  }

  public static PosterFrame atFrame(long index) {
    return new PosterFrame(Kind.AT_FRAME, index);
  }

  public static PosterFrame atSeconds(double seconds) {
    return new PosterFrame(Kind.AT_SECONDS, seconds);
  }
}
