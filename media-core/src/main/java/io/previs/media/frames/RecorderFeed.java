package io.previs.media.frames;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Hands {@link BgrFrame}s to a JavaCV recorder through one reused direct buffer: given a heap
 * buffer, JavaCPP would allocate and copy native memory for every frame.
 */
final class RecorderFeed {

  private ByteBuffer direct;

  void record(FFmpegFrameRecorder recorder, BgrFrame frame) throws Exception {
    record(recorder, frame.width(), frame.height(), frame.data(), avutil.AV_PIX_FMT_BGR24);
  }

  /** Packed 8-bit pixels of {@code pixelFormat} (bgr24 or rgb24), rows without padding. */
  void record(FFmpegFrameRecorder recorder, int width, int height, byte[] data, int pixelFormat)
      throws Exception {
    if (direct == null || direct.capacity() != data.length) {
      direct = ByteBuffer.allocateDirect(data.length);
    }
    direct.clear();
    direct.put(data).flip();
    recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 3, width * 3, pixelFormat, direct);
  }
}
