package io.previs.onnxkit.runtime;

import java.util.Locale;

/**
 * Where ONNX Runtime runs the models.
 *
 * @param device CPU (default) or CUDA; CUDA needs the onnxruntime_gpu build (-Dgpu) and CUDA 12
 * @param deviceId CUDA device ordinal
 * @param allowCpuFallback when CUDA is asked for but unavailable: false fails loudly, true runs on
 *     CPU and says so in the log and in {@link OrtRuntime#activeProvider()}; never silent
 * @param intraOpThreads ONNX Runtime intra-op threads (0: its default, one per core)
 * @param keepExpertsLoaded false closes the idle expert's session on a switch, as Wan offloads the
 *     idle 14B expert, so only one expert's weights are resident at a time
 */
public record ExecutionConfig(
    Device device,
    int deviceId,
    boolean allowCpuFallback,
    int intraOpThreads,
    boolean keepExpertsLoaded) {

  public enum Device {
    CPU,
    CUDA;

    public static Device parse(String s) {
      return switch (s == null ? "cpu" : s.toLowerCase(Locale.ROOT)) {
        case "cpu" -> CPU;
        case "cuda", "gpu" -> CUDA;
        default ->
            throw new IllegalArgumentException("device must be cpu or cuda, got '" + s + "'");
      };
    }
  }

  public ExecutionConfig {
    if (deviceId < 0) {
      throw new IllegalArgumentException("deviceId must be ≥ 0, got " + deviceId);
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be ≥ 0, got " + intraOpThreads);
    }
  }

  public static ExecutionConfig cpu() {
    return new ExecutionConfig(Device.CPU, 0, false, 0, true);
  }

  public static ExecutionConfig cpu(int threads) {
    return new ExecutionConfig(Device.CPU, 0, false, threads, true);
  }

  public static ExecutionConfig cuda(int deviceId, boolean allowCpuFallback) {
    return new ExecutionConfig(Device.CUDA, deviceId, allowCpuFallback, 0, false);
  }
}
