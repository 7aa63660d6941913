package io.previs.diffusion.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.previs.diffusion.bundle.ModelBundle.TokenizerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * A HuggingFace tokenizer.json (the format umT5's and every exported encoder's tokenizer ships in)
 * through DJL's Rust bindings, truncating to the bundle's maximum length and optionally padding to
 * it.
 */
public final class PromptTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final TokenizerSpec spec;

  public PromptTokenizer(TokenizerSpec spec) {
    this.spec = spec;
    try {
      this.tokenizer =
          HuggingFaceTokenizer.newInstance(
              spec.file(),
              Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + spec.file(), e);
    }
  }

  /** Token ids and attention mask of one prompt; ids.length ≥ 1. */
  public Tokens tokenize(String text) {
    Encoding enc = tokenizer.encode(text == null ? "" : text, true, false);
    long[] ids = enc.getIds();
    boolean truncated = ids.length > spec.maxLength();
    if (truncated) {
      ids = Arrays.copyOf(ids, spec.maxLength());
    }
    int actual = Math.max(ids.length, 1);
    int length = spec.padToMaxLength() ? spec.maxLength() : actual;
    long[] paddedIds = Arrays.copyOf(ids, length);
    long[] mask = new long[length];
    Arrays.fill(mask, 0, actual, 1L);
    return new Tokens(paddedIds, mask, actual, truncated);
  }

  public String[] pieces(String text) {
    return tokenizer.encode(text, false, false).getTokens();
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  /**
   * @param length tokens that carry the prompt (the rest is padding)
   */
  public record Tokens(long[] ids, long[] mask, int length, boolean truncated) {}
}
