package io.previs.onnxkit.graph;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Arrays;
import java.util.Locale;

/** Tensor element types a bundle may declare, with their ONNX and manifest spellings. */
public enum ElementType {
  FLOAT32("float32", DataType.FLOAT, 4),
  FLOAT64("float64", DataType.DOUBLE, 8),
  FLOAT16("float16", DataType.FLOAT16, 2),
  BFLOAT16("bfloat16", DataType.BFLOAT16, 2),
  INT64("int64", DataType.INT64, 8),
  INT32("int32", DataType.INT32, 4),
  UINT8("uint8", DataType.UINT8, 1);

  private final String manifestName;
  private final DataType onnx;
  private final int bytes;

  ElementType(String manifestName, DataType onnx, int bytes) {
    this.manifestName = manifestName;
    this.onnx = onnx;
    this.bytes = bytes;
  }

  public String manifestName() {
    return manifestName;
  }

  public DataType onnx() {
    return onnx;
  }

  public int bytes() {
    return bytes;
  }

  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
  }

  /** Parses a manifest spelling ("float32", "fp16", ...); null when unknown. */
  public static ElementType fromManifest(String name) {
    if (name == null) {
      return null;
    }
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "fp32", "float" -> FLOAT32;
      case "fp64", "double" -> FLOAT64;
      case "fp16", "half" -> FLOAT16;
      case "bf16" -> BFLOAT16;
      default ->
          Arrays.stream(values()).filter(t -> t.manifestName.equals(n)).findFirst().orElse(null);
    };
  }

  /** The element type of an ONNX type code; null when the project does not handle it. */
  public static ElementType fromOnnx(int code) {
    return Arrays.stream(values()).filter(t -> t.onnx.getNumber() == code).findFirst().orElse(null);
  }

  @Override
  public String toString() {
    return manifestName;
  }
}
