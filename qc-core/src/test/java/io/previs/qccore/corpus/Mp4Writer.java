package io.previs.qccore.corpus;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes corpus clips as H.264 MP4 through the LGPL FFmpeg in JavaCV (libopenh264), at a generous
 * bitrate (about 2 bits per pixel), as a delivery encode would be; so QC is tested through real
 * decoding and real compression noise.
 */
final class Mp4Writer implements AutoCloseable {

  static final double FPS = 16;

  private final FFmpegFrameRecorder recorder;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();

  Mp4Writer(Path file, int width, int height) throws Exception {
    io.previs.qccore.video.Natives.init();
    recorder = new FFmpegFrameRecorder(file.toFile(), width, height);
    recorder.setFormat("mp4");
    recorder.setVideoCodecName("libopenh264");
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(FPS);
    recorder.setGopSize(32);
    recorder.setVideoBitrate((int) Math.max(500_000, width * height * FPS * 2));
    recorder.start();
  }

  void write(Mat bgr) throws Exception {
    recorder.record(converter.convert(bgr));
  }

  @Override
  public void close() throws Exception {
    recorder.stop();
    recorder.release();
    converter.close();
  }

  static void write(ClipSpec spec, Path file) throws Exception {
    try (Mp4Writer w = new Mp4Writer(file, spec.width(), spec.height())) {
      ClipRenderer.render(spec, (i, bgr) -> w.write(bgr));
    }
  }
}
