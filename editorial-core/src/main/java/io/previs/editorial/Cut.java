package io.previs.editorial;

import java.util.List;

/**
 * A sequence's cut: its shots in order, one chosen take each, on a timeline of one rate.
 *
 * @param name the sequence's name; the OTIO timeline's name and the EDL's title
 * @param fps the timeline's frame rate, 1..{@value #MAX_FPS}
 * @param clips the chosen takes in record order, butt-cut one after the other; may be empty
 */
public record Cut(String name, int fps, List<CutClip> clips) {

  /** The highest rate a timeline (or a take) may run at. */
  public static final int MAX_FPS = 120;

  public Cut {
    Checks.text(name, "name");
    Checks.inRange(fps, 1, MAX_FPS, "fps");
    clips = Checks.list(clips, "clips");
  }
}
