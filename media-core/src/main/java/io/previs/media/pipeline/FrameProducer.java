package io.previs.media.pipeline;

import io.previs.media.color.ColorTransform;
import io.previs.media.color.CubeLut;
import io.previs.media.color.Grade;
import io.previs.media.color.LabStats;
import io.previs.media.color.Normalisation;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.Fps;
import io.previs.media.frames.FpsAdapter;
import io.previs.media.frames.FrameSource;
import io.previs.media.frames.ShardInput;
import io.previs.media.frames.StreamInfo;
import io.previs.media.sr.EdgeSmoother;
import io.previs.media.sr.Upscaler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;

/**
 * The processing thread: decodes shots in order, grades each from its first frames, anti-aliases,
 * upscales, and hands finished frames to the encoding thread. It also picks the poster frame.
 */
final class FrameProducer implements Runnable {

  sealed interface Item {}

  record Header(int width, int height, Fps fps) implements Item {}

  /** A finished frame; {@code poster} marks the best poster candidate so far. */
  record FrameItem(BgrFrame frame, boolean poster) implements Item {}

  record End(List<PostprocessResult.ShotReport> shots) implements Item {}

  record Failure(Throwable cause) implements Item {
    RuntimeException rethrow() throws java.io.IOException {
      if (cause instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      if (cause instanceof RuntimeException re) {
        return re;
      }
      if (cause instanceof Error e) {
        throw e;
      }
      return new IllegalStateException(cause);
    }
  }

  @FunctionalInterface
  interface UpscalerFactory {
    Upscaler create(int width, int height);
  }

  private final List<ShardInput> shots;
  private final PostprocessSpec spec;
  private final Optional<CubeLut> lut;
  private final UpscalerFactory upscalers;
  private final BlockingQueue<Item> queue;
  private final StageClock clock;
  private final EdgeSmoother antiAlias;
  private LabStats reference;

  FrameProducer(
      List<ShardInput> shots,
      PostprocessSpec spec,
      Optional<CubeLut> lut,
      LabStats reference,
      UpscalerFactory upscalers,
      BlockingQueue<Item> queue,
      StageClock clock) {
    this.shots = shots;
    this.spec = spec;
    this.lut = lut;
    this.reference = reference;
    this.upscalers = upscalers;
    this.queue = queue;
    this.clock = clock;
    this.antiAlias = new EdgeSmoother(spec.antiAlias());
  }

  /** Reads the reference shot's analysis window ahead of the clip (shot matching only). */
  static LabStats referenceStats(ShardInput shot, PostprocessSpec spec, StageClock clock)
      throws IOException {
    try (FrameSource src = shot.open()) {
      List<BgrFrame> window = window(src, spec.analysisFrames(), clock);
      if (window.isEmpty()) {
        throw new IOException(shot.name() + ": the reference shot has no frames");
      }
      long t = clock.start();
      LabStats stats = ShotGrade.analyse(window, spec.color()).stats();
      clock.stop(StageClock.ANALYSE, t);
      return stats;
    }
  }

