package io.previs.media.frames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Writes frames the way the GPU worker stores a shard: lossless FFV1, pixel format {@code bgr0},
 * constant fps, in Matroska. Used by tests and tools to make worker-identical {@code frames.mkv}.
 */
public final class Ffv1Writer implements FrameSink {

  private final Path file;
  private final FFmpegFrameRecorder recorder;
  private final RecorderFeed feed = new RecorderFeed();

  public Ffv1Writer(Path file, int width, int height, Fps fps) throws IOException {
    FfmpegLog.quiet();
    this.file = file;
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
    } catch (Exception e) {
      throw new IOException(file + ": FFV1 write failed: " + e.getMessage(), e);
    }
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
