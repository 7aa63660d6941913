package io.previs.editorial;

/**
 * Frame counts between rates. The EDL writer and the OTIO reader both round each clip on its own
 * (not the running total), so the record times the two formats give for one cut agree.
 */
final class Frames {

  private Frames() {}

  /**
   * {@code frames} at {@code fromRate}, as the nearest whole number of frames at {@code toRate}.
   */
  static long rescale(double frames, double fromRate, double toRate) {
    return fromRate == toRate ? Math.round(frames) : Math.round(frames * toRate / fromRate);
  }
}
