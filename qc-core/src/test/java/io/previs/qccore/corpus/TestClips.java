package io.previs.qccore.corpus;

import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/** Canned corpus clips for tests outside this package (CLI, streaming, push API). */
public final class TestClips {

  /** A clean pan over a procedural scene: passes. */
  public static final String CLEAN_PAN = "clean-pan";

  /** The same pan with two black frames from frame 12: fails. */
  public static final String BLACK_FRAMES = "black-frames";

  /** The same pan with a shake from frame 10: review. */
  public static final String SHAKY = "shaky";

  /** A locked-off shot with no motion at all. */
  public static final String STATIC = "static";

  /** The astronaut's head crossing a background; the face vanishes at frame 14 for 3 frames. */
  public static final String FACE_VANISH = "face-vanish";

  /** The astronaut's head jumps sideways at frame 14 for 3 frames. */
  public static final String FACE_JUMP = "face-jump";

  /** The astronaut's head crossing a background, clean. */
  public static final String FACE = "face";

  /** Receives rendered frames. */
  public interface Sink {
    void frame(int index, Mat bgr) throws Exception;
  }

  private TestClips() {}

  public static ClipSpec spec(String kind, int frames) {
    return switch (kind) {
      case CLEAN_PAN ->
          new ClipSpec(kind, Content.PAN_TEXTURE, Defect.NONE, 320, 192, frames, 4242, 0, 1, 0);
      case BLACK_FRAMES ->
          new ClipSpec(kind, Content.PAN_TEXTURE, Defect.BLACK, 320, 192, frames, 4242, 12, 2, 0);
      case SHAKY ->
          new ClipSpec(kind, Content.PAN_TEXTURE, Defect.JITTER, 320, 192, frames, 4242, 10, 8, 0);
      case STATIC ->
          new ClipSpec(kind, Content.STATIC, Defect.NONE, 320, 192, frames, 4243, 0, 1, 0);
      case FACE ->
          new ClipSpec(kind, Content.MOVING_FACE, Defect.NONE, 320, 192, frames, 77, 0, 1, 0);
      case FACE_VANISH ->
          new ClipSpec(
              kind, Content.MOVING_FACE, Defect.FACE_VANISH, 320, 192, frames, 77, 14, 3, 0);
      case FACE_JUMP ->
          new ClipSpec(kind, Content.MOVING_FACE, Defect.FACE_JUMP, 320, 192, frames, 77, 14, 3, 0);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** Writes the clip as H.264 MP4 at 16 fps. */
  public static Path writeMp4(String kind, int frames, Path file) throws Exception {
    Mp4Writer.write(spec(kind, frames), file);
    return file;
  }

  /** Renders the clip's frames as BGR Mats (reused between calls: copy to keep). */
  public static void render(String kind, int frames, Sink sink) throws Exception {
    ClipRenderer.render(spec(kind, frames), sink::frame);
  }
}
