package io.previs.onnxkit.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model either self-contained or with its large initializers in an external data file, the
 * layout ONNX uses for models over the 2 GB protobuf limit (every exported Wan expert). Offsets are
 * aligned to 64 KiB so ONNX Runtime can memory-map the data instead of copying it.
 */
public final class OnnxModelWriter {

  /** Page/allocation-granularity alignment ONNX Runtime needs to mmap external initializers. */
  static final int ALIGNMENT = 64 * 1024;

  private OnnxModelWriter() {}

  public static void write(ModelProto model, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
  }

  /**
   * Writes {@code file} plus {@code file + ".data"} holding every initializer of at least {@code
   * thresholdBytes}; smaller ones stay inline.
   */
  public static void writeWithExternalData(ModelProto model, Path file, int thresholdBytes)
      throws IOException {
    Path dataFile = file.resolveSibling(file.getFileName() + ".data");
    String location = dataFile.getFileName().toString();
    GraphProto.Builder graph = model.getGraph().toBuilder();
    long offset = 0;
    try (OutputStream data = Files.newOutputStream(dataFile)) {
      for (int i = 0; i < graph.getInitializerCount(); i++) {
        TensorProto t = graph.getInitializer(i);
        ByteString raw = t.getRawData();
        if (raw.size() < thresholdBytes) {
          continue;
        }
        long padding = (ALIGNMENT - offset % ALIGNMENT) % ALIGNMENT;
        data.write(new byte[(int) padding]);
        offset += padding;
        raw.writeTo(data);
        graph.setInitializer(
            i,
            t.toBuilder()
                .clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", Long.toString(offset)))
                .addExternalData(entry("length", Long.toString(raw.size()))));
        offset += raw.size();
      }
    }
    write(model.toBuilder().setGraph(graph).build(), file);
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }
}
