package io.previs.diffusion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.previs.diffusion.TestBundles;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.onnxkit.runtime.ExecutionProviderUnavailableException;
import io.previs.onnxkit.runtime.OrtRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * CUDA asked for on a machine (or build) without it: loud failure by default, CPU only when allowed
 * and then visibly. The CUDA path itself needs a GPU and the -Dgpu build; see docs/MODELS.md.
 */
class ExecutionProviderTest {

  @Test
  void cudaWithoutFallbackFailsLoudly() {
    Assumptions.assumeFalse(
        OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "CUDA provider present: this test is about machines without it");
    OrtRuntime rt = new OrtRuntime(ExecutionConfig.cuda(0, false));
    assertThatThrownBy(() -> rt.open(TestBundles.oracle().vae().file()))
        .isInstanceOf(ExecutionProviderUnavailableException.class)
        .hasMessageContaining("CUDA device 0 was requested")
        .hasMessageContaining("no CUDA execution provider")
        .hasMessageContaining("allow-cpu-fallback");
  }

  @Test
  void cudaWithExplicitFallbackRunsOnCpuAndSaysSo() throws Exception {
    Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
    OrtRuntime rt = new OrtRuntime(ExecutionConfig.cuda(0, true));
    try (OrtSession s = rt.open(TestBundles.oracle().vae().file())) {
      assertThat(s.getInputNames()).contains("latent");
    }
    assertThat(rt.activeProvider()).startsWith("cpu (fallback: ");
  }

  @Test
  void cpuIsTheDefault() throws Exception {
    OrtRuntime rt = new OrtRuntime(ExecutionConfig.cpu());
    try (OrtSession s = rt.open(TestBundles.oracle().vae().file())) {
      assertThat(rt.activeProvider()).isEqualTo("cpu");
    }
  }

  @Test
  void offloadingKeepsOneExpertLoaded() {
    var bundle = TestBundles.oracle();
    OrtRuntime rt =
        new OrtRuntime(new ExecutionConfig(ExecutionConfig.Device.CPU, 0, false, 1, false));
    try (OrtDenoiser d = new OrtDenoiser(rt, bundle.denoiser());
        OrtTextEncoder enc = new OrtTextEncoder(rt, bundle)) {
      var ctx = enc.encode("rain");
      long[] shape = {1, 16, 1, 2, 2};
      double[] x = new double[64];
      double[] v = new double[64];
      d.velocity(0, x, shape, 900, ctx, v);
      d.velocity(0, x, shape, 899, ctx, v);
      d.velocity(1, x, shape, 500, ctx, v);
      d.velocity(0, x, shape, 900, ctx, v);
      assertThat(d.sessionLoads()).isEqualTo(3);
    }
  }
}
