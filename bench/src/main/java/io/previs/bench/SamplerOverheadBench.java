package io.previs.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.sun.management.ThreadMXBean;
import io.previs.diffusion.bundle.BundleLoader;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.diffusion.runtime.OrtDenoiser;
import io.previs.diffusion.runtime.OrtTextEncoder;
import io.previs.diffusion.sampling.FlowSchedule;
import io.previs.diffusion.sampling.GaussianNoise;
import io.previs.diffusion.sampling.SamplePlan;
import io.previs.diffusion.sampling.Sampler;
import io.previs.diffusion.sampling.SamplerState;
import io.previs.diffusion.sampling.SolverKind;
import io.previs.diffusion.sampling.TimestepRounding;
import io.previs.diffusion.text.TextEmbedding;
import io.previs.modeltools.diffusion.TinyDitBundle;
import io.previs.onnxkit.runtime.ExecutionConfig;
import io.previs.onnxkit.runtime.OrtRuntime;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Per-step time of the full sampler (two guided expert calls, CFG combine, UniPC update) against
 * two bare {@code session.run} calls on the same tensors, for the tiny DiT bundle at several latent
 * sizes, measured alternately in one run; plus heap bytes allocated per step by each.
 *
 * <p>Usage: bench/run.sh sampler [cpu|cuda] [rounds]
 */
public final class SamplerOverheadBench {

  private static final long[][] SHAPES = {
    {1, 16, 2, 16, 16}, // 128 tokens
    {1, 16, 3, 32, 32}, // 768 tokens
    {1, 16, 5, 32, 48}, // 1,920 tokens
    {1, 16, 9, 40, 64}, // 5,760 tokens
  };

  private static final int WARMUP_ROUNDS = 3;

