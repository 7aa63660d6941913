package io.previs.qccore;

import io.previs.qccore.config.QcConfig;
import io.previs.qccore.face.FaceModels;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.video.ClipDecoder;
import io.previs.qccore.video.FrameConsumer;
import io.previs.qccore.video.VideoInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The QC entry point: checks a clip from a file, a stream, or frames pushed one at a time, and
 * returns its {@link QcReport}. Holds the face cascades, which are costly to load and not safe to
 * share between threads: keep one instance per worker thread and reuse it for many clips.
 *
 * <pre>{@code
 * try (ClipQc qc = new ClipQc(QcProfiles.load(studioProfile))) {
 *   QcReport report = qc.check(Path.of("clip.mp4"), ClipContext.of(jobId).withExpectMotion(true));
 *   if (report.verdict().regenerate()) { ... }
 *   String json = ReportJson.write(report);
 * }
 * }</pre>
 */
public final class ClipQc implements AutoCloseable {

  private final QcConfig config;
  private FaceModels faceModels;

  public ClipQc(QcConfig config) {
    this.config = config;
    this.faceModels = config.face().enabled() ? FaceModels.load() : null;
  }

  public QcConfig config() {
    return config;
  }

  /** Decodes and checks a video file, streaming; the container's frame rate is used. */
  public QcReport check(Path file, ClipContext context) throws IOException {
    Decoding d = new Decoding(open(context));
    ClipDecoder.decode(file, config.analysis().width(), config.analysis().decodeThreads(), d);
    return d.finish();
  }

  /**
   * Decodes and checks a video stream (see {@link ClipDecoder} about MP4s that are not faststart).
   */
  public QcReport check(InputStream in, ClipContext context) throws IOException {
    Decoding d = new Decoding(open(context));
    ClipDecoder.decode(in, config.analysis().width(), config.analysis().decodeThreads(), d);
    return d.finish();
  }

  /**
   * Starts a clip whose frames the caller pushes, e.g. straight from the renderer's frame sink;
   * call {@link QcSession#finish()} after the last frame.
   */
  public QcSession open(ClipContext context) {
    if (faceModels == null && context.checksLikeness()) {
      faceModels = FaceModels.load(); // a profile without face checks still gets the likeness one
    }
    return new QcSession(config, context, faceModels);
  }

  @Override
  public void close() {
    if (faceModels != null) {
      faceModels.close();
    }
  }

  /** Feeds decoded frames to a session and books the decoder's CPU time as the decode stage. */
  private static final class Decoding implements FrameConsumer {
    private final QcSession session;
    private final long start = QcSession.cpu();

    Decoding(QcSession session) {
      this.session = session;
    }

    @Override
    public void start(VideoInfo info) {
      session.begin(info.width(), info.height(), info.fps());
    }

    @Override
    public void frame(Mat bgr) {
      session.frame(bgr);
    }

    QcReport finish() throws IOException {
      long total = QcSession.cpu() - start;
      if (session.frames == 0) {
        session.close();
        throw new IOException("no video frames could be decoded");
      }
      QcReport r = session.finish();
      Map<String, Double> t = new LinkedHashMap<>(r.timings());
      double analysed = t.values().stream().mapToDouble(Double::doubleValue).sum();
      double findings = t.getOrDefault("findings", 0.0);
      t.put("decode", Math.round(Math.max(0, total / 1e6 - (analysed - findings)) * 10) / 10.0);
      return r.withTimings(t);
    }
  }
}
