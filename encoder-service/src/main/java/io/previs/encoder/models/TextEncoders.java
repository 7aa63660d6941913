package io.previs.encoder.models;

import io.previs.contracts.storage.ObjectKeys;
import io.previs.diffusion.bundle.BundleLoader;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.diffusion.runtime.OrtTextEncoder;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.encoder.EncoderProperties;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.onnxkit.runtime.OrtRuntime;
import io.previs.servicekit.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One text encoder per model, loaded on first use from the bundle mirrored out of object storage.
 * Each has a version fingerprint (manifest, tokenizer and encoder graph), which is part of every
 * embedding's cache key: a re-exported encoder never serves stale embeddings.
 */
@Component
class TextEncoders implements DisposableBean {

  /** A loaded encoder and its cache-key fingerprint. */
  public record Loaded(ModelBundle bundle, OrtTextEncoder encoder, String version) {
    public synchronized TextEmbedding encode(String text) {
      return encoder.encode(text);
    }
  }

  private final ObjectStore store;
  private final EncoderProperties props;
  private final OrtRuntime runtime;
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

  public TextEncoders(ObjectStore store, EncoderProperties props) {
    this.store = store;
    this.props = props;
    this.runtime =
        new OrtRuntime(
            new ExecutionConfig(
                ExecutionConfig.Device.parse(props.device()),
                0,
                props.allowCpuFallback(),
                props.threads(),
                true));
  }

  /**
   * @throws io.previs.diffusion.bundle.BundleValidationException when the bundle is missing or
   *     invalid
   */
  public Loaded forModel(String modelId) {
    return loaded.computeIfAbsent(modelId, this::load);
  }

  private Loaded load(String modelId) {
    Path dir = store.mirror(ObjectKeys.modelPrefix(modelId), props.modelCache().resolve(modelId));
    ModelBundle bundle = BundleLoader.load(dir);
    return new Loaded(bundle, new OrtTextEncoder(runtime, bundle), fingerprint(bundle));
  }

  static String fingerprint(ModelBundle b) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((b.id() + "@" + b.version()).getBytes());
      md.update(Files.readAllBytes(b.directory().resolve(BundleLoader.MANIFEST)));
      md.update(Files.readAllBytes(b.tokenizer().file()));
      md.update(Files.readAllBytes(b.textEncoder().file()));
      return HexFormat.of().formatHex(md.digest(), 0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String provider() {
    return runtime.activeProvider();
  }

  @Override
  public void destroy() {
    loaded.values().forEach(l -> l.encoder().close());
  }
}
