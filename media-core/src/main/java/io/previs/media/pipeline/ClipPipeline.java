package io.previs.media.pipeline;

import io.previs.media.color.CubeLut;
import io.previs.media.color.CubeParser;
import io.previs.media.color.LabStats;
import io.previs.media.color.Looks;
import io.previs.media.encode.ImageWriter;
import io.previs.media.encode.VideoWriter;
import io.previs.media.frames.BgrFrame;
import io.previs.media.frames.ShardInput;
import io.previs.media.sr.ClassicalUpscaler;
import io.previs.media.sr.OnnxUpscaler;
import io.previs.media.sr.Resample;
import io.previs.media.sr.SrModel;
import io.previs.media.sr.Upscaler;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The post-processing stage for one (job, variant): its shards, in shot order, become one clip
 * (hard cuts between shots), graded, anti-aliased, upscaled, and encoded to H.264 MP4, optionally
 * ProRes 422, plus a poster JPEG.
 *
 * <p>Frames stream: one thread decodes and processes (grade, anti-alias, upscale), the calling
 * thread encodes, with at most {@link #QUEUE} finished frames between them and one shot's analysis
 * window read ahead. Memory therefore depends on frame size, never on clip length. On any failure
 * the partial outputs are deleted, so nothing half-written is ever uploaded.
 */
public final class ClipPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClipPipeline.class);

  public static final String MP4_NAME = "clip.mp4";
  public static final String PRORES_NAME = "clip_prores.mov";
  public static final String POSTER_NAME = "poster.jpg";

  /** Finished frames in flight between the processing and encoding threads. */
  static final int QUEUE = 3;

  private final OrtRuntime sharedRuntime;
  private OrtRuntime ownRuntime;
  private final Map<Path, SrModel> models = new ConcurrentHashMap<>();

  /** Opens its own CPU ONNX Runtime only if a spec asks for ONNX super-resolution. */
  public ClipPipeline() {
    this(null);
  }

  /**
   * Uses the service's runtime (shared thread pool, CUDA if configured) for ONNX SR. One pipeline
   * can serve many runs, also concurrently; SR models are opened once and kept until {@link
   * #close()}.
   */
  public ClipPipeline(OrtRuntime runtime) {
    this.sharedRuntime = runtime;
  }

  /**
   * Runs the stage.
   *
   * @param shots one input per shot, in shot order
   * @param outDir where {@value #MP4_NAME}, {@value #PRORES_NAME} and {@value #POSTER_NAME} go
   * @throws IllegalArgumentException for a bad spec or LUT, naming the field or line
   * @throws IOException when an input cannot be read or an output written
   */
  public PostprocessResult run(List<ShardInput> shots, PostprocessSpec spec, Path outDir)
      throws IOException {
    if (shots == null || shots.isEmpty()) {
      throw new IllegalArgumentException("shots: at least one shard is required");
    }
    ColorSpec color = spec.color();
    if (color.shotMatch() && color.referenceShot() >= shots.size()) {
      throw new IllegalArgumentException(
          "color.referenceShot "
              + color.referenceShot()
              + " is out of range 0.."
              + (shots.size() - 1));
    }
    Files.createDirectories(outDir);
    StageClock clock = new StageClock();
    long t0 = clock.start();
    Optional<CubeLut> lut = loadLut(color);
    LabStats reference = null;
    if (color.shotMatch() && color.referenceShot() > 0) {
      reference = FrameProducer.referenceStats(shots.get(color.referenceShot()), spec, clock);
    }
    Outputs out = new Outputs(outDir, spec);
    BlockingQueue<FrameProducer.Item> queue = new ArrayBlockingQueue<>(QUEUE);
    FrameProducer producer =
        new FrameProducer(
            shots, spec, lut, reference, (w, h) -> upscaler(spec.sr(), w, h), queue, clock);
    Thread thread = Thread.ofPlatform().name("previs-postprocess").daemon().start(producer);
    try {
      PostprocessResult result = out.consume(queue, clock, t0);
      thread.join();
      return result;
    } catch (IOException | RuntimeException | Error e) {
      thread.interrupt();
      joinQuietly(thread);
      out.abandon();
      throw e;
    } catch (InterruptedException e) {
      thread.interrupt();
      out.abandon();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while encoding", e);
    }
  }

  private static Optional<CubeLut> loadLut(ColorSpec color) throws IOException {
    if (color.lutFile() != null) {
      if (!Files.isRegularFile(color.lutFile())) {
        throw new IllegalArgumentException("color.lutFile: no such file " + color.lutFile());
      }
      return Optional.of(CubeParser.read(color.lutFile()));
    }
    if (color.look() != null) {
      return Optional.of(CubeLut.of(Looks.lut(color.look())));
    }
    return Optional.empty();
  }

  /** One upscaler per run, to the output size; every upscaler accepts any input size. */
  private Upscaler upscaler(SrSpec sr, int width, int height) {
    return switch (sr.mode()) {
      case NONE -> new Resample(width, height);
      case CLASSICAL -> new ClassicalUpscaler(width, height, sr.sharpen());
      case ONNX -> new OnnxUpscaler(model(sr.model()), sr.tiles(), width, height);
    };
  }

  private SrModel model(Path file) {
    return models.computeIfAbsent(
        file.toAbsolutePath().normalize(), f -> SrModel.open(runtime(), f));
  }

  private synchronized OrtRuntime runtime() {
    if (sharedRuntime != null) {
      return sharedRuntime;
    }
    if (ownRuntime == null) {
      ownRuntime = new OrtRuntime(ExecutionConfig.cpu());
    }
    return ownRuntime;
  }

  /** Closes the SR models this pipeline opened. */
  @Override
  public void close() {
    models.values().forEach(SrModel::close);
    models.clear();
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The consuming side: encoders, poster, result. */
  private static final class Outputs {
    private final Path mp4;
    private final Path prores;
    private final Path poster;
    private final PostprocessSpec spec;
    private VideoWriter h264Writer;
    private VideoWriter proresWriter;

    Outputs(Path dir, PostprocessSpec spec) {
      this.spec = spec;
      this.mp4 = dir.resolve(MP4_NAME);
      this.prores = dir.resolve(PRORES_NAME);
      this.poster = dir.resolve(POSTER_NAME);
    }

    PostprocessResult consume(BlockingQueue<FrameProducer.Item> queue, StageClock clock, long t0)
        throws IOException, InterruptedException {
      BgrFrame posterFrame = null;
      BgrFrame last = null;
      long frames = 0;
      FrameProducer.Header header = null;
      while (true) {
        FrameProducer.Item item = queue.take();
        switch (item) {
          case FrameProducer.Header h -> {
            header = h;
            open(h);
          }
          case FrameProducer.FrameItem f -> {
            long t = clock.start();
            h264Writer.accept(f.frame());
            clock.stop(StageClock.H264, t);
            if (proresWriter != null) {
              t = clock.start();
              proresWriter.accept(f.frame());
              clock.stop(StageClock.PRORES, t);
            }
            if (f.poster()) {
              posterFrame = f.frame();
            }
            last = f.frame();
            frames++;
          }
          case FrameProducer.Failure failure -> throw failure.rethrow();
          case FrameProducer.End end -> {
            return finish(end, header, posterFrame != null ? posterFrame : last, frames, clock, t0);
          }
        }
      }
    }

    private void open(FrameProducer.Header h) throws IOException {
      var tags = spec.metadata().tags();
      h264Writer = VideoWriter.h264(mp4, h.width(), h.height(), h.fps(), spec.h264(), tags);
      if (spec.prores() != null) {
        proresWriter =
            VideoWriter.prores(prores, h.width(), h.height(), h.fps(), spec.prores(), tags);
      }
    }

    private PostprocessResult finish(
        FrameProducer.End end,
        FrameProducer.Header h,
        BgrFrame posterFrame,
        long frames,
        StageClock clock,
        long t0)
        throws IOException {
      if (frames == 0 || h == null) {
        throw new IOException(
            "no frames were decoded from any of the " + end.shots().size() + " shots");
      }
      long t = clock.start();
      h264Writer.close();
      clock.stop(StageClock.H264, t);
      if (proresWriter != null) {
        t = clock.start();
        proresWriter.close();
        clock.stop(StageClock.PRORES, t);
      }
      t = clock.start();
      long posterBytes =
          ImageWriter.write(
              posterFrame, poster, spec.posterQuality(), spec.metadata().tags().get("comment"));
      clock.stop(StageClock.POSTER, t);
      clock.stop(StageClock.TOTAL, t0);
      log.info(
          "post-processed {} shots, {} frames {}x{} @ {} fps into {}",
          end.shots().size(),
          frames,
          h.width(),
          h.height(),
          h.fps(),
          mp4.getParent());
      return new PostprocessResult(
          mp4,
          proresWriter != null ? Optional.of(prores) : Optional.empty(),
          poster,
          h.width(),
          h.height(),
          h.fps(),
          frames,
          h.fps().seconds(frames),
          Files.size(mp4),
          proresWriter != null ? Files.size(prores) : 0,
          posterBytes,
          end.shots(),
          clock.millis());
    }

    void abandon() {
      for (VideoWriter w : new VideoWriter[] {h264Writer, proresWriter}) {
        if (w != null) {
          try {
            w.close();
          } catch (IOException | RuntimeException e) {
            log.debug("closing {} after a failure", w.file(), e);
          }
        }
      }
      for (Path p : new Path[] {mp4, prores, poster}) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          log.warn("could not delete partial output {}", p, e);
        }
      }
    }
  }
}
