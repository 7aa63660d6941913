package io.previs.qccore;

import io.previs.qccore.config.QcConfig;
import io.previs.qccore.face.FaceAnalyzer;
import io.previs.qccore.face.FaceModels;
import io.previs.qccore.flow.FlowAnalyzer;
import io.previs.qccore.report.QcReport;
import io.previs.qccore.similarity.SimilarityAnalyzer;
import io.previs.qccore.video.AnalysisFrame;
import io.previs.qccore.video.FramePreparer;
import io.previs.qccore.video.Natives;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * QC of one clip whose frames arrive one at a time, in order: from a decoder, or straight from the
 * renderer so nothing is encoded and decoded again. Memory stays flat in clip length: each detector
 * keeps the previous frame and a few numbers per frame. Not thread-safe; one clip per session.
 *
 * <p>{@link #frame(int, int, int, byte[])} has the shape of diffusion-core's {@code FrameSink}, so
 * {@code session::frame} can be handed to the VAE decoder directly.
 */
public final class QcSession implements AutoCloseable {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  final QcConfig config;
  final ClipContext context;
  private final FaceModels faceModels;
  private FramePreparer preparer;
  SimilarityAnalyzer similarity;
  FlowAnalyzer flow;
  FaceAnalyzer faces;
  int sourceWidth;
  int sourceHeight;
  double fps;
  int frames;
  final StageClock clock = new StageClock();
  private boolean finished;

  QcSession(QcConfig config, ClipContext context, FaceModels faceModels) {
    Natives.init();
    this.config = config;
    this.context = context;
    this.faceModels = faceModels;
    this.fps = context.fps();
  }

  /** Sets the source size and rate before the first frame (the decoder knows them first). */
  void begin(int width, int height, double rate) {
    if (preparer != null) {
      return;
    }
    sourceWidth = width;
    sourceHeight = height;
    if (rate > 0) {
      fps = rate;
    }
    var a = config.analysis();
    preparer = new FramePreparer(width, height, a.width(), a.flowWidth());
    similarity = new SimilarityAnalyzer(config.similarity().blackPixelLevel());
    flow = new FlowAnalyzer();
    if (config.face().enabled() || context.checksLikeness()) {
      faces =
          new FaceAnalyzer(faceModels, config.face(), preparer.width(), preparer.height())
              .withGallery(context.gallery());
    }
  }

  /**
   * Adds the next frame as interleaved 8-bit RGB, row-major; {@code index} must count up from 0.
   */
  public void frame(int index, int width, int height, byte[] rgb) {
    if (index != frames) {
      throw new IllegalArgumentException("expected frame " + frames + ", got " + index);
    }
    begin(width, height, 0);
    checkSize(width, height);
    long t0 = cpu();
    AnalysisFrame f = preparer.prepareRgb(width, height, rgb);
    clock.add(Stage.PREPARE, cpu() - t0);
    analyse(f);
  }

  /** Adds the next frame as 8-bit BGR (any size with the clip's aspect ratio). */
  public void frame(Mat bgr) {
    begin(bgr.cols(), bgr.rows(), 0);
    long t0 = cpu();
    AnalysisFrame f = preparer.prepare(bgr);
    clock.add(Stage.PREPARE, cpu() - t0);
    analyse(f);
  }

  private void analyse(AnalysisFrame f) {
    long t0 = cpu();
    flow.accept(f);
    long t1 = cpu();
    clock.add(Stage.FLOW, t1 - t0);
    List<int[]> heads = List.of();
    if (faces != null) {
      faces.accept(f, flow.lastMotion(preparer.width(), preparer.height()));
      heads = config.face().enabled() ? faces.latestHeads() : List.of();
    }
    long t2 = cpu();
    clock.add(Stage.FACE, t2 - t1);
    similarity.accept(f, heads);
    clock.add(Stage.SIMILARITY, cpu() - t2);
    frames++;
  }

  private void checkSize(int width, int height) {
    if (width != sourceWidth || height != sourceHeight) {
      throw new IllegalArgumentException(
          "frame is "
              + width
              + "x"
              + height
              + ", the clip started at "
              + sourceWidth
              + "x"
              + sourceHeight);
    }
  }

  int analysisWidth() {
    return preparer == null ? 0 : preparer.width();
  }

  int analysisHeight() {
    return preparer == null ? 0 : preparer.height();
  }

  int flowWidth() {
    return preparer == null ? 0 : preparer.flowWidth();
  }

  /** Runs the checks over everything seen and closes the session. */
  public QcReport finish() {
    if (finished) {
      throw new IllegalStateException("finish() was already called");
    }
    finished = true;
    if (frames == 0) {
      close();
      throw new IllegalStateException("no frames were given to QC");
    }
    try {
      long t0 = cpu();
      QcReport report = ReportAssembler.assemble(this);
      clock.add(Stage.FINDINGS, cpu() - t0);
      return report.withTimings(clock.toMap());
    } finally {
      close();
    }
  }

  static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  @Override
  public void close() {
    if (preparer != null) {
      preparer.close();
      similarity.close();
      flow.close();
      if (faces != null) {
        faces.close();
      }
      preparer = null;
    }
  }
}
