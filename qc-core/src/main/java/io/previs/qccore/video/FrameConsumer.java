package io.previs.qccore.video;

import org.bytedeco.opencv.opencv_core.Mat;

/** Receives a decoded clip one frame at a time; the frame's memory is reused after the call. */
public interface FrameConsumer {

  void start(VideoInfo info);

  /**
   * @param bgr 8-bit BGR, possibly already downscaled by the decoder (never upscaled)
   */
  void frame(Mat bgr);
}
