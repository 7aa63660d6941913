package io.previs.diffusion.runtime;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.previs.diffusion.bundle.ModelBundle.VaeSpec;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.util.Map;

/**
 * The bundle's VAE decoder. A causal decoder (causalContext ≥ 1, like Wan's VAE, whose output for a
 * latent frame depends only on it and earlier ones) is run over chunks of latent frames, each with
 * its context frames in front, so the RGB output of a 720p, 81-frame clip never has to exist at
 * once; frames stream to a {@link FrameSink}. A decoder without causal context decodes in one call.
 */
public final class OrtVaeDecoder implements AutoCloseable {

  private final OrtRuntime runtime;
  private final VaeSpec spec;
  private final int chunkLatentFrames;
  private OrtSession session;

  /**
   * Input and output tensors kept for the next chunk and shard: a 720p chunk's output is a few
   * hundred megabytes that would otherwise be allocated, zeroed and freed per call.
   */
  private final TensorCache buffers;

  private long runNanos;
  private long runs;

  /**
   * @param chunkLatentFrames latent frames per decoder call (0: all at once)
   */
  /** Time spent inside session.run so far. */
  public long runNanos() {
    return runNanos;
  }

  /** Decoder runs so far (one per chunk). */
  public long runs() {
    return runs;
  }

  public OrtVaeDecoder(OrtRuntime runtime, VaeSpec spec, int chunkLatentFrames) {
    this.runtime = runtime;
    this.spec = spec;
    this.chunkLatentFrames = chunkLatentFrames;
    this.buffers = new TensorCache(runtime, spec.dtype(), 4);
  }

  /** Decodes latent [1, C, F, h, w] and returns the number of frames delivered to the sink. */
  public int decode(double[] latent, long[] shape, FrameSink sink) {
    int f = (int) shape[2];
    int ctx = spec.causalContext();
    int chunk = chunkLatentFrames <= 0 || ctx == 0 ? f : chunkLatentFrames;
    int delivered = 0;
    try {
      for (int start = 0; start < f; start += chunk) {
        int from = Math.max(0, start - ctx);
        int to = Math.min(f, start + chunk);
        int skip = from == start ? 0 : spec.framesFor(start - from);
        int firstIndex = start == 0 ? 0 : spec.framesFor(start);
        delivered += decodeChunk(latent, shape, from, to, skip, firstIndex, sink);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("VAE decoder failed: " + e.getMessage(), e);
    }
    return delivered;
  }

  private int decodeChunk(
      double[] latent, long[] shape, int from, int to, int skip, int firstIndex, FrameSink sink)
      throws OrtException {
    int c = (int) shape[1];
    int f = (int) shape[2];
    int plane = (int) (shape[3] * shape[4]);
    long[] chunkShape = {1, c, to - from, shape[3], shape[4]};
    int frames = spec.framesFor(to - from);
    int height = (int) shape[3] * spec.spatialStride();
    int width = (int) shape[4] * spec.spatialStride();
    long[] outShape = {1, 3, frames, height, width};
    double[] chunk = new double[c * (to - from) * plane];
    for (int ch = 0; ch < c; ch++) {
      System.arraycopy(
          latent, (ch * f + from) * plane, chunk, ch * (to - from) * plane, (to - from) * plane);
    }
    TensorBuffer in = buffers.get(chunkShape);
    TensorBuffer out = buffers.get(outShape);
    in.write(chunk);
    Map<String, OnnxValue> pinned = Map.of(spec.output(), out.tensor());
    long t0 = System.nanoTime();
    try (OrtSession.Result ignored = session().run(Map.of(spec.input(), in.tensor()), pinned)) {
      runNanos += System.nanoTime() - t0;
      runs++;
      int pixels = width * height;
      if (out.exactInFloat()) {
        // the frame as it is, handed to the sink: converting it is the sink's (off this thread)
        for (int t = skip; t < frames; t++) {
          float[] planar = new float[3 * pixels];
          for (int ch = 0; ch < 3; ch++) {
            out.read((ch * frames + t) * pixels, planar, ch * pixels, pixels);
          }
          sink.planarFrame(firstIndex + t - skip, width, height, planar);
        }
      } else {
        byte[] rgb = new byte[pixels * 3];
        double[] values = new double[pixels];
        for (int t = skip; t < frames; t++) {
          for (int ch = 0; ch < 3; ch++) {
            out.read((ch * frames + t) * pixels, values, 0, pixels);
            for (int p = 0; p < pixels; p++) {
              rgb[p * 3 + ch] = FrameSink.toByte(values[p]);
            }
          }
          sink.frame(firstIndex + t - skip, width, height, rgb);
        }
      }
    } catch (RuntimeException | OrtException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("frame sink failed: " + e.getMessage(), e);
    }
    return frames - skip;
  }

  private OrtSession session() throws OrtException {
    if (session == null) {
      session = runtime.open(spec.file());
    }
    return session;
  }

  @Override
  public void close() {
    buffers.close();
    OrtDenoiser.closeQuietly(session);
    session = null;
  }
}
