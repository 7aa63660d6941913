package io.previs.worker.render;

import io.previs.contracts.storage.ObjectKeys;
import io.previs.diffusion.bundle.BundleLoader;
import io.previs.diffusion.pipeline.TextToVideo;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.worker.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The model this worker has loaded. A GPU holds one model's experts at a time, so switching models
 * closes the previous pipeline before loading the next (jobs for the same model keep it warm).
 */
@Component
public class Pipelines implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Pipelines.class);

  private final ObjectStore store;
  private final WorkerProperties props;
  private String loadedId;
  private TextToVideo loaded;

  public Pipelines(ObjectStore store, WorkerProperties props) {
    this.store = store;
    this.props = props;
  }

  public synchronized TextToVideo forModel(String modelId) {
    if (modelId.equals(loadedId)) {
      return loaded;
    }
    if (loaded != null) {
      log.info("Unloading model {} for {}", loadedId, modelId);
      loaded.close();
      loaded = null;
      loadedId = null;
    }
    var dir = store.mirror(ObjectKeys.modelPrefix(modelId), props.modelCache().resolve(modelId));
    var bundle = BundleLoader.load(dir);
    var exec =
        new ExecutionConfig(
            ExecutionConfig.Device.parse(props.device()),
            props.deviceId(),
            props.allowCpuFallback(),
            props.threads(),
            props.keepExpertsLoaded());
    loaded = new TextToVideo(bundle, exec, props.vaeChunkLatentFrames());
    loadedId = modelId;
    return loaded;
  }

  @Override
  public synchronized void destroy() {
    if (loaded != null) {
      loaded.close();
    }
  }
}