  @Override
  public void run() {
    Upscaler upscaler = null;
    try {
      ColorSpec color = spec.color();
      Optional<ColorTransform> lutOnly =
          color.analyses()
              ? Optional.empty()
              : Grade.compose(Normalisation.NONE, null, lut, color.interpolation());
      Fps fps = null;
      long clipFrame = 0;
      long posterTarget = -1;
      List<PostprocessResult.ShotReport> reports = new ArrayList<>();
      for (int i = 0; i < shots.size(); i++) {
        ShardInput shot = shots.get(i);
        long t = clock.start();
        try (FrameSource raw = shot.open()) {
          clock.stop(StageClock.DECODE, t);
          StreamInfo in = raw.info();
          if (i == 0) {
            fps = spec.fps() != null ? spec.fps() : in.fps();
            int[] size = spec.output().resolve(in.width(), in.height());
            upscaler = upscalers.create(size[0], size[1]);
            posterTarget = fixedPosterFrame(fps);
            put(new Header(size[0], size[1], fps));
          }
          FrameSource src = FpsAdapter.adapt(raw, fps);
          List<BgrFrame> window = List.of();
          ShotGrade grade = new ShotGrade(Normalisation.NONE, null, lutOnly);
          if (color.analyses()) {
            window = window(src, spec.analysisFrames(), clock);
            t = clock.start();
            grade = ShotGrade.analyse(window, color);
            if (color.shotMatch() && i == color.referenceShot()) {
              reference = grade.stats();
            }
            grade = grade.withTransform(color, reference, lut, i == color.referenceShot());
            clock.stop(StageClock.ANALYSE, t);
          }
          boolean middleShot =
              spec.poster().kind() == PosterFrame.Kind.MIDDLE && i == (shots.size() - 1) / 2;
          long shotCount = src.info().frameCount();
          long n = 0;
          int w = 0;
          while (true) {
            BgrFrame f;
            if (w < window.size()) {
              f = window.set(w++, null); // let the read-ahead frame go once it is processed
            } else {
              t = clock.start();
              f = src.next();
              clock.stop(StageClock.DECODE, t);
              if (f == null) {
                break;
              }
            }
            BgrFrame done = process(f, grade, upscaler);
            boolean poster =
                posterTarget >= 0
                    ? clipFrame == posterTarget
                    : middleShot && isMiddleCandidate(n, shotCount);
            put(new FrameItem(done, poster));
            n++;
            clipFrame++;
          }
          reports.add(report(i, shot, in, clipFrame - n, n, grade.normalisation()));
        }
      }
      put(new End(reports));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      try {
        queue.clear();
        put(new Failure(e));
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    } finally {
      if (upscaler != null) {
        upscaler.close();
      }
    }
  }

  private BgrFrame process(BgrFrame f, ShotGrade grade, Upscaler upscaler) {
    long t = clock.start();
    if (grade.transform().isPresent()) {
      grade.transform().get().apply(f, f);
    }
    clock.stop(StageClock.GRADE, t);
    t = clock.start();
    BgrFrame smooth = antiAlias.apply(f);
    clock.stop(StageClock.ANTI_ALIAS, t);
    t = clock.start();
    BgrFrame out = upscaler.upscale(smooth);
    clock.stop(StageClock.UPSCALE, t);
    return out;
  }

  /** The clip frame index of a FIRST/AT_FRAME/AT_SECONDS poster; -1 for MIDDLE and LAST. */
  private long fixedPosterFrame(Fps fps) {
    PosterFrame p = spec.poster();
    return switch (p.kind()) {
      case FIRST -> 0;
      case AT_FRAME -> (long) p.value();
      case AT_SECONDS -> Math.round(p.value() * fps.value());
      case MIDDLE, LAST -> -1;
    };
  }

  /**
   * MIDDLE is the middle frame of the middle shot, decidable while streaming. When a shot's length
   * is unknown, the latest power-of-two index is kept, which ends between a quarter and a half of
   * the way in.
   */
  static boolean isMiddleCandidate(long n, long count) {
    if (count > 0) {
      return n == count / 2;
    }
    return (n & (n - 1)) == 0;
  }

  private static List<BgrFrame> window(FrameSource src, int frames, StageClock clock)
      throws IOException {
    List<BgrFrame> out = new ArrayList<>(frames);
    long t = clock.start();
    for (int i = 0; i < frames; i++) {
      BgrFrame f = src.next();
      if (f == null) {
        break;
      }
      out.add(f);
    }
    clock.stop(StageClock.DECODE, t);
    return out;
  }

  private static PostprocessResult.ShotReport report(
      int index, ShardInput shot, StreamInfo in, long first, long frames, Normalisation n) {
    double[] g = n.gains();
    return new PostprocessResult.ShotReport(
        index,
        shot.name(),
        in.width(),
        in.height(),
        in.fps(),
        first,
        frames,
        List.of(g[0], g[1], g[2]));
  }

  private void put(Item item) throws InterruptedException {
    queue.put(item);
  }
}
