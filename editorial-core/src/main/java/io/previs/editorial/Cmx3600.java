package io.previs.editorial;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Cut} as a CMX 3600 EDL, the lowest common denominator every NLE imports.
 *
 * <ul>
 *   <li><b>Events</b>: one per clip, 001…{@value #MAX_EVENTS} (CMX has three digits; a longer cut
 *       is refused), video ({@code V}), cut ({@code C}), record starting at 01:00:00:00 with each
 *       event's record in equal to the previous record out. Out points are exclusive (out = in +
 *       duration). Timecodes are non-drop at the cut's rate; a take's source timecode counts from
 *       00:00:00:00 at its file's first frame, since the takes carry no embedded timecode.
 *   <li><b>Reel</b>: every event's reel is {@value #REEL}. The takes are files, not tapes, and have
 *       no reel metadata; AX is CMX's "auxiliary source", which tells Resolve, Premiere and Avid
 *       that the reel identifies nothing and to conform from the {@code * FROM CLIP NAME:} and
 *       {@code * SOURCE FILE:} comments (Premiere writes file sources this way itself). A made-up
 *       reel such as T001 would instead be matched against reel metadata the files do not have.
 *   <li><b>Mixed rates</b>: a take whose rate differs from the cut's lasts {@code round(frames *
 *       cutFps / takeFps)} record frames (its real-time length). Its source timecodes count the
 *       take's own frames but are written at the cut's rate (frame 33 of a 24 fps take at 16 fps is
 *       00:00:02:01), so source and record durations differ; the event's {@code M2} motion line
 *       says the source plays at the take's rate (e.g. {@code 024.0}) in source frames per second
 *       of record time, which is what reconciles the two. An NLE that ignores M2 conforms such an
 *       event wrongly; the OTIO file carries the rates exactly.
 *   <li><b>Markers</b>: {@code * LOC: <record TC> <COLOR> <name>} comment lines, the locator form
 *       Avid writes and Resolve and Premiere import as timeline markers. The colour is mapped to
 *       the locator colours Avid has ({@link #LOCATOR_COLORS}); a marker's comment is not written.
 * </ul>
 *
 * <p>No transitions, audio or effects: an EDL of cuts is what conform needs. {@link Cmx3600Reader}
 * reads the result back.
 */
public final class Cmx3600 {

  /** The reel of every event: an auxiliary (file) source, see above. */
  public static final String REEL = "AX";

  /** Event numbers have three digits. */
  public static final int MAX_EVENTS = 999;

  /** The longest TITLE CMX tools read. */
  public static final int MAX_TITLE = 70;

  /** Record timecode of the first event: the usual one-hour start, leaving room for pre-roll. */
  public static final int RECORD_START_HOURS = 1;

  /** Avid's locator colours, the ones an EDL's LOC lines can carry. */
  public static final List<String> LOCATOR_COLORS =
      List.of("RED", "GREEN", "BLUE", "CYAN", "MAGENTA", "YELLOW", "BLACK", "WHITE");

  /** The nearest locator colour for OTIO's colours that Avid lacks. */
  private static final Map<String, String> NEAREST =
      Map.of("ORANGE", "YELLOW", "PINK", "MAGENTA", "PURPLE", "MAGENTA");

  private Cmx3600() {}

  /**
   * The cut as an EDL, lines ending in {@code \n}.
   *
   * @throws IllegalArgumentException if the cut has more than {@value #MAX_EVENTS} clips, a rate
   *     above {@value Timecode#MAX_FPS}, a clip shorter than one record frame, or runs past 24
   *     hours
   */
  public static String write(Cut cut) {
    int fps = cut.fps();
    if (fps > Timecode.MAX_FPS) {
      throw new IllegalArgumentException(
          "fps must be <= " + Timecode.MAX_FPS + " for an EDL's two-digit frames, was " + fps);
    }
    if (cut.clips().size() > MAX_EVENTS) {
      throw new IllegalArgumentException(
          "clips must be <= " + MAX_EVENTS + " for an EDL, was " + cut.clips().size());
    }
    StringBuilder edl = new StringBuilder();
    edl.append("TITLE: ").append(title(cut.name())).append('\n');
    edl.append("FCM: NON-DROP FRAME\n");
    long record = (long) RECORD_START_HOURS * 3600 * fps;
    for (int i = 0; i < cut.clips().size(); i++) {
      CutClip c = cut.clips().get(i);
      long length = Frames.rescale(c.frames(), c.fps(), fps);
      if (length == 0) {
        throw new IllegalArgumentException(
            "clips[%d].frames (%d at %d fps) is under one frame at the cut's %d fps"
                .formatted(i, c.frames(), c.fps(), fps));
      }
      String sourceIn = Timecode.format(c.sourceStart(), fps);
      edl.append('\n')
          .append(
              String.format(
                  Locale.ROOT,
                  "%03d  %-8s %-5s %-4s %3s %s %s %s %s\n",
                  i + 1,
                  REEL,
                  "V",
                  "C",
                  "",
                  sourceIn,
                  Timecode.format((long) c.sourceStart() + c.frames(), fps),
                  Timecode.format(record, fps),
                  Timecode.format(record + length, fps)));
      if (c.fps() != fps) {
        edl.append(
            String.format(
                Locale.ROOT,
                "M2   %-8s       %05.1f%16s%s\n",
                REEL,
                (double) c.fps(),
                "",
                sourceIn));
      }
      edl.append("* FROM CLIP NAME: ").append(c.take()).append('\n');
      edl.append("* SOURCE FILE: ").append(c.fileName()).append('\n');
      for (CutMarker m : c.markers()) {
        // Clamped so that rounding never puts a note on the next event's first frame.
        long at = Math.min(length - 1, Frames.rescale(m.frame() - c.sourceStart(), c.fps(), fps));
        String color = NEAREST.getOrDefault(m.color(), m.color());
        edl.append(
            "* LOC: %s %-7s %s\n".formatted(Timecode.format(record + at, fps), color, m.name()));
      }
      record += length;
    }
    return edl.toString();
  }

  /** Upper-cased printable ASCII, as old EDL tools expect, cut to {@value #MAX_TITLE}. */
  static String title(String name) {
    String ascii = name.strip().toUpperCase(Locale.ROOT).replaceAll("[^\\x20-\\x7E]", "_");
    return ascii.length() > MAX_TITLE ? ascii.substring(0, MAX_TITLE) : ascii;
  }
}
