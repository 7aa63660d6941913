package io.previs.qccore.corpus;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Frames the oracle bundle rendered, played back by source time. */
final class OracleScene implements Scene {

  private final List<byte[]> frames;
  private final Mat rgb = new Mat(OracleClips.HEIGHT, OracleClips.WIDTH, CV_8UC3);

  OracleScene(long seed) {
    this.frames = OracleClips.frames(seed);
  }

  @Override
  public void render(int tau, FaceEffect effect, Mat out) {
    ((BytePointer) rgb.data()).put(frames.get(Math.max(0, Math.min(frames.size() - 1, tau))));
    cvtColor(rgb, out, COLOR_RGB2BGR);
  }

  @Override
  public void close() {
    rgb.close();
  }
}
