package io.previs.editorial;

import java.util.List;

/**
 * A note at a frame of a take: a QC finding or a director's note, shown as a marker in the NLE.
 *
 * @param name the marker's label, one line
 * @param frame where it starts, in the take's frames (within the frames the cut uses)
 * @param duration how many of the take's frames it spans; 0 for a point
 * @param color one of {@link #COLORS}, OTIO's marker colours
 * @param comment longer text; may be empty, and is carried in OTIO only (an EDL locator has one
 *     line, which holds the name)
 */
public record CutMarker(String name, int frame, int duration, String color, String comment) {

  /** The colours OpenTimelineIO's {@code Marker.Color} defines. */
  public static final List<String> COLORS =
      List.of(
          "PINK", "RED", "ORANGE", "YELLOW", "GREEN", "CYAN", "BLUE", "PURPLE", "MAGENTA", "BLACK",
          "WHITE");

  public CutMarker {
    Checks.text(name, "name");
    Checks.atLeast(frame, 0, "frame");
    Checks.atLeast(duration, 0, "duration");
    if (color == null || !COLORS.contains(color)) {
      throw new IllegalArgumentException("color must be one of " + COLORS + ", was " + color);
    }
    if (comment == null) {
      throw new IllegalArgumentException("comment must not be null (use \"\")");
    }
  }
}
