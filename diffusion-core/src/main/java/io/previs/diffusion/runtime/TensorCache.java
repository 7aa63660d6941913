package io.previs.diffusion.runtime;

import ai.onnxruntime.OrtException;
import io.previs.onnxkit.graph.ElementType;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A few tensors kept by shape for reuse, the least recently used closed when one more is needed.
 * For buffers too large to allocate per call (a decoder chunk's RGB output); not thread-safe.
 */
final class TensorCache implements AutoCloseable {

  private final OrtRuntime runtime;
  private final ElementType type;
  private final int capacity;
  private final List<TensorBuffer> kept = new ArrayList<>(); // most recently used last

  TensorCache(OrtRuntime runtime, ElementType type, int capacity) {
    this.runtime = runtime;
    this.type = type;
    this.capacity = capacity;
  }

  TensorBuffer get(long[] shape) throws OrtException {
    for (int i = 0; i < kept.size(); i++) {
      TensorBuffer b = kept.get(i);
      if (Arrays.equals(b.shape(), shape)) {
        kept.add(kept.remove(i));
        return b;
      }
    }
    if (kept.size() == capacity) {
      kept.remove(0).close();
    }
    TensorBuffer b = new TensorBuffer(runtime.env(), type, shape);
    kept.add(b);
    return b;
  }

  @Override
  public void close() {
    kept.forEach(TensorBuffer::close);
    kept.clear();
  }
}
