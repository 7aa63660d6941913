package io.previs.qc.review;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Test clips made here, not downloaded: a camera panning steadily across a generated scene of
 * blurred shapes, optionally with black frames planted at known positions.
 */
final class SyntheticClips {

  static final int WIDTH = 320;
  static final int HEIGHT = 192;
  static final int FPS = 16;

  private SyntheticClips() {}

  /** A pan of {@code frames} frames; frames in {@code black} are black. */
  static Path pan(Path file, int frames, Set<Integer> black) throws Exception {
    return pan(file, frames, black, Set.of());
  }

  /**
   * A pan of {@code frames} frames; frames in {@code black} are black, frames in {@code lit} are 90
   * levels brighter (what lightning does to a shot for a frame or two).
   */
  static Path pan(Path file, int frames, Set<Integer> black, Set<Integer> lit) throws Exception {
    Mat scene = scene(WIDTH * 3, HEIGHT + 40, 7);
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT);
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      rec.setFormat("mp4");
      rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      rec.setFrameRate(FPS);
      rec.setVideoBitrate(4_000_000);
      rec.setVideoQuality(2);
      rec.start();
      Mat blackFrame = new Mat(HEIGHT, WIDTH, CV_8UC3, Scalar.all(0));
      for (int i = 0; i < frames; i++) {
        Mat frame =
            black.contains(i)
                ? blackFrame
                : new Mat(scene, new Rect(i * 4, 20, WIDTH, HEIGHT)).clone();
        if (lit.contains(i)) {
          Mat brighter = new Mat();
          org.bytedeco.opencv.global.opencv_core.add(
              frame, new Mat(frame.size(), frame.type(), Scalar.all(90)), brighter);
          frame = brighter;
        }
        rec.record(conv.convert(frame));
      }
      rec.stop();
    }
    return file;
  }

  /** The astronaut's head (resources/astronaut.png), 80 pixels high, drifting across a pan. */
  static Path face(Path file, int frames) throws Exception {
    Mat scene = scene(WIDTH * 3, HEIGHT + 40, 11);
    Mat photo =
        org.bytedeco.opencv.global.opencv_imgcodecs.imread(
            Path.of("src/test/resources/astronaut.png").toString());
    Mat head = new Mat();
    org.bytedeco.opencv.global.opencv_imgproc.resize(
        new Mat(photo, new Rect(140, 10, 170, 205)), head, new Size(66, 80));
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT);
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      rec.setFormat("mp4");
      rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      rec.setFrameRate(FPS);
      rec.setVideoBitrate(4_000_000);
      rec.setVideoQuality(2);
      rec.start();
      for (int i = 0; i < frames; i++) {
        Mat frame = new Mat(scene, new Rect(i * 4, 20, WIDTH, HEIGHT)).clone();
        head.copyTo(new Mat(frame, new Rect(100 + i * 2, 50, 66, 80)));
        rec.record(conv.convert(frame));
      }
      rec.stop();
    }
    return file;
  }

  /** Soft shapes of many colours on a mid-grey ground: texture for optical flow everywhere. */
  private static Mat scene(int w, int h, long seed) {
    Random rnd = new Random(seed);
    Mat m = new Mat(h, w, CV_8UC3, new Scalar(110, 120, 130, 0));
    for (int i = 0; i < 220; i++) {
      Scalar colour =
          new Scalar(40 + rnd.nextInt(190), 40 + rnd.nextInt(190), 40 + rnd.nextInt(190), 0);
      int x = rnd.nextInt(w);
      int y = rnd.nextInt(h);
      if (rnd.nextBoolean()) {
        circle(m, new Point(x, y), 4 + rnd.nextInt(18), colour, -1, 16, 0);
      } else {
        rectangle(m, new Rect(x, y, 6 + rnd.nextInt(30), 6 + rnd.nextInt(30)), colour, -1, 8, 0);
      }
    }
    GaussianBlur(m, m, new Size(5, 5), 1.2);
    return m;
  }
}
