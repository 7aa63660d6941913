package io.previs.encoder;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param modelCache local directory bundles are mirrored into from object storage
 * @param device cpu or cuda (text encoders are usually fine on CPU)
 * @param threads ONNX Runtime intra-op threads (0: one per core)
 */
@ConfigurationProperties("previs.encoder")
public record EncoderProperties(
    Path modelCache,
    @DefaultValue("cpu") String device,
    @DefaultValue("false") boolean allowCpuFallback,
    @DefaultValue("0") int threads,
    @DefaultValue("2") int concurrency) {

  public EncoderProperties {
    if (modelCache == null) {
      modelCache = Path.of(System.getProperty("java.io.tmpdir"), "previs", "models-encoder");
    }
  }
}
