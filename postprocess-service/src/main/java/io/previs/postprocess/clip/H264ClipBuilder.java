package io.previs.postprocess.clip;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Concatenates the shots' frames, streaming one frame at a time, into an H.264 MP4 (yuv420p,
 * fast-start so a browser can play it while downloading, LGPL openh264 encoder) and writes a poster
 * JPEG from the middle of the first shot.
 */
public final class H264ClipBuilder implements ClipBuilder {

  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final int bitrate;

  public H264ClipBuilder(int bitrate) {
    this.bitrate = bitrate;
  }

  @Override
  public Result build(List<Path> shots, int fps, Map<String, String> metadata, Path outDir)
      throws Exception {
    Files.createDirectories(outDir);
    Path video = outDir.resolve("clip.mp4");
    Path poster = outDir.resolve("poster.jpg");
    FFmpegFrameRecorder recorder = null;
    int frames = 0;
    int width = 0;
    int height = 0;
    try {
      for (int s = 0; s < shots.size(); s++) {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(shots.get(s).toFile())) {
          grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
          grabber.start();
          int posterAt = grabber.getLengthInVideoFrames() / 2;
          int index = 0;
          Frame f;
          while ((f = grabber.grabImage()) != null) {
            if (recorder == null) {
              width = f.imageWidth;
              height = f.imageHeight;
              recorder = new FFmpegFrameRecorder(video.toFile(), width, height, 0);
              recorder.setFormat("mp4");
              recorder.setVideoCodecName("libopenh264");
              recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
              recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
              recorder.setFrameRate(fps);
              recorder.setVideoBitrate(bitrate);
              recorder.setGopSize(fps * 2);
              recorder.setOption("movflags", "+faststart");
              recorder.setMetadata(metadata);
              recorder.start();
            }
            if (s == 0 && index == posterAt) {
              writePoster(f, poster);
            }
            recorder.record(f, avutil.AV_PIX_FMT_BGR24);
            index++;
            frames++;
          }
        }
      }
    } finally {
      if (recorder != null) {
        recorder.stop();
        recorder.release();
      }
    }
    if (frames == 0) {
      throw new IllegalArgumentException("the shards hold no frames");
    }
    return new Result(video, poster, frames, width, height, frames / (double) fps);
  }

  private static void writePoster(Frame f, Path poster) throws Exception {
    BufferedImage img =
        new BufferedImage(f.imageWidth, f.imageHeight, BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    ByteBuffer src = (ByteBuffer) f.image[0];
    int row = f.imageWidth * 3;
    for (int y = 0; y < f.imageHeight; y++) {
      src.get(y * f.imageStride, dst, y * row, row);
    }
    ImageIO.write(img, "jpg", poster.toFile());
  }
}