  public static void main(String[] args) throws Exception {
    String device = args.length > 0 ? args[0] : "cpu";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Path.of(System.getProperty("previs.bench.dir", "target/bench-tiny-dit"));
    ModelBundle bundle =
        Files.exists(dir.resolve("manifest.json"))
            ? BundleLoader.load(dir)
            : TinyDitBundle.generate(dir, TinyDitBundle.Params.defaults());
    ExecutionConfig config =
        device.equals("cuda") ? ExecutionConfig.cuda(0, false) : ExecutionConfig.cpu();
    OrtRuntime runtime = new OrtRuntime(config);
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().threadId();
    System.out.printf(
        "ONNX Runtime %s, provider %s, %d cores, JDK %s%n",
        runtime.env().getVersion(),
        device,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    TextEmbedding pos;
    TextEmbedding neg;
    try (OrtTextEncoder enc = new OrtTextEncoder(runtime, bundle)) {
      pos = enc.encode("a knight in a red cloak rides through fog at dawn, tracking shot");
      neg = enc.encode(bundle.video().defaultNegativePrompt());
    }
    System.out.printf("provider in use: %s%n", runtime.activeProvider());
    System.out.println();
    System.out.printf(
        "%-20s %7s %12s %12s %9s %10s %12s %11s%n",
        "latent [C,F,H,W]",
        "tokens",
        "bare 2×run",
        "sampler",
        "A/B",
        "in-Java",
        "alloc/step",
        "bare alloc");
    try (OrtDenoiser denoiser = new OrtDenoiser(runtime, bundle.denoiser());
        OrtSession bare = runtime.open(bundle.denoiser().experts().get(1).file())) {
      for (long[] shape : SHAPES) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int steps = n > 100_000 ? 6 : 16;
        float[] latent = new float[n];
        double[] noise = new double[n];
        GaussianNoise.fill(1, 0, 0, noise);
        for (int i = 0; i < n; i++) {
          latent[i] = (float) noise[i];
        }
        List<Double> bareTimes = new ArrayList<>();
        List<Double> samplerTimes = new ArrayList<>();
        List<Double> javaShare = new ArrayList<>();
        long bareAlloc = 0;
        long samplerAlloc = 0;
        try (OnnxTensor x =
                OnnxTensor.createTensor(runtime.env(), java.nio.FloatBuffer.wrap(latent), shape);
            OnnxTensor t = OnnxTensor.createTensor(runtime.env(), new float[] {500f});
            OnnxTensor cpos =
                OnnxTensor.createTensor(
                    runtime.env(), java.nio.FloatBuffer.wrap(pos.values()), pos.shape());
            OnnxTensor cneg =
                OnnxTensor.createTensor(
                    runtime.env(), java.nio.FloatBuffer.wrap(neg.values()), neg.shape())) {
          // Low-noise expert only (shift 1, start below the boundary) so both sides run one
          // session.
          FlowSchedule schedule = FlowSchedule.of(steps, 1.0, 1000, TimestepRounding.FLOOR);
          SamplePlan plan =
              new SamplePlan(
                  shape,
                  1,
                  SolverKind.UNIPC,
                  schedule,
                  0.9999,
                  new double[] {4.0, 3.0},
                  List.of("high_noise", "low_noise"));
          for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            long a0 = mx.getThreadAllocatedBytes(tid);
            long b0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
              try (OrtSession.Result r =
                  bare.run(Map.of("latent", x, "timestep", t, "context", cpos))) {
                r.get(0);
              }
              try (OrtSession.Result r =
                  bare.run(Map.of("latent", x, "timestep", t, "context", cneg))) {
                r.get(0);
              }
            }
            long bareNs = System.nanoTime() - b0;
            long a1 = mx.getThreadAllocatedBytes(tid);
            SamplerState state = Sampler.start(plan);
            long[] stepAlloc = new long[steps];
            long run0 = denoiser.runNanos();
            long s0 = System.nanoTime();
            Sampler.run(
                state,
                denoiser,
                pos,
                neg,
                (p, st) -> stepAlloc[p.step()] = mx.getThreadAllocatedBytes(tid));
            long samplerNs = System.nanoTime() - s0;
            long inRun = denoiser.runNanos() - run0;
            if (round >= 0) { // the first rounds warm up both paths (JIT, ONNX Runtime arenas)
              bareTimes.add(bareNs / (double) steps);
              samplerTimes.add(samplerNs / (double) steps);
              javaShare.add((samplerNs - inRun) / (double) inRun);
              bareAlloc += (a1 - a0) / steps;
              // Steady state: bytes between consecutive step callbacks once the solver's history
              // buffers exist (from step 2 on); the run's one-off work buffers are not per-step.
              samplerAlloc += (stepAlloc[steps - 1] - stepAlloc[2]) / (steps - 3);
            }
          }
        }
        double bareMs = median(bareTimes) / 1e6;
        double samplerMs = median(samplerTimes) / 1e6;
        System.out.printf(
            "%-20s %7d %9.2f ms %9.2f ms %8.1f%% %9.2f%% %10s B %9s B%n",
            Arrays.toString(Arrays.copyOfRange(shape, 1, 5)),
            shape[2] * (shape[3] / 2) * (shape[4] / 2),
            bareMs,
            samplerMs,
            (samplerMs / bareMs - 1) * 100,
            median(javaShare) * 100,
            samplerAlloc / rounds,
            bareAlloc / rounds);
      }
    }
    System.out.println();
    System.out.println(
        "A/B = sampler step / (2 bare session.run) − 1, medians of alternating rounds (noisy:");
    System.out.println(
        "    two separately timed runs of the same ONNX work); in-Java = time of a sampler step");
    System.out.println(
        "    outside session.run (conversions, CFG, UniPC) / time inside it, same run.");
    System.out.println("alloc/step: JVM heap bytes allocated per step in steady state (the run's");
    System.out.println(
        "latent-sized work and solver-history buffers are allocated once, before step 2).");
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Double::compare);
    return s.get(s.size() / 2);
  }
}
