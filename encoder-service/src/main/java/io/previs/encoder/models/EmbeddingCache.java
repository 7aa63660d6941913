package io.previs.encoder.models;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Embeddings in object storage keyed by SHA-256 of (encoder version, text). Directors iterate on
 * the same shot a dozen times; its prompt is encoded once. The key is content-addressed, so
 * concurrent encoders writing the same entry write the same bytes.
 */
@Component
public class EmbeddingCache {

  private final ObjectStore store;
  private final TextEncoders encoders;
  private final MeterRegistry registry;

  public EmbeddingCache(ObjectStore store, TextEncoders encoders, MeterRegistry registry) {
    this.store = store;
    this.encoders = encoders;
    this.registry = registry;
  }

  /** The object key of {@code text}'s embedding under {@code modelId}, encoding it if needed. */
  public Entry embed(String modelId, String text) {
    TextEncoders.Loaded model = encoders.forModel(modelId);
    String key = ObjectKeys.embedding(modelId, hash(model.version(), text));
    if (store.exists(key)) {
      registry.counter("previs.embeddings.requested", "cache", "hit").increment();
      return new Entry(key, true, false);
    }
    long t0 = System.nanoTime();
    TextEmbedding e = model.encode(text);
    store.put(key, e.toBytes(), "application/octet-stream");
    registry
        .timer("previs.embeddings.encode.duration")
        .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
    registry.counter("previs.embeddings.requested", "cache", "miss").increment();
    return new Entry(key, false, e.truncated());
  }

  public record Entry(String key, boolean cached, boolean truncated) {}

  /**
   * The model's bundle (its default steps and GPU needs are what a shard's cost is planned from).
   */
  public io.previs.diffusion.bundle.ModelBundle bundle(String modelId) {
    return encoders.forModel(modelId).bundle();
  }

  static String hash(String version, String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(version.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
