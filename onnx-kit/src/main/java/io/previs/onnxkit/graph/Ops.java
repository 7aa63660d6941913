package io.previs.onnxkit.graph;

import io.previs.onnxkit.graph.GraphBuilder.Value;
import java.util.Map;

/**
 * The handful of ONNX operators the generators use, as one-line calls. Each method adds nodes to
 * the wrapped {@link GraphBuilder}; nothing is computed here.
 */
public final class Ops {

  private final GraphBuilder g;

  public Ops(GraphBuilder g) {
    this.g = g;
  }

  public GraphBuilder graph() {
    return g;
  }

  public Value add(Value a, Value b) {
    return g.op("Add", a, b);
  }

  public Value sub(Value a, Value b) {
    return g.op("Sub", a, b);
  }

  public Value mul(Value a, Value b) {
    return g.op("Mul", a, b);
  }

  public Value div(Value a, Value b) {
    return g.op("Div", a, b);
  }

  public Value matMul(Value a, Value b) {
    return g.op("MatMul", a, b);
  }

  public Value sin(Value x) {
    return g.op("Sin", x);
  }

  public Value cos(Value x) {
    return g.op("Cos", x);
  }

  public Value exp(Value x) {
    return g.op("Exp", x);
  }

  public Value tanh(Value x) {
    return g.op("Tanh", x);
  }

  public Value sigmoid(Value x) {
    return g.op("Sigmoid", x);
  }

  public Value sqrt(Value x) {
    return g.op("Sqrt", x);
  }

  public Value neg(Value x) {
    return g.op("Neg", x);
  }

  /** SiLU, x·sigmoid(x): the activation of Wan's time embedding MLP. */
  public Value silu(Value x) {
    return mul(x, sigmoid(x));
  }

  /** Exact GELU through Erf (Gelu itself only arrives in opset 20). */
  public Value gelu(Value x) {
    Value erf = g.op("Erf", mul(x, g.scalar(1.0 / Math.sqrt(2.0))));
    return mul(mul(x, g.scalar(0.5)), add(erf, g.scalar(1.0)));
  }

  public Value softmax(Value x, int axis) {
    return g.op("Softmax", Map.of("axis", axis), x);
  }

  public Value layerNorm(Value x, Value scale, Value bias) {
    return g.op("LayerNormalization", Map.of("axis", -1, "epsilon", 1e-6f), x, scale, bias);
  }

  /** x·W + b with W stored [in, out]. */
  public Value linear(Value x, Value w, Value b) {
    Value y = matMul(x, w);
    return b == null ? y : add(y, b);
  }

  public Value reshape(Value x, Value shape) {
    return g.op("Reshape", x, shape);
  }

  public Value reshape(Value x, long... shape) {
    return reshape(x, g.longs(shape));
  }

  public Value transpose(Value x, long... perm) {
    return g.op("Transpose", Map.of("perm", perm), x);
  }

  public Value unsqueeze(Value x, long... axes) {
    return g.op("Unsqueeze", x, g.longs(axes));
  }

  public Value squeeze(Value x, long... axes) {
    return g.op("Squeeze", x, g.longs(axes));
  }

  public Value concat(int axis, Value... xs) {
    return g.op("Concat", Map.of("axis", axis), xs);
  }

  public Value[] split(Value x, int axis, int parts) {
    // Opset 17: without a 'split' input the tensor is cut into as many equal parts as outputs.
    return g.opN("Split", parts, Map.of("axis", axis), x);
  }

  /** x[starts:ends] along the given axes (ends may be Long.MAX_VALUE for "to the end"). */
  public Value slice(Value x, long[] starts, long[] ends, long[] axes) {
    return g.op("Slice", x, g.longs(starts), g.longs(ends), g.longs(axes));
  }

  public Value slice(Value x, Value starts, Value ends, Value axes) {
    return g.op("Slice", x, starts, ends, axes);
  }

  public Value shape(Value x) {
    return g.op("Shape", x);
  }

  /** One dimension of x's shape as a rank-1 int64 tensor of length 1. */
  public Value dim(Value x, long axis) {
    return g.op("Gather", Map.of("axis", 0), shape(x), g.longs(axis));
  }

  public Value gather(Value data, Value indices, int axis) {
    return g.op("Gather", Map.of("axis", axis), data, indices);
  }

  public Value cast(Value x, ElementType to) {
    return g.op("Cast", Map.of("to", to.onnx().getNumber()), x);
  }

  /** Casts x to the graph's float type. */
  public Value toFloat(Value x) {
    return cast(x, g.floatType());
  }

  /** 0, 1, ..., n-1 as int64, where n is a rank-0 or rank-1 int64 tensor. */
  public Value range(Value n) {
    Value scalarN = g.op("Squeeze", n);
    return g.op("Range", g.longsScalar(0), scalarN, g.longsScalar(1));
  }

  public Value reduceMean(Value x, long[] axes, boolean keepDims) {
    return g.op("ReduceMean", Map.of("axes", axes, "keepdims", keepDims ? 1 : 0), x);
  }

  public Value reduceSum(Value x, long[] axes, boolean keepDims) {
    return g.op("ReduceSum", Map.of("keepdims", keepDims ? 1 : 0), x, g.longs(axes));
  }

  public Value max(Value a, Value b) {
    return g.op("Max", a, b);
  }

  public Value conv(Value x, Value w, Value b, long[] kernel, long[] strides, long[] pads) {
    return g.op("Conv", Map.of("kernel_shape", kernel, "strides", strides, "pads", pads), x, w, b);
  }

  /** Linear resize by per-axis scales (half-pixel centres, as PyTorch's align_corners=False). */
  public Value resizeLinear(Value x, double... scales) {
    double[] s = scales;
    Value scaleTensor = g.constantFloat32(s);
    return g.op(
        "Resize",
        Map.of("mode", "linear", "coordinate_transformation_mode", "half_pixel"),
        x,
        null,
        scaleTensor);
  }
}
