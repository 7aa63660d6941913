package io.previs.media.animatic;

import io.previs.media.frames.Fps;
import java.util.Locale;

/**
 * SMPTE-style record timecode, HH:MM:SS:FF, starting at 01:00:00:00 as editorial timelines do.
 * Non-drop-frame throughout: fractional rates count at their nominal rate (23.976 as 24, 29.97 as
 * 30), so the timecode of 29.97 material runs 0.1 % behind the wall clock, as NDF does everywhere.
 */
final class Timecode {

  static final int START_HOURS = 1;

  private Timecode() {}

  /** Frames per timecode second: the rate rounded (24000/1001 counts as 24). */
  static int nominal(Fps fps) {
    return Math.max(1, (int) Math.round(fps.value()));
  }

  static String record(long frame, Fps fps) {
    if (frame < 0) {
      throw new IllegalArgumentException("frame " + frame + " must be 0 or more");
    }
    int n = nominal(fps);
    long total = frame + (long) START_HOURS * 3600 * n;
    long ff = total % n;
    long seconds = total / n;
    // Wraps after 24 hours like any timecode; an animatic never gets there.
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d:%02d",
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
        ff);
  }
}
