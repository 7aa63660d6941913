package io.previs.qccore.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;

/**
 * Streams a clip's frames through FFmpeg, one at a time, so memory does not grow with clip length.
 * Frames wider than {@code maxWidth} are scaled down by swscale during the colour conversion that
 * happens anyway, which is cheaper than converting at full size and resizing after.
 */
public final class ClipDecoder {

  private ClipDecoder() {}

  /** Decodes a file; any container and codec the bundled FFmpeg reads. */
  public static VideoInfo decode(Path file, int maxWidth, int threads, FrameConsumer sink)
      throws IOException {
    return run(new FFmpegFrameGrabber(file.toFile()), maxWidth, threads, sink);
  }

  /**
   * Decodes a stream. FFmpeg may need to seek back (an MP4 whose index, {@code moov}, comes after
   * the media data), so the compressed bytes read are kept in memory until the end: a few MB for a
   * previs clip, never decoded frames. Prefer {@link #decode(Path, int, int, FrameConsumer)} for
   * long clips.
   */
  public static VideoInfo decode(InputStream in, int maxWidth, int threads, FrameConsumer sink)
      throws IOException {
    return run(new FFmpegFrameGrabber(in, Integer.MAX_VALUE - 8), maxWidth, threads, sink);
  }

  private static VideoInfo run(
      FFmpegFrameGrabber grabber, int maxWidth, int threads, FrameConsumer sink)
      throws IOException {
    Natives.init();
    grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
    if (threads > 0) {
      grabber.setVideoOption("threads", Integer.toString(threads));
    }
    try (grabber;
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.start();
      int w = grabber.getImageWidth();
      int h = grabber.getImageHeight();
      if (w <= 0 || h <= 0) {
        throw new IOException("no video stream");
      }
      VideoInfo info =
          new VideoInfo(
              w,
              h,
              grabber.getFrameRate(),
              grabber.getVideoCodecName(),
              Math.max(0, grabber.getLengthInVideoFrames()));
      if (w > maxWidth) {
        grabber.setImageWidth(maxWidth);
        grabber.setImageHeight(scaledHeight(w, h, maxWidth));
      }
      sink.start(info);
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        sink.frame(converter.convert(frame));
      }
      grabber.stop();
      return info;
    } catch (FrameGrabber.Exception e) {
      throw new IOException("cannot decode: " + e.getMessage(), e);
    }
  }

  /** Height for a width-limited downscale; even, because chroma-subsampled paths want it. */
  public static int scaledHeight(int width, int height, int targetWidth) {
    if (width <= targetWidth) {
      return height;
    }
    return Math.max(2, (int) Math.round(height * (double) targetWidth / width / 2.0) * 2);
  }
}
