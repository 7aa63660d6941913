package io.previs.media.frames;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes a video file or stream (the GPU worker's FFV1/Matroska {@code frames.mkv}, or anything
 * else FFmpeg reads) into {@link BgrFrame}s, one at a time.
 *
 * <p>Streams are opened without seeking: JavaCV's default for an {@code InputStream} marks the
 * whole stream so that FFmpeg may seek back, which buffers the entire shard on the heap.
 *
 * <p>Two ways to reach BGR: {@link #open(Path)} lets swscale convert, which is exact for RGB shards
 * (FFV1 {@code bgr0}) but reads every Y'CbCr stream as BT.601; {@link #openVideo(Path)} has swscale
 * stop at Y'CbCr 4:4:4 and applies the stream's own matrix ({@link YuvToBgr}), for delivery files
 * (H.264, HEVC, ProRes) that are BT.709.
 */
final class FfmpegFrameSource implements FrameSource {

  private final String name;
  private final FFmpegFrameGrabber grabber;
  private final StreamInfo info;
  private final YuvToBgr matrix;

  private FfmpegFrameSource(String name, FFmpegFrameGrabber grabber, boolean video)
      throws IOException {
    FfmpegLog.quiet();
    this.name = name;
    this.grabber = grabber;
    grabber.setPixelFormat(video ? avutil.AV_PIX_FMT_YUV444P : avutil.AV_PIX_FMT_BGR24);
    try {
      grabber.start();
      if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
        throw new IOException(name + ": no video stream");
      }
      this.matrix =
          video
              ? YuvToBgr.forStream(
                  grabber.getFormatContext().streams(grabber.getVideoStream()).codecpar())
              : null;
      this.info =
          new StreamInfo(
              grabber.getImageWidth(), grabber.getImageHeight(), fps(grabber), frameCount(grabber));
    } catch (FrameGrabber.Exception | RuntimeException e) {
      closeQuietly();
      throw new IOException(name + ": cannot open video: " + e.getMessage(), e);
    } catch (IOException e) {
      closeQuietly();
      throw e;
    }
  }

  public static FfmpegFrameSource open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
    return new FfmpegFrameSource(file.toString(), new FFmpegFrameGrabber(file.toFile()), false);
  }

  /** Reads {@code in} front to back (no seeking); closes it when the source is closed. */
  public static FfmpegFrameSource open(InputStream in, String name) throws IOException {
    return new FfmpegFrameSource(name, new FFmpegFrameGrabber(in, 0), false);
  }

  /** A delivery file, its Y'CbCr converted with the matrix it is tagged with. */
  public static FfmpegFrameSource openVideo(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
    return new FfmpegFrameSource(file.toString(), new FFmpegFrameGrabber(file.toFile()), true);
  }

  /** As {@link #openVideo(Path)}, front to back without seeking; closes {@code in} on close. */
  public static FfmpegFrameSource openVideo(InputStream in, String name) throws IOException {
    return new FfmpegFrameSource(name, new FFmpegFrameGrabber(in, 0), true);
  }

  private static Fps fps(FFmpegFrameGrabber g) {
    AVStream st = g.getFormatContext().streams(g.getVideoStream());
    AVRational r = st.avg_frame_rate();
    if (r.num() <= 0 || r.den() <= 0) {
      r = st.r_frame_rate();
    }
    if (r.num() > 0 && r.den() > 0) {
      return new Fps(r.num(), r.den());
    }
    return Fps.of(g.getVideoFrameRate());
  }

  private static long frameCount(FFmpegFrameGrabber g) {
    AVStream st = g.getFormatContext().streams(g.getVideoStream());
    if (st.nb_frames() > 0) {
      return st.nb_frames();
    }
    // Matroska stores a duration, not a frame count; for constant-fps FFV1 the product is exact.
    long durationUs = g.getFormatContext().duration();
    if (durationUs <= 0 || durationUs == avutil.AV_NOPTS_VALUE) {
      return -1;
    }
    return Math.round(g.getLengthInTime() * g.getVideoFrameRate() / 1_000_000.0);
  }

  @Override
  public StreamInfo info() {
    return info;
  }

  @Override
  public BgrFrame next() throws IOException {
    Frame f;
    try {
      f = grabber.grabImage();
    } catch (FrameGrabber.Exception e) {
      throw new IOException(name + ": decode failed: " + e.getMessage(), e);
    }
    if (f == null || f.image == null) {
      return null;
    }
    if (f.imageWidth != info.width() || f.imageHeight != info.height()) {
      throw new IOException(
          name
              + ": frame size changed mid-stream from "
              + info.width()
              + "x"
              + info.height()
              + " to "
              + f.imageWidth
              + "x"
              + f.imageHeight);
    }
    BgrFrame out = new BgrFrame(f.imageWidth, f.imageHeight);
    if (matrix == null) {
      copy((ByteBuffer) f.image[0], f.imageStride, out);
    } else if (f.opaque instanceof AVFrame yuv && yuv.format() == avutil.AV_PIX_FMT_YUV444P) {
      matrix.convert(yuv, out);
    } else {
      // JavaCV hands its converted picture over as opaque; fail loudly if an update changes that.
      throw new IOException(name + ": the decoder did not deliver yuv444p planes");
    }
    return out;
  }

  static void copy(ByteBuffer src, int stride, BgrFrame out) {
    byte[] dst = out.data();
    int row = out.width() * 3;
    ByteBuffer b = src.duplicate();
    if (stride == row) {
      b.position(0).get(dst, 0, dst.length);
      return;
    }
    for (int y = 0; y < out.height(); y++) {
      b.position(y * stride).get(dst, y * row, row);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      grabber.close();
    } catch (FrameGrabber.Exception e) {
      throw new IOException(name + ": close failed: " + e.getMessage(), e);
    }
  }

  private void closeQuietly() {
    try {
      grabber.close();
    } catch (Exception ignored) {
      // Already failing: the open error is the one to report.
    }
  }
}
