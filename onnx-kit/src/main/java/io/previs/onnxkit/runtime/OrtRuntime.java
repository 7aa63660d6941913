package io.previs.onnxkit.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions under one {@link ExecutionConfig}. The CUDA decision is made once, on
 * the first session, and then holds for the runtime's life: either every session gets the CUDA
 * execution provider, or (only when fallback is allowed) every session runs on CPU and {@link
 * #activeProvider()} says why.
 *
 * <p>All sessions of the process share one ONNX Runtime intra-op thread pool (created with the
 * first runtime, sized by its {@code intraOpThreads}, spinning off). Per-session pools would put
 * one busy thread per core behind every open session (two experts, text encoder, VAE) and
 * oversubscribe the CPU; spinning threads would also steal cycles from the JVM between runs.
 */
public final class OrtRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OrtRuntime.class);

  private final OrtEnvironment env;
  private final ExecutionConfig config;
  private volatile String activeProvider;

  private static OrtEnvironment sharedEnv;
  private static boolean globalPools;

  public OrtRuntime(ExecutionConfig config) {
    this.env = environment(config.intraOpThreads());
    this.config = config;
  }

  private static synchronized OrtEnvironment environment(int threads) {
    if (sharedEnv == null) {
      checkCommandLine();
      try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
        pool.setGlobalIntraOpNumThreads(
            threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        pool.setGlobalInterOpNumThreads(1);
        pool.setGlobalSpinControl(false);
        sharedEnv =
            OrtEnvironment.getEnvironment(
                OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "previs", pool);
        globalPools = true;
      } catch (OrtException | IllegalStateException e) {
        // Someone created the environment before us: fall back to per-session pools.
        log.debug("ONNX Runtime environment already exists; using per-session thread pools", e);
        sharedEnv = OrtEnvironment.getEnvironment();
        globalPools = false;
      }
    }
    return sharedEnv;
  }

  /**
   * ONNX Runtime 1.29 (Linux x86-64) dies with SIGSEGV, taking the JVM with it and leaving no
   * hs_err file, when the process command line is longer than about 4,000 bytes — which a long
   * {@code -cp} easily is. Refuse with an explanation instead. Pass long classpaths through an
   * argument file ({@code java @args}) or the CLASSPATH variable.
   */
  static void checkCommandLine() {
    java.nio.file.Path cmdline = java.nio.file.Path.of("/proc/self/cmdline");
    try {
      if (java.nio.file.Files.isReadable(cmdline)) {
        long length = java.nio.file.Files.readAllBytes(cmdline).length;
        if (length > MAX_COMMAND_LINE) {
          throw new IllegalStateException(
              "this process's command line is "
                  + length
                  + " bytes; ONNX Runtime crashes the JVM above about "
                  + MAX_COMMAND_LINE
                  + " bytes. Start the JVM with its classpath in an argument file (java @args) or in"
                  + " the CLASSPATH variable instead of a long -cp");
        }
      }
    } catch (java.io.IOException e) {
      log.debug("cannot read {}", cmdline, e);
    }
  }

  static final int MAX_COMMAND_LINE = 3900;

  public OrtEnvironment env() {
    return env;
  }

  public ExecutionConfig config() {
    return config;
  }

  /** "cpu", "cuda:N", or "cpu (fallback: reason)"; null before the first session. */
  public String activeProvider() {
    return activeProvider;
  }

  /** Opens {@code model}; external data next to it is memory-mapped by ONNX Runtime. */
  public synchronized OrtSession open(Path model) throws OrtException {
    SessionOptions options = new SessionOptions();
    try {
      options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
      options.setMemoryPatternOptimization(true);
      if (globalPools) {
        options.disablePerSessionThreads();
      } else if (config.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(config.intraOpThreads());
      }
      if (config.device() == ExecutionConfig.Device.CUDA && !isFallback()) {
        addCuda(options);
      }
      if (activeProvider == null) {
        activeProvider = "cpu";
      }
      return env.createSession(model.toString(), options);
    } finally {
      options.close();
    }
  }

  private boolean isFallback() {
    return activeProvider != null && activeProvider.startsWith("cpu (fallback");
  }

  private void addCuda(SessionOptions options) {
    String reason;
    Throwable cause = null;
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      reason =
          "this ONNX Runtime build has no CUDA execution provider (build with -Dgpu to use"
              + " onnxruntime_gpu)";
    } else {
      try {
        options.addCUDA(config.deviceId());
        activeProvider = "cuda:" + config.deviceId();
        return;
      } catch (OrtException e) {
        reason = "CUDA execution provider failed to load: " + e.getMessage();
        cause = e;
      }
    }
    if (!config.allowCpuFallback()) {
      throw new ExecutionProviderUnavailableException(
          "CUDA device "
              + config.deviceId()
              + " was requested but "
              + reason
              + ". Install CUDA 12 and cuDNN 9 runtime libraries, or allow the CPU fallback"
              + " explicitly (previs.runtime.allow-cpu-fallback=true).",
          cause);
    }
    activeProvider = "cpu (fallback: " + reason + ")";
    log.warn("Running on CPU although CUDA was requested: {}", reason);
  }

  @Override
  public void close() {
    // The environment is a process-wide singleton in ONNX Runtime's Java API; sessions are closed
    // by their owners.
  }
}
