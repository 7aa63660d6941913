package io.previs.worker.frames;

import io.previs.diffusion.runtime.FrameSink;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes decoded frames, as they stream out of the VAE, into a lossless FFV1 video in Matroska
 * (pixel format bgr0): the intermediate the post-processor reads back bit-exactly, at a fraction of
 * raw size, as one object per shard.
 */
public final class Ffv1Writer implements FrameSink, AutoCloseable {

  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final Path file;
  private final int fps;
  private FFmpegFrameRecorder recorder;
  private Frame frame;
  private int written;

  public Ffv1Writer(Path file, int fps) {
    this.file = file;
    this.fps = fps;
  }

  @Override
  public void frame(int index, int width, int height, byte[] rgb) throws Exception {
    if (recorder == null) {
      recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
      recorder.setFormat("matroska");
      recorder.setVideoCodecName("ffv1");
      recorder.setPixelFormat(avutil.AV_PIX_FMT_BGR0);
      recorder.setFrameRate(fps);
      recorder.start();
      frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int stride = frame.imageStride;
    for (int y = 0; y < height; y++) {
      buf.put(y * stride, rgb, y * width * 3, width * 3);
    }
    recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
    written++;
  }

  public int written() {
    return written;
  }

  @Override
  public void close() throws Exception {
    if (recorder != null) {
      recorder.stop();
      recorder.release();
    }
    if (frame != null) {
      frame.close();
    }
  }
}
