package io.previs.media.frames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * The shard intermediate, the contract between the GPU worker and post-processing: lossless FFV1,
 * pixel format {@code bgr0}, constant fps, in Matroska ({@code frames.mkv}). The worker writes it
 * here as the VAE streams frames out ({@link #acceptRgb}); post-processing reads it back
 * bit-exactly through {@link ShardInput}. This is the only writer of the format.
 */
public final class Ffv1Writer implements FrameSink {

  private final Path file;
  private final FFmpegFrameRecorder recorder;
  private final RecorderFeed feed = new RecorderFeed();
  private final int width;
  private final int height;
  private int written;

  public Ffv1Writer(Path file, int width, int height, Fps fps) throws IOException {
    FfmpegLog.quiet();
    this.file = file;
    this.width = width;
    this.height = height;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
    recorder.setFormat("matroska");
    recorder.setVideoCodecName("ffv1");
    recorder.setPixelFormat(avutil.AV_PIX_FMT_BGR0);
    recorder.setFrameRate(fps.value());
    try {
      recorder.start();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException(file + ": cannot start FFV1 writer: " + e.getMessage(), e);
    }
  }

  @Override
  public void accept(BgrFrame frame) throws IOException {
    try {
      feed.record(recorder, frame);
      written++;
    } catch (Exception e) {
      throw new IOException(file + ": FFV1 write failed: " + e.getMessage(), e);
    }
  }

  /**
   * Writes one frame given as packed 8-bit RGB (the VAE's layout), converted to the stored pixel
   * format by FFmpeg without a copy in Java.
   */
  public void acceptRgb(int width, int height, byte[] rgb) throws IOException {
    if (width != this.width || height != this.height) {
      throw new IOException(
          file
              + ": frame is "
              + width
              + "x"
              + height
              + " but the shard was opened at "
              + this.width
              + "x"
              + this.height);
    }
    try {
      feed.record(recorder, width, height, rgb, avutil.AV_PIX_FMT_RGB24);
      written++;
    } catch (Exception e) {
      throw new IOException(file + ": FFV1 write failed: " + e.getMessage(), e);
    }
  }

  /** Frames written so far. */
  public int written() {
    return written;
  }

  @Override
  public void close() throws IOException {
    try {
      recorder.close();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException(file + ": FFV1 finish failed: " + e.getMessage(), e);
    }
  }
}
