package io.previs.media.encode;

import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.FfmpegLog;
import io.previs.media.frames.Fps;
import io.previs.media.frames.FrameSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Encodes frames to H.264 in MP4 or ProRes 422 in MOV through JavaCV's recorder, which is given
 * frames already in the codec's pixel format (see {@link YuvConverter}), so the recorder does no
 * conversion of its own. Outputs are tagged BT.709 limited range, constant frame rate, with the
 * job's metadata; MP4s are fast-start (moov before mdat) for progressive web playback.
 *
 * <p>Conversion and encoding overlap: {@link #accept} converts on the caller's thread into one of
 * two buffers while the writer's own thread encodes the previous frame from the other, the way the
 * FFmpeg CLI runs its scaler and encoder on separate threads. Encoders alone leave part of a 2-core
 * machine idle. An encoder failure surfaces on the next {@code accept} or {@code close}.
 */
public final class VideoWriter implements FrameSink {

  private final Path file;
  private final FFmpegFrameRecorder recorder;
  private final boolean prores;
  private final int width;
  private final int height;
  private final byte[][] planes = new byte[2][];
  private final ByteBuffer direct;
  private final ExecutorService encoder;
  private Future<?> pending;
  private int slot;
  private long frames;
  private boolean closed;

  private VideoWriter(Path file, FFmpegFrameRecorder recorder, boolean prores, int w, int h)
      throws IOException {
    this.file = file;
    this.recorder = recorder;
    this.prores = prores;
    this.width = w;
    this.height = h;
    int size = prores ? YuvConverter.yuv422p10Size(w, h) : YuvConverter.yuv420pSize(w, h);
    this.planes[0] = new byte[size];
    this.planes[1] = new byte[size];
    this.direct = ByteBuffer.allocateDirect(size);
    this.encoder =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("previs-encode-" + file.getFileName()).factory());
    try {
      recorder.start();
    } catch (FFmpegFrameRecorder.Exception e) {
      encoder.shutdown();
      throw new IOException(file + ": cannot start encoder: " + e.getMessage(), e);
    }
  }

  public static VideoWriter h264(
      Path file, int width, int height, Fps fps, H264Settings s, Map<String, String> tags)
      throws IOException {
    s.encoder().requireAvailable();
    checkSize(width, height);
    FFmpegFrameRecorder r = recorder(file, width, height, fps, tags);
    r.setFormat("mp4");
    r.setVideoCodecName(s.encoder().codecName());
    r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    r.setGopSize(Math.max(1, (int) Math.round(fps.value() * s.keyframeSeconds())));
    r.setOption("movflags", "+faststart+use_metadata_tags");
    r.setVideoOption("profile", "high");
    if (s.encoder() == H264Encoder.X264) {
      r.setVideoOption("preset", s.x264Preset());
      if (s.bitrateKbps() > 0) {
        r.setVideoBitrate(s.bitrateKbps() * 1000);
      } else {
        r.setVideoOption("crf", Integer.toString(s.crf()));
      }
    } else if (s.bitrateKbps() > 0) {
      r.setVideoOption("rc_mode", "bitrate");
      r.setVideoBitrate(s.bitrateKbps() * 1000);
    } else {
      // OpenH264 has no CRF: rate control off at a fixed QP is its closest equivalent.
      r.setVideoOption("rc_mode", "off");
      r.setVideoOption("qmin", Integer.toString(s.crf()));
      r.setVideoOption("qmax", Integer.toString(s.crf()));
    }
    return new VideoWriter(file, r, false, width, height);
  }

  public static VideoWriter prores(
      Path file, int width, int height, Fps fps, ProResProfile profile, Map<String, String> tags)
      throws IOException {
    checkSize(width, height);
    FFmpegFrameRecorder r = recorder(file, width, height, fps, tags);
    r.setFormat("mov");
    r.setVideoCodecName("prores_ks");
    r.setPixelFormat(avutil.AV_PIX_FMT_YUV422P10LE);
    r.setOption("movflags", "+use_metadata_tags");
    r.setVideoOption("profile", Integer.toString(profile.ffmpegProfile()));
    // Apple's vendor code: some editorial tools only trust ProRes that claims to be Apple's.
    r.setVideoOption("vendor", "apl0");
    return new VideoWriter(file, r, true, width, height);
  }

  private static FFmpegFrameRecorder recorder(
      Path file, int w, int h, Fps fps, Map<String, String> tags) throws IOException {
    FfmpegLog.quiet();
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
    r.setFrameRate(fps.value());
    r.setVideoOption("color_range", "tv");
    r.setVideoOption("colorspace", "bt709");
    r.setVideoOption("color_primaries", "bt709");
    r.setVideoOption("color_trc", "bt709");
    r.setMetadata(tags);
    return r;
  }

  private static void checkSize(int w, int h) {
    if (w <= 0 || h <= 0 || (w & 1) != 0 || (h & 1) != 0) {
      throw new IllegalArgumentException(
          "encoded size must be positive and even (4:2:0/4:2:2 chroma), got " + w + "x" + h);
    }
  }

  @Override
  public void accept(BgrFrame frame) throws IOException {
    if (frame.width() != width || frame.height() != height) {
      throw new IllegalArgumentException(
          file.getFileName() + " is " + width + "x" + height + ", got a " + frame);
    }
    if (closed) {
      throw new IllegalStateException(file + " is closed");
    }
    byte[] yuv = planes[slot];
    slot ^= 1;
    if (prores) {
      YuvConverter.toYuv422p10(frame, yuv);
    } else {
      YuvConverter.toYuv420p(frame, yuv);
    }
    awaitPending();
    long index = frames++;
    pending = encoder.submit(() -> encode(yuv, index));
  }

  private Void encode(byte[] yuv, long index) throws IOException {
    direct.clear();
    direct.put(yuv).flip();
    try {
      if (prores) {
        recorder.recordImage(
            width, height, Frame.DEPTH_USHORT, 1, width, avutil.AV_PIX_FMT_YUV422P10LE, direct);
      } else {
        recorder.recordImage(
            width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, direct);
      }
      return null;
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException(file + ": encoding frame " + index + " failed: " + e.getMessage(), e);
    }
  }

  private void awaitPending() throws IOException {
    if (pending == null) {
      return;
    }
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(file + ": interrupted while encoding", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io
          ? io
          : new IOException(file + ": encoder failed: " + e.getCause(), e.getCause());
    } finally {
      pending = null;
    }
  }

  public long frames() {
    return frames;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    try {
      awaitPending();
    } catch (IOException e) {
      failure = e;
    }
    try {
      // Always finish the recorder, even after a failed frame, so its native memory is freed.
      encoder
          .submit(
              () -> {
                recorder.close();
                return null;
              })
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = addTo(failure, new IOException(file + ": interrupted while finishing", e));
    } catch (ExecutionException e) {
      failure =
          addTo(
              failure,
              new IOException(file + ": finishing the file failed: " + e.getCause(), e.getCause()));
    } finally {
      encoder.shutdownNow();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static IOException addTo(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
