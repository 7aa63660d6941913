package io.previs.media.sr;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * An opened ONNX super-resolution model, checked against the contract: one input {@code [1, 3, H,
 * W]} float32 RGB 0..1 with H and W dynamic, one output {@code [1, 3, sH, sW]} for an integer scale
 * s, declared in the {@value #SCALE_KEY} metadata or measured on a 16×16 probe. Open once and share
 * across clips: a real model's session takes seconds to create. Not for concurrent use by several
 * upscalers.
 */
public final class SrModel implements AutoCloseable {

  /** ONNX custom metadata key declaring a model's integer scale (part of the SR model contract). */
  public static final String SCALE_KEY = "previs.sr.scale";

  private final Path file;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final int scale;

  private SrModel(Path file, OrtEnvironment env, OrtSession session) throws OrtException {
    this.file = file;
    this.env = env;
    this.session = session;
    this.inputName = checkContract();
    this.outputName = session.getOutputNames().iterator().next();
    this.scale = measureScale();
  }

  public static SrModel open(OrtRuntime runtime, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("sr.model: no such file " + file);
    }
    OrtSession session = null;
    try {
      session = runtime.open(file);
      return new SrModel(file, runtime.env(), session);
    } catch (OrtException | RuntimeException e) {
      if (session != null) {
        try {
          session.close();
        } catch (OrtException ignored) {
          // Already failing.
        }
      }
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("sr.model " + file + ": " + e.getMessage(), e);
    }
  }

  private String checkContract() throws OrtException {
    Map<String, NodeInfo> in = session.getInputInfo();
    Map<String, NodeInfo> out = session.getOutputInfo();
    if (in.size() != 1 || out.size() != 1) {
      throw new IllegalArgumentException(
          "sr.model "
              + file
              + ": needs exactly one input and one output, has "
              + in.size()
              + " and "
              + out.size());
    }
    NodeInfo info = in.values().iterator().next();
    if (!(info.getInfo() instanceof TensorInfo t)
        || t.getShape().length != 4
        || (t.getShape()[1] != 3 && t.getShape()[1] != -1)) {
      throw new IllegalArgumentException(
          "sr.model "
              + file
              + ": input '"
              + info.getName()
              + "' must be [1,3,H,W] float32, is "
              + info.getInfo());
    }
    return info.getName();
  }

  private int measureScale() throws OrtException {
    String declared = session.getMetadata().getCustomMetadata().get(SCALE_KEY);
    if (declared != null) {
      try {
        int s = Integer.parseInt(declared.trim());
        if (s >= 1 && s <= 8) {
          return s;
        }
      } catch (NumberFormatException e) {
        // Fall through to measuring it.
      }
    }
    int probe = 16;
    FloatBuffer buf =
        ByteBuffer.allocateDirect(4 * 3 * probe * probe)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    try (OnnxTensor t = OnnxTensor.createTensor(env, buf, new long[] {1, 3, probe, probe});
        OrtSession.Result r = session.run(Map.of(inputName, t))) {
      long[] shape = ((TensorInfo) r.get(0).getInfo()).getShape();
      long s = shape.length == 4 ? shape[2] / probe : 0;
      if (s < 1 || shape[1] != 3 || shape[2] != s * probe || shape[3] != s * probe) {
        throw new IllegalArgumentException(
            "sr.model "
                + file
                + ": output for a 16x16 probe has shape "
                + Arrays.toString(shape)
                + ", expected [1,3,16s,16s]");
      }
      return (int) s;
    }
  }

  public Path file() {
    return file;
  }

  public int scale() {
    return scale;
  }

  /** Runs one tile: {@code in} and {@code out} are direct buffers of the given shapes. */
  void run(FloatBuffer in, long[] inShape, FloatBuffer out, long[] outShape) throws OrtException {
    try (OnnxTensor t = OnnxTensor.createTensor(env, in, inShape);
        OnnxTensor o = OnnxTensor.createTensor(env, out, outShape);
        OrtSession.Result ignored = session.run(Map.of(inputName, t), Map.of(outputName, o))) {
      // The result is written into {@code out}'s memory.
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing SR session " + file + ": " + e.getMessage(), e);
    }
  }
}
