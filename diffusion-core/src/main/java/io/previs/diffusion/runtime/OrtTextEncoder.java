package io.previs.diffusion.runtime;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.diffusion.bundle.ModelBundle.TextEncoderSpec;
import io.previs.diffusion.text.PromptTokenizer;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.onnxkit.graph.ElementType;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.util.Map;

/**
 * Tokenizer plus text encoder: prompt → context [1, L, D]. Like Wan, the context is cut back to the
 * prompt's own tokens when the encoder ran on a padded sequence.
 */
public final class OrtTextEncoder implements AutoCloseable {

  private final OrtRuntime runtime;
  private final TextEncoderSpec spec;
  private final PromptTokenizer tokenizer;
  private OrtSession session;

  public OrtTextEncoder(OrtRuntime runtime, ModelBundle bundle) {
    this.runtime = runtime;
    this.spec = bundle.textEncoder();
    this.tokenizer = new PromptTokenizer(bundle.tokenizer());
  }

  public TextEmbedding encode(String prompt) {
    PromptTokenizer.Tokens tokens = tokenizer.tokenize(prompt);
    long[] shape = {1, tokens.ids().length};
    int dim = spec.contextDim();
    try (TensorBuffer ids = new TensorBuffer(runtime.env(), ElementType.INT64, shape);
        TensorBuffer mask = new TensorBuffer(runtime.env(), ElementType.INT64, shape);
        TensorBuffer out =
            new TensorBuffer(runtime.env(), spec.dtype(), new long[] {1, shape[1], dim})) {
      ids.writeLongs(tokens.ids());
      mask.writeLongs(tokens.mask());
      Map<String, OnnxValue> pinned = Map.of(spec.output(), out.tensor());
      try (OrtSession.Result ignored =
          session()
              .run(
                  Map.of(spec.idsInput(), ids.tensor(), spec.maskInput(), mask.tensor()), pinned)) {
        double[] all = new double[out.size()];
        out.read(all);
        float[] values = new float[tokens.length() * dim];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) all[i];
        }
        return new TextEmbedding(values, tokens.length(), dim, tokens.truncated());
      }
    } catch (OrtException e) {
      throw new IllegalStateException("text encoder failed: " + e.getMessage(), e);
    }
  }

  public PromptTokenizer tokenizer() {
    return tokenizer;
  }

  private OrtSession session() throws OrtException {
    if (session == null) {
      session = runtime.open(spec.file());
    }
    return session;
  }

  @Override
  public void close() {
    OrtDenoiser.closeQuietly(session);
    tokenizer.close();
  }
}
