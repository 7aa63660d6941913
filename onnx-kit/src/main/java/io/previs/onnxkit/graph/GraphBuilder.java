package io.previs.onnxkit.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds ONNX graphs node by node on top of the ONNX protobuf classes, so that the project can
 * generate its own models (oracle and tiny DiT bundles) without any Python exporter. Floating-point
 * initializers take the graph's {@link ElementType} (float32 or float64), which lets one generator
 * emit either precision. Opset 17: LayerNormalization is available, ReduceMean still takes axes as
 * an attribute.
 */
public final class GraphBuilder {

  public static final int OPSET = 17;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final ElementType floatType;
  private final Map<String, Integer> names = new LinkedHashMap<>();

  public GraphBuilder(String name, ElementType floatType) {
    if (!floatType.isFloatingPoint()) {
      throw new IllegalArgumentException("graph float type must be floating point: " + floatType);
    }
    this.graph.setName(name);
    this.floatType = floatType;
  }

  public ElementType floatType() {
    return floatType;
  }

  /** Declares a graph input; each dim is a Long (fixed) or a String (symbolic). */
  public Value input(String name, ElementType type, Object... dims) {
    graph.addInput(valueInfo(name, type, dims));
    names.put(name, 0);
    return new Value(name);
  }

  /** Declares a graph output named {@code name}, wiring {@code v} to it through Identity. */
  public void output(Value v, String name, ElementType type, Object... dims) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("Identity")
            .setName(fresh("out_" + name))
            .addInput(v.name())
            .addOutput(name));
    graph.addOutput(valueInfo(name, type, dims));
  }

  /** A floating-point initializer in the graph's float type. */
  public Value constant(String name, double[] values, long... shape) {
    ByteBuffer buf;
    if (floatType == ElementType.FLOAT64) {
      buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (double d : values) {
        buf.putDouble(d);
      }
    } else if (floatType == ElementType.FLOAT32) {
      buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (double d : values) {
        buf.putFloat((float) d);
      }
    } else {
      throw new IllegalStateException("unsupported initializer type " + floatType);
    }
    return initializer(name, floatType, buf.flip(), shape);
  }

  public Value scalar(double value) {
    return constant(fresh("c"), new double[] {value});
  }

  public Value longs(String name, long... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long l : values) {
      buf.putLong(l);
    }
    return initializer(name, ElementType.INT64, buf.flip(), values.length);
  }

  public Value longs(long... values) {
    return longs(fresh("i"), values);
  }

  /** A rank-0 int64 constant (Range and similar operators want scalars). */
  public Value longsScalar(long value) {
    ByteBuffer buf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
    return initializer(fresh("s"), ElementType.INT64, buf.flip());
  }

  /** A rank-1 float32 constant whatever the graph's float type (Resize scales must be float32). */
  public Value constantFloat32(double[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : values) {
      buf.putFloat((float) d);
    }
    return initializer(fresh("f"), ElementType.FLOAT32, buf.flip(), values.length);
  }

  private Value initializer(String name, ElementType type, ByteBuffer data, long... shape) {
    String unique = fresh(name);
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(unique)
            .setDataType(type.onnx().getNumber())
            .setRawData(ByteString.copyFrom(data));
    for (long d : shape) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return new Value(unique);
  }

  /** Adds one node with a single output and returns that output. */
  public Value op(String opType, Map<String, Object> attributes, Value... inputs) {
    return opN(opType, 1, attributes, inputs)[0];
  }

  public Value op(String opType, Value... inputs) {
    return op(opType, Map.of(), inputs);
  }

  /** Adds one node with {@code outputs} outputs. A null input leaves an optional slot empty. */
  public Value[] opN(String opType, int outputs, Map<String, Object> attributes, Value... inputs) {
    String nodeName = fresh(opType.toLowerCase());
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(nodeName);
    for (Value in : inputs) {
      node.addInput(in == null ? "" : in.name());
    }
    Value[] out = new Value[outputs];
    for (int i = 0; i < outputs; i++) {
      out[i] = new Value(nodeName + "_out" + i);
      node.addOutput(out[i].name());
    }
    attributes.forEach((k, v) -> node.addAttribute(attribute(k, v)));
    graph.addNode(node);
    return out;
  }

  public ModelProto build(String producer, Map<String, String> metadata) {
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName(producer)
            .setProducerVersion("1")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    metadata.forEach(
        (k, v) ->
            model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  String fresh(String base) {
    int n = names.merge(base, 1, Integer::sum);
    return n == 1 ? base : base + "_" + n;
  }

  private static ValueInfoProto valueInfo(String name, ElementType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof Number n) {
        dim.setDimValue(n.longValue());
      } else {
        dim.setDimParam(String.valueOf(d));
      }
      shape.addDim(dim);
    }
    TypeProto.Tensor tensorType =
        TypeProto.Tensor.newBuilder().setElemType(type.onnx().getNumber()).setShape(shape).build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensorType))
        .build();
  }

  private static AttributeProto attribute(String name, Object value) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    switch (value) {
      case Integer i -> a.setType(AttributeProto.AttributeType.INT).setI(i);
      case Long l -> a.setType(AttributeProto.AttributeType.INT).setI(l);
      case Float f -> a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
      case Double d -> a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
      case String s ->
          a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
      case long[] ls -> {
        a.setType(AttributeProto.AttributeType.INTS);
        for (long l : ls) {
          a.addInts(l);
        }
      }
      case int[] is -> {
        a.setType(AttributeProto.AttributeType.INTS);
        for (int i : is) {
          a.addInts(i);
        }
      }
      case float[] fs -> {
        a.setType(AttributeProto.AttributeType.FLOATS);
        for (float f : fs) {
          a.addFloats(f);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unsupported attribute " + name + ": " + value.getClass());
    }
    return a.build();
  }

  /** A named value (tensor) in the graph. */
  public record Value(String name) {}
}
