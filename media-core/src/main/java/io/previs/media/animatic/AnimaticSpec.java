package io.previs.media.animatic;

import io.previs.media.encode.H264Settings;
import io.previs.media.frames.Fps;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.StreamInfo;
import java.io.IOException;
import java.util.List;

/**
 * What the animatic looks like. Every clip is conformed to this size and rate: frames are repeated
 * or dropped to reach {@code fps}, and each take is scaled to fit inside {@code width}x{@code
 * height} with its aspect ratio kept, the rest of the frame black (letterbox or pillarbox).
 *
 * @param width output width, even, {@value #MIN_SIDE}..{@value #MAX_WIDTH}
 * @param height output height, even, {@value #MIN_SIDE}..{@value #MAX_HEIGHT}
 * @param fps output rate; also the rate of the burnt-in record timecode
 * @param burnIn draw the clip label (bottom left), the title (top left) and the record timecode
 *     (bottom right) into every frame
 * @param title the sequence name shown top left when burning in, or null for none
 * @param h264 encoder settings (null: {@link H264Settings#DEFAULT})
 */
public record AnimaticSpec(
    int width, int height, Fps fps, boolean burnIn, String title, H264Settings h264) {

  public static final int MIN_SIDE = 64;

  /** UHD: an animatic is a review copy; larger takes are scaled down to fit. */
  public static final int MAX_WIDTH = 3840;

  public static final int MAX_HEIGHT = 2160;

  /** Longest title or clip label; a burn-in line cannot show more anyway. */
  public static final int MAX_TEXT = 200;

  public AnimaticSpec {
    checkSide("animatic.width", width, MAX_WIDTH);
    checkSide("animatic.height", height, MAX_HEIGHT);
    if (fps == null) {
      throw new IllegalArgumentException("animatic.fps is required");
    }
    title = text("animatic.title", title);
    h264 = h264 == null ? H264Settings.DEFAULT : h264;
  }

  /** Exact size and rate, no burn-in, default encoder settings. */
  public static AnimaticSpec of(int width, int height, Fps fps) {
    return new AnimaticSpec(width, height, fps, false, null, null);
  }

  /**
   * The size of a source of {@code sourceWidth}x{@code sourceHeight}, made even and, if outside the
   * limits, scaled (aspect kept) until it fits them.
   */
  public static AnimaticSpec sizedFor(int sourceWidth, int sourceHeight, Fps fps) {
    if (sourceWidth <= 0 || sourceHeight <= 0) {
      throw new IllegalArgumentException(
          "source size must be positive: " + sourceWidth + "x" + sourceHeight);
    }
    double down =
        Math.min(1, Math.min((double) MAX_WIDTH / sourceWidth, (double) MAX_HEIGHT / sourceHeight));
    double up =
        Math.max(1, Math.max((double) MIN_SIDE / sourceWidth, (double) MIN_SIDE / sourceHeight));
    double scale = down < 1 ? down : up;
    return of(even(sourceWidth * scale, MAX_WIDTH), even(sourceHeight * scale, MAX_HEIGHT), fps);
  }

  /**
   * Sized for the first clip ({@link #sizedFor}); {@code fps} null takes the first clip's rate too.
   * Opens the first take once to read its header, so its supplier must be able to open it again.
   */
  public static AnimaticSpec fromFirstClip(List<AnimaticClip> clips, Fps fps) throws IOException {
    if (clips == null || clips.isEmpty()) {
      throw new IllegalArgumentException("clips: at least one clip is required");
    }
    AnimaticClip first = clips.getFirst();
    StreamInfo info;
    try (FrameSource src = first.open()) {
      info = src.info();
    } catch (IOException e) {
      throw Animatic.clipFailure(0, clips.size(), first, e);
    }
    return sizedFor(info.width(), info.height(), fps != null ? fps : info.fps());
  }

  public AnimaticSpec withBurnIn(String sequenceTitle) {
    return new AnimaticSpec(width, height, fps, true, sequenceTitle, h264);
  }

  public AnimaticSpec withH264(H264Settings settings) {
    return new AnimaticSpec(width, height, fps, burnIn, title, settings);
  }

  private static void checkSide(String field, int v, int max) {
    if (v < MIN_SIDE || v > max) {
      throw new IllegalArgumentException(
          field + " " + v + " is out of range " + MIN_SIDE + ".." + max);
    }
    if ((v & 1) != 0) {
      throw new IllegalArgumentException(field + " " + v + " must be even (4:2:0 chroma)");
    }
  }

  private static int even(double v, int max) {
    int e = 2 * (int) Math.round(v / 2);
    return Math.clamp(e, MIN_SIDE, max);
  }

  /** Null or blank is no text; anything else within {@link #MAX_TEXT} characters. */
  static String text(String field, String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          field + " is " + v.length() + " characters; the limit is " + MAX_TEXT);
    }
    return v.strip();
  }
}
