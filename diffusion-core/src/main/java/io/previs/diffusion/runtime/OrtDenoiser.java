package io.previs.diffusion.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.previs.diffusion.bundle.ModelBundle.DenoiserSpec;
import io.previs.diffusion.sampling.Denoiser;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundle's denoiser experts under ONNX Runtime. One session per expert, created on first use
 * and reused; with {@code keepExpertsLoaded=false} the idle expert's session is closed when the
 * other one is needed, so a MoE model never holds both experts' weights at once. Input and output
 * tensors are long-lived direct buffers (outputs pinned), so the per-step cost outside session.run
 * is two conversions of the latent.
 */
public final class OrtDenoiser implements Denoiser, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OrtDenoiser.class);

  private final OrtRuntime runtime;
  private final DenoiserSpec spec;
  private final OrtSession[] sessions;
  private final Map<TextEmbedding, TensorBuffer> contexts = new IdentityHashMap<>();
  private TensorBuffer latentIn;
  private TensorBuffer velocityOut;
  private TensorBuffer timestepIn;
  private TensorBuffer positionIn;
  private TensorBuffer shotIn;
  private final double[] timestepScratch = new double[1];
  private int sessionLoads;
  private long runNanos;
  private long runs;

  public OrtDenoiser(OrtRuntime runtime, DenoiserSpec spec) {
    this.runtime = runtime;
    this.spec = spec;
    this.sessions = new OrtSession[spec.experts().size()];
  }

  /** Opens every expert's session now (fail fast at worker start-up) when all may stay loaded. */
  public void preload() {
    for (int e = 0; e < sessions.length; e++) {
      session(e);
      if (!runtime.config().keepExpertsLoaded()) {
        break;
      }
    }
  }

  @Override
  public int expertCount() {
    return sessions.length;
  }

  @Override
  public String expertName(int expert) {
    return spec.experts().get(expert).name();
  }

  /** Total time spent inside session.run so far: the rest of a step is Java overhead. */
  public long runNanos() {
    return runNanos;
  }

  /** Model runs so far (two per step with guidance, one without). */
  public long runs() {
    return runs;
  }

  /** How many sessions were created so far (expert offloading shows up here). */
  public int sessionLoads() {
    return sessionLoads;
  }

  /** A model's optional inputs for a window's place in a longer shot (latent frames). */
  public static final String FRAME_OFFSET_INPUT = "frame_offset";

  public static final String SHOT_FRAMES_INPUT = "shot_frames";

  @Override
  public void velocity(
      int expert,
      double[] latent,
      long[] shape,
      double timestep,
      TextEmbedding context,
      double[] out) {
    velocity(expert, latent, shape, timestep, context, out, 0, (int) shape[2]);
  }

  @Override
  public void velocity(
      int expert,
      double[] latent,
      long[] shape,
      double timestep,
      TextEmbedding context,
      double[] out,
      int frameOffset,
      int shotFrames) {
    try {
      OrtSession session = session(expert);
      if (latentIn == null || !latentIn.hasShape(shape)) {
        closeQuietly(latentIn);
        closeQuietly(velocityOut);
        latentIn = new TensorBuffer(runtime.env(), spec.dtype(), shape);
        velocityOut = new TensorBuffer(runtime.env(), spec.dtype(), shape);
      }
      if (timestepIn == null) {
        timestepIn = new TensorBuffer(runtime.env(), spec.timestepDtype(), timestepShape(session));
      }
      latentIn.write(latent);
      timestepScratch[0] = timestep;
      timestepIn.write(timestepScratch);
      Map<String, OnnxTensorLike> inputs = new java.util.HashMap<>(6);
      inputs.put(spec.latentInput(), latentIn.tensor());
      inputs.put(spec.timestepInput(), timestepIn.tensor());
      inputs.put(spec.contextInput(), context(context).tensor());
      if (session.getInputNames().contains(FRAME_OFFSET_INPUT)) {
        if (positionIn == null) {
          positionIn = new TensorBuffer(runtime.env(), spec.timestepDtype(), new long[] {1});
          shotIn = new TensorBuffer(runtime.env(), spec.timestepDtype(), new long[] {1});
        }
        positionIn.write(new double[] {frameOffset});
        shotIn.write(new double[] {shotFrames});
        inputs.put(FRAME_OFFSET_INPUT, positionIn.tensor());
        inputs.put(SHOT_FRAMES_INPUT, shotIn.tensor());
      }
      Map<String, OnnxValue> pinned = Map.of(spec.output(), velocityOut.tensor());
      long t0 = System.nanoTime();
      try (OrtSession.Result ignored = session.run(inputs, pinned)) {
        runNanos += System.nanoTime() - t0;
        runs++;
        velocityOut.read(out);
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          "denoiser expert '" + expertName(expert) + "' failed: " + e.getMessage(), e);
    }
  }

  private OrtSession session(int expert) {
    if (sessions[expert] != null) {
      return sessions[expert];
    }
    if (!runtime.config().keepExpertsLoaded()) {
      for (int e = 0; e < sessions.length; e++) {
        if (e != expert && sessions[e] != null) {
          log.info("Offloading idle expert '{}'", expertName(e));
          closeQuietly(sessions[e]);
          sessions[e] = null;
        }
      }
    }
    try {
      long t0 = System.nanoTime();
      sessions[expert] = runtime.open(spec.experts().get(expert).file());
      sessionLoads++;
      log.info(
          "Loaded expert '{}' on {} in {} ms",
          expertName(expert),
          runtime.activeProvider(),
          (System.nanoTime() - t0) / 1_000_000);
      return sessions[expert];
    } catch (OrtException e) {
      throw new IllegalStateException(
          "cannot open expert '"
              + expertName(expert)
              + "' ("
              + spec.experts().get(expert).file()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private long[] timestepShape(OrtSession session) throws OrtException {
    NodeInfo info = session.getInputInfo().get(spec.timestepInput());
    if (info.getInfo() instanceof TensorInfo ti && ti.getShape().length == 0) {
      return new long[0];
    }
    return new long[] {1};
  }

  private TensorBuffer context(TextEmbedding embedding) throws OrtException {
    TensorBuffer t = contexts.get(embedding);
    if (t == null) {
      if (contexts.size() >= 4) {
        contexts.values().forEach(TensorBuffer::close);
        contexts.clear();
      }
      t = new TensorBuffer(runtime.env(), spec.dtype(), embedding.shape());
      t.write(embedding.values());
      contexts.put(embedding, t);
    }
    return t;
  }

  @Override
  public void close() {
    for (int e = 0; e < sessions.length; e++) {
      closeQuietly(sessions[e]);
      sessions[e] = null;
    }
    contexts.values().forEach(TensorBuffer::close);
    contexts.clear();
    closeQuietly(latentIn);
    closeQuietly(velocityOut);
    closeQuietly(timestepIn);
    closeQuietly(positionIn);
    closeQuietly(shotIn);
  }

  static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.debug("close failed", e);
    }
  }
}
