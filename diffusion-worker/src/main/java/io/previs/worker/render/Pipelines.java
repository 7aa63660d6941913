package io.previs.worker.render;

import io.previs.contracts.storage.ObjectKeys;
import io.previs.diffusion.bundle.BundleLoader;
import io.previs.diffusion.pipeline.TextToVideo;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.servicekit.storage.ObjectStore;
import io.previs.worker.WorkerProperties;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The model this worker has loaded. A GPU holds one model's experts at a time, so switching models
 * closes the previous pipeline before loading the next (jobs for the same model keep it warm).
 *
 * <p>Renders lease the pipeline, and its ONNX Runtime sessions are closed only when no lease is
 * out: closing a session while a thread is inside {@code OrtSession.run} crashes the JVM (SIGSEGV),
 * which is what a shutdown used to do to a worker with a shard in flight. At shutdown the worker
 * waits for the render to stop at its next step boundary; if it does not within the stop timeout,
 * the sessions are left to the process's exit rather than closed under it.
 */
@Component
public class Pipelines implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Pipelines.class);

  private final ObjectStore store;
  private final WorkerProperties props;
  private String loadedId;
  private TextToVideo loaded;
  private int leases;
  private boolean closed;

  public Pipelines(ObjectStore store, WorkerProperties props) {
    this.store = store;
    this.props = props;
  }

  /** The pipeline for one render; close the lease when the render is over. */
  public final class Lease implements AutoCloseable {
    private final TextToVideo pipeline;
    private boolean released;

    private Lease(TextToVideo pipeline) {
      this.pipeline = pipeline;
    }

    public TextToVideo pipeline() {
      return pipeline;
    }

    @Override
    public void close() {
      synchronized (Pipelines.this) {
        if (!released) {
          released = true;
          leases--;
          Pipelines.this.notifyAll();
        }
      }
    }
  }

  /** The model loaded now, or null. */
  public synchronized String loadedModel() {
    return loadedId;
  }

  public synchronized Lease lease(String modelId) throws InterruptedException {
    while (leases > 0 && !modelId.equals(loadedId) && !closed) {
      wait(); // a switch must not close the model another render is using
    }
    if (closed) {
      throw new IllegalStateException("the worker is stopping; no new render starts");
    }
    if (!modelId.equals(loadedId)) {
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
    }
    leases++;
    return new Lease(loaded);
  }

  /**
   * Beyond the shard consumer's own wait for the render (the stop timeout), which comes first: it
   * stops before this bean is destroyed.
   */
  static final Duration LAST_WAIT = Duration.ofSeconds(5);

  @Override
  public synchronized void destroy() throws InterruptedException {
    closed = true;
    long deadline = System.nanoTime() + LAST_WAIT.toNanos();
    while (leases > 0) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        log.warn(
            "A render still holds model {} after {}; leaving its ONNX Runtime sessions to the"
                + " process exit (closing them under a running session would crash the JVM)",
            loadedId,
            props.stopTimeout().plus(LAST_WAIT));
        return;
      }
      wait(left);
    }
    if (loaded != null) {
      loaded.close();
      loaded = null;
      loadedId = null;
    }
  }
}
