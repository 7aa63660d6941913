package io.previs.diffusion.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import io.previs.onnxkit.graph.ElementType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * A native-order direct buffer and the ONNX Runtime tensor that views it. ONNX Runtime reads inputs
 * from, and writes pinned outputs into, this memory directly, so a sampling step converts the
 * latent once in each direction and allocates nothing.
 */
final class TensorBuffer implements AutoCloseable {

  private final ElementType type;
  private final long[] shape;
  private final int size;
  private final ByteBuffer bytes;
  private final OnnxTensor tensor;

  TensorBuffer(OrtEnvironment env, ElementType type, long[] shape) throws OrtException {
    this.type = type;
    this.shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n * type.bytes() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "tensor too large for one buffer: " + Arrays.toString(shape));
    }
    this.size = (int) n;
    this.bytes = ByteBuffer.allocateDirect(size * type.bytes()).order(ByteOrder.nativeOrder());
    this.tensor =
        switch (type) {
          case FLOAT32 -> OnnxTensor.createTensor(env, bytes.asFloatBuffer(), shape);
          case FLOAT64 -> OnnxTensor.createTensor(env, bytes.asDoubleBuffer(), shape);
          case FLOAT16 ->
              OnnxTensor.createTensor(env, bytes.asShortBuffer(), shape, OnnxJavaType.FLOAT16);
          case BFLOAT16 ->
              OnnxTensor.createTensor(env, bytes.asShortBuffer(), shape, OnnxJavaType.BFLOAT16);
          case INT64 -> OnnxTensor.createTensor(env, bytes.asLongBuffer(), shape);
          default -> throw new IllegalArgumentException("unsupported tensor type " + type);
        };
  }

  OnnxTensor tensor() {
    return tensor;
  }

  long[] shape() {
    return shape;
  }

  int size() {
    return size;
  }

  boolean hasShape(long[] other) {
    return Arrays.equals(shape, other);
  }

  void write(double[] src) {
    switch (type) {
      case FLOAT32 -> {
        FloatBuffer fb = bytes.asFloatBuffer();
        for (int i = 0; i < size; i++) {
          fb.put(i, (float) src[i]);
        }
      }
      case FLOAT64 -> bytes.asDoubleBuffer().put(0, src, 0, size);
      case FLOAT16 -> {
        ShortBuffer sb = bytes.asShortBuffer();
        for (int i = 0; i < size; i++) {
          sb.put(i, Fp16Conversions.floatToFp16((float) src[i]));
        }
      }
      case BFLOAT16 -> {
        ShortBuffer sb = bytes.asShortBuffer();
        for (int i = 0; i < size; i++) {
          sb.put(i, Fp16Conversions.floatToBf16((float) src[i]));
        }
      }
      case INT64 -> {
        LongBuffer lb = bytes.asLongBuffer();
        for (int i = 0; i < size; i++) {
          lb.put(i, (long) src[i]);
        }
      }
      default -> throw new IllegalStateException(type.toString());
    }
  }

  void write(float[] src) {
    switch (type) {
      case FLOAT32 -> bytes.asFloatBuffer().put(0, src, 0, size);
      default -> {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
          d[i] = src[i];
        }
        write(d);
      }
    }
  }

  void writeLongs(long[] src) {
    if (type != ElementType.INT64) {
      throw new IllegalStateException("not an int64 tensor: " + type);
    }
    bytes.asLongBuffer().put(0, src, 0, size);
  }

  void read(double[] dst) {
    switch (type) {
      case FLOAT32 -> {
        FloatBuffer fb = bytes.asFloatBuffer();
        for (int i = 0; i < size; i++) {
          dst[i] = fb.get(i);
        }
      }
      case FLOAT64 -> bytes.asDoubleBuffer().get(0, dst, 0, size);
      case FLOAT16 -> {
        ShortBuffer sb = bytes.asShortBuffer();
        for (int i = 0; i < size; i++) {
          dst[i] = Fp16Conversions.fp16ToFloat(sb.get(i));
        }
      }
      case BFLOAT16 -> {
        ShortBuffer sb = bytes.asShortBuffer();
        for (int i = 0; i < size; i++) {
          dst[i] = Fp16Conversions.bf16ToFloat(sb.get(i));
        }
      }
      default -> throw new IllegalStateException(type.toString());
    }
  }

  /** Element {@code i} as a double (used to turn decoded frames into bytes without a full copy). */
  double get(int i) {
    return switch (type) {
      case FLOAT32 -> bytes.getFloat(i * 4);
      case FLOAT64 -> bytes.getDouble(i * 8);
      case FLOAT16 -> Fp16Conversions.fp16ToFloat(bytes.getShort(i * 2));
      case BFLOAT16 -> Fp16Conversions.bf16ToFloat(bytes.getShort(i * 2));
      default -> throw new IllegalStateException(type.toString());
    };
  }

  /** Whether every element converts to a float without loss (all but float64). */
  boolean exactInFloat() {
    return type == ElementType.FLOAT32
        || type == ElementType.FLOAT16
        || type == ElementType.BFLOAT16;
  }

  /** As {@link #read(int, double[], int, int)}, into floats: one bulk copy for float32. */
  void read(int from, float[] dst, int at, int length) {
    if (type == ElementType.FLOAT32) {
      bytes.asFloatBuffer().get(from, dst, at, length);
      return;
    }
    for (int i = 0; i < length; i++) {
      dst[at + i] = (float) get(from + i);
    }
  }

  /**
   * Elements {@code from .. from + length} into {@code dst} from {@code at}, exactly as {@link
   * #get} reads them: a run of a decoded frame's plane at a time, without a type switch per
   * element.
   */
  void read(int from, double[] dst, int at, int length) {
    switch (type) {
      case FLOAT32 -> {
        FloatBuffer fb = bytes.asFloatBuffer();
        for (int i = 0; i < length; i++) {
          dst[at + i] = fb.get(from + i);
        }
      }
      case FLOAT64 -> bytes.asDoubleBuffer().get(from, dst, at, length);
      default -> {
        for (int i = 0; i < length; i++) {
          dst[at + i] = get(from + i);
        }
      }
    }
  }

  /** The float32 view, for readers that want the values without conversion. */
  FloatBuffer floats() {
    return bytes.asFloatBuffer();
  }

  DoubleBuffer doubles() {
    return bytes.asDoubleBuffer();
  }

  @Override
  public void close() {
    tensor.close();
  }
}
