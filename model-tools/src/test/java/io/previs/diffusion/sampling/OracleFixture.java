package io.previs.diffusion.sampling;

import io.previs.diffusion.bundle.ModelBundle;
import io.previs.diffusion.runtime.OrtDenoiser;
import io.previs.diffusion.runtime.OrtTextEncoder;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.util.List;

/** An oracle bundle opened under ONNX Runtime, with the closed-form answer of its ODE. */
final class OracleFixture implements AutoCloseable {

  static final String PROMPT = "一位身穿红色斗篷的女战士在暴雨中的古城墙上奔跑，闪电划破夜空";
  static final String NEGATIVE = "blurry, low quality, static";

  final ModelBundle bundle;
  final OrtRuntime runtime = new OrtRuntime(ExecutionConfig.cpu(1));
  final OrtDenoiser denoiser;
  final TextEmbedding positive;
  final TextEmbedding negative;
  final double dataStd;

  OracleFixture(ModelBundle bundle) {
    this.bundle = bundle;
    this.denoiser = new OrtDenoiser(runtime, bundle.denoiser());
    try (OrtTextEncoder enc = new OrtTextEncoder(runtime, bundle)) {
      positive = enc.encode(PROMPT);
      negative = enc.encode(NEGATIVE);
    }
    dataStd =
        ((Number)
                io.previs.diffusion.bundle.BundleLoader.readManifest(bundle.directory())
                    .generator()
                    .get("dataStd"))
            .doubleValue();
  }

  /** μ(c) read back from the model: at σ = 1 (timestep 1000) and x = 0 the velocity is −μ. */
  double[] mean(long[] shape, TextEmbedding context) {
    int n = size(shape);
    double[] v = new double[n];
    denoiser.velocity(0, new double[n], shape, 1000.0, context, v);
    for (int i = 0; i < n; i++) {
      v[i] = -v[i];
    }
    return v;
  }

  /** x(0) = μ_g + s·(ε − (1 − σ0)·μ_g)/S(σ0), with μ_g the guided mean. */
  double[] exactSample(SamplePlan plan, double guidance) {
    long[] shape = plan.latentShape();
    int n = size(shape);
    double[] muC = mean(shape, positive);
    double[] muU = mean(shape, negative);
    double[] eps = Sampler.start(plan).latent();
    double s0 = plan.schedule().sigmas()[0];
    double s = dataStd;
    double std0 = Math.sqrt((1 - s0) * (1 - s0) * s * s + s0 * s0);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double mu = guidance == 1.0 ? muC[i] : muU[i] + guidance * (muC[i] - muU[i]);
      x[i] = mu + s * (eps[i] - (1 - s0) * mu) / std0;
    }
    return x;
  }

  SamplePlan plan(SolverKind solver, int steps, double shift, double guidance, long seed) {
    FlowSchedule schedule = FlowSchedule.of(steps, shift, 1000, TimestepRounding.NONE);
    int experts = bundle.denoiser().experts().size();
    double[] g = new double[experts];
    java.util.Arrays.fill(g, guidance);
    return new SamplePlan(
        new long[] {1, 16, 3, 8, 8},
        seed,
        solver,
        schedule,
        bundle.denoiser().boundary(),
        g,
        bundle.denoiser().experts().stream().map(ModelBundle.ExpertSpec::name).toList());
  }

  double[] sample(SamplePlan plan) {
    SamplerState state = Sampler.start(plan);
    Sampler.run(state, denoiser, positive, negative, StepListener.NONE);
    return state.latent();
  }

  static double rms(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(sum / a.length);
  }

  static int size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return (int) n;
  }

  static List<String> names(ModelBundle b) {
    return b.denoiser().experts().stream().map(ModelBundle.ExpertSpec::name).toList();
  }

  @Override
  public void close() {
    denoiser.close();
  }
}
