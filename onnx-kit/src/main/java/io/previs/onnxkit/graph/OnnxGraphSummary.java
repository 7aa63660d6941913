package io.previs.onnxkit.graph;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The I/O signature and external-data references of an ONNX file, read by streaming the protobuf
 * and skipping tensor payloads. Validating a bundle therefore costs a few kilobytes of reads even
 * when a graph embeds a gigabyte of weights, and never touches the external data files themselves.
 */
public record OnnxGraphSummary(
    Map<String, TensorInfo> inputs,
    Map<String, TensorInfo> outputs,
    List<ExternalRef> externalData,
    List<String> initializerNames) {

  /** Element type (null when the project does not handle it) and dims (Long or String). */
  public record TensorInfo(ElementType type, int onnxType, List<Object> dims) {
    public int rank() {
      return dims.size();
    }

    /** The fixed size of dimension {@code i}, or -1 when it is symbolic or absent. */
    public long fixedDim(int i) {
      return i < dims.size() && dims.get(i) instanceof Long l ? l : -1;
    }
  }

  /** Where one external initializer lives. Length -1 means "to the end of the file". */
  public record ExternalRef(String initializer, String location, long offset, long length) {}

  // Field numbers from onnx.proto.
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_EXTERNAL_DATA = 13;
  private static final int TENSOR_DATA_LOCATION = 14;
  private static final int DATA_LOCATION_EXTERNAL = 1;

  public static OnnxGraphSummary read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CodedInputStream cis = CodedInputStream.newInstance(in);
      cis.setSizeLimit(Integer.MAX_VALUE);
      Builder b = new Builder();
      boolean sawGraph = false;
      while (true) {
        int tag = cis.readTag();
        if (tag == 0) {
          break;
        }
        if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int limit = cis.pushLimit(cis.readRawVarint32());
          readGraph(cis, b);
          cis.popLimit(limit);
          sawGraph = true;
        } else {
          cis.skipField(tag);
        }
      }
      if (!sawGraph) {
        throw new IOException("not an ONNX model: no graph found");
      }
      return b.build();
    }
  }

  private static void readGraph(CodedInputStream cis, Builder b) throws IOException {
    while (true) {
      int tag = cis.readTag();
      if (tag == 0) {
        return;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case GRAPH_INPUT -> b.addInput(ValueInfoProto.parseFrom(cis.readBytes()));
        case GRAPH_OUTPUT -> b.addOutput(ValueInfoProto.parseFrom(cis.readBytes()));
        case GRAPH_INITIALIZER -> {
          int limit = cis.pushLimit(cis.readRawVarint32());
          readInitializer(cis, b);
          cis.popLimit(limit);
        }
        default -> cis.skipField(tag);
      }
    }
  }

  private static void readInitializer(CodedInputStream cis, Builder b) throws IOException {
    String name = "";
    boolean external = false;
    Map<String, String> entries = new LinkedHashMap<>();
    while (true) {
      int tag = cis.readTag();
      if (tag == 0) {
        break;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case TENSOR_NAME -> name = cis.readStringRequireUtf8();
        case TENSOR_EXTERNAL_DATA -> {
          StringStringEntryProto e = StringStringEntryProto.parseFrom(cis.readBytes());
          entries.put(e.getKey(), e.getValue());
        }
        case TENSOR_DATA_LOCATION -> external = cis.readEnum() == DATA_LOCATION_EXTERNAL;
        default -> cis.skipField(tag);
      }
    }
    b.initializers.add(name);
    if (external || !entries.isEmpty()) {
      b.external.add(
          new ExternalRef(
              name,
              entries.getOrDefault("location", ""),
              parseLong(entries.get("offset"), 0),
              parseLong(entries.get("length"), -1)));
    }
  }

  private static long parseLong(String s, long dflt) {
    if (s == null) {
      return dflt;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  private static TensorInfo info(ValueInfoProto v) {
    TypeProto.Tensor t = v.getType().getTensorType();
    List<Object> dims = new ArrayList<>();
    for (TensorShapeProto.Dimension d : t.getShape().getDimList()) {
      dims.add(d.hasDimValue() ? (Object) d.getDimValue() : d.getDimParam());
    }
    return new TensorInfo(ElementType.fromOnnx(t.getElemType()), t.getElemType(), dims);
  }

  private static final class Builder {
    final Map<String, TensorInfo> inputs = new LinkedHashMap<>();
    final Map<String, TensorInfo> outputs = new LinkedHashMap<>();
    final List<ExternalRef> external = new ArrayList<>();
    final List<String> initializers = new ArrayList<>();

    void addInput(ValueInfoProto v) {
      inputs.put(v.getName(), info(v));
    }

    void addOutput(ValueInfoProto v) {
      outputs.put(v.getName(), info(v));
    }

    OnnxGraphSummary build() {
      // Inputs that are also initializers are overridable constants, not inputs a caller feeds.
      initializers.forEach(inputs::remove);
      return new OnnxGraphSummary(inputs, outputs, external, List.copyOf(initializers));
    }
  }
}
