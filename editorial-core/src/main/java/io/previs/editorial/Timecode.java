package io.previs.editorial;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Non-drop-frame SMPTE timecode {@code HH:MM:SS:FF} to and from a frame count at an integer rate.
 *
 * <p>Whole rates only: drop-frame (29.97) is a label scheme for NTSC rates, which the farm never
 * renders at. The frames field has two digits, so rates run 1..{@value #MAX_FPS}; timecode stops at
 * 23:59:59:FF because NLEs wrap at 24 hours.
 */
public final class Timecode {

  /** The highest rate whose frame numbers fit the two-digit frames field. */
  public static final int MAX_FPS = 100;

  private static final Pattern FORM = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2}):(\\d{2})");

  private Timecode() {}

  /** The timecode of frame {@code frame} (0 is 00:00:00:00) at {@code fps} frames a second. */
  public static String format(long frame, int fps) {
    checkFps(fps);
    long limit = 24L * 3600 * fps;
    if (frame < 0 || frame >= limit) {
      throw new IllegalArgumentException(
          "frame must be in 0.."
              + (limit - 1)
              + " (under 24 hours at "
              + fps
              + " fps), was "
              + frame);
    }
    long seconds = frame / fps;
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d:%02d",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        frame % fps);
  }

  /**
   * The frame count {@code timecode} names at {@code fps}.
   *
   * @throws IllegalArgumentException naming the field at fault when the text is not {@code
   *     HH:MM:SS:FF} with hours &lt; 24, minutes and seconds &lt; 60 and frames &lt; fps
   */
  public static long parse(String timecode, int fps) {
    checkFps(fps);
    Matcher m = timecode == null ? null : FORM.matcher(timecode);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("timecode must be HH:MM:SS:FF, was " + timecode);
    }
    int hours = field(m, 1, 24, "hours", timecode);
    int minutes = field(m, 2, 60, "minutes", timecode);
    int seconds = field(m, 3, 60, "seconds", timecode);
    int frames = field(m, 4, fps, "frames", timecode);
    return ((hours * 60L + minutes) * 60 + seconds) * fps + frames;
  }

  private static int field(Matcher m, int group, int limit, String name, String timecode) {
    int value = Integer.parseInt(m.group(group));
    if (value >= limit) {
      throw new IllegalArgumentException(
          "timecode %s: %s field must be < %d, was %d".formatted(timecode, name, limit, value));
    }
    return value;
  }

  private static void checkFps(int fps) {
    if (fps < 1 || fps > MAX_FPS) {
      throw new IllegalArgumentException("fps must be in 1.." + MAX_FPS + ", was " + fps);
    }
  }
}
