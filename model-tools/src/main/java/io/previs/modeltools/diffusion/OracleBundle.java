package io.previs.modeltools.diffusion;

import io.previs.diffusion.bundle.BundleLoader;
import io.previs.diffusion.bundle.BundleManifest;
import io.previs.diffusion.bundle.ModelBundle;
import io.previs.onnxkit.graph.ElementType;
import io.previs.onnxkit.graph.GraphBuilder;
import io.previs.onnxkit.graph.GraphBuilder.Value;
import io.previs.onnxkit.graph.OnnxModelWriter;
import io.previs.onnxkit.graph.Ops;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Generates the oracle bundle: a denoiser that is the exact flow-matching velocity for Gaussian
 * data x0 ~ N(μ(c), s²·I), so that the whole sampler has a closed-form answer to be tested against.
 *
 * <p>With x_σ = (1 − σ)·x0 + σ·ε, x_σ is Gaussian with mean (1 − σ)·μ and variance S²(σ) = (1 −
 * σ)²·s² + σ², and the exact velocity E[ε − x0 | x_σ] is
 *
 * <pre>v(x, σ) = a(σ)·(x − (1 − σ)·μ) − μ,   a(σ) = (σ − (1 − σ)·s²) / S²(σ).</pre>
 *
 * The probability-flow ODE dx/dσ = v is solved by x(σ) = (1 − σ)·μ + S(σ)·z with z constant, so
 * from x(σ0) = ε the exact sample is x(0) = μ + s·(ε − (1 − σ0)·μ)/S(σ0). Guidance v_u + g·(v_c −
 * v_u) is the same field with μ_g = μ_u + g·(μ_c − μ_u), because a(σ) does not depend on μ.
 *
 * <p>μ(c) is a latent video built in-graph from the pooled, RMS-normalised text context: a
 * sky/ground background split at a horizon, three soft blobs gliding across the frame, and two
 * travelling waves, each with prompt-dependent colour, position and velocity, so the decoded MP4
 * shows a moving scene that changes with the prompt. At σ = 1 (timestep N) and x = 0 the velocity
 * is −μ, which is how tests read μ back out of the model.
 *
 * <p>The VAE decoder blurs the latent 3×3, maps its channels to RGB with a fixed 1×1 mix, upsamples
 * spatially (bilinear, stride 8) and temporally (causal linear interpolation, stride 4) and
 * squashes with tanh.
 */
public final class OracleBundle {

  /**
   * Bumped when what the generator writes changes, so an installed bundle of an older version is
   * made again. 2: the window's place in the shot (frame_offset, shot_frames) and Wan's 81-frame
   * window.
   */
  public static final int VERSION = 2;

  static final int BLOBS = 3;
  static final int WAVES = 2;

  /**
   * @param dataStd s, the data standard deviation around μ(c)
   * @param denoiserType float64 for convergence tests (no float32 noise floor), float32 otherwise
   */
  public record Params(
      String id,
      long seed,
      double dataStd,
      ElementType denoiserType,
      int latentChannels,
      int contextDim,
      int temporalStride,
      int spatialStride,
      boolean twoExperts,
      double highNoiseGuidance,
      double lowNoiseGuidance,
      String solver,
      int steps,
      double shift,
      List<String> sizes,
      int minFrames,
      int maxFrames,
      int fps) {

    /**
     * Wan2.2-T2V-A14B's shape of things: 16 latent channels, strides 4/8, 40 UniPC steps, shift 12.
     */
    public static Params defaults() {
      return new Params(
          "previs-oracle",
          2026L,
          0.2,
          ElementType.FLOAT64,
          16,
          64,
          4,
          8,
          true,
          4.0,
          3.0,
          "unipc",
          40,
          12.0,
          List.of(
              "1280x720",
              "720x1280",
              "960x544",
              "544x960",
              "832x480",
              "480x832",
              "640x352",
              "512x512",
              "256x256",
              "320x192"),
          5,
          81, // Wan2.2's window: 5 s at 16 fps; longer shots are denoised in windows
          16);
    }

    public Params withDataStd(double s) {
      return new Params(
          id,
          seed,
          s,
          denoiserType,
          latentChannels,
          contextDim,
          temporalStride,
          spatialStride,
          twoExperts,
          highNoiseGuidance,
          lowNoiseGuidance,
          solver,
          steps,
          shift,
          sizes,
          minFrames,
          maxFrames,
          fps);
    }

    public Params withGuidance(double high, double low) {
      return new Params(
          id,
          seed,
          dataStd,
          denoiserType,
          latentChannels,
          contextDim,
          temporalStride,
          spatialStride,
          twoExperts,
          high,
          low,
          solver,
          steps,
          shift,
          sizes,
          minFrames,
          maxFrames,
          fps);
    }
  }

  private OracleBundle() {}

  public static ModelBundle generate(Path dir, Params p) {
    try {
      Files.createDirectories(dir);
      TokenizerGenerator.write(dir.resolve("tokenizer.json"));
      int vocab = TokenizerGenerator.vocabulary().size();
      Weights w = new Weights(p.seed());
      OnnxModelWriter.write(
          textEncoder(w, vocab, p.contextDim()), dir.resolve("text_encoder.onnx"));
      var denoiser = denoiser(new Weights(p.seed() + 1), p);
      OnnxModelWriter.write(denoiser, dir.resolve("high_noise.onnx"));
      if (p.twoExperts()) {
        OnnxModelWriter.write(denoiser, dir.resolve("low_noise.onnx"));
      }
      OnnxModelWriter.write(vae(new Weights(p.seed() + 2), p), dir.resolve("vae_decoder.onnx"));
      BundleLoader.writeManifest(dir, manifest(p));
      return BundleLoader.load(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write oracle bundle to " + dir, e);
    }
  }

  static BundleManifest manifest(Params p) {
    String dtype = p.denoiserType().manifestName();
    List<BundleManifest.Expert> experts =
        p.twoExperts()
            ? List.of(
                new BundleManifest.Expert("high_noise", "high_noise.onnx", p.highNoiseGuidance()),
                new BundleManifest.Expert("low_noise", "low_noise.onnx", p.lowNoiseGuidance()))
            : List.of(
                new BundleManifest.Expert("oracle", "high_noise.onnx", p.highNoiseGuidance()));
    return new BundleManifest(
        BundleManifest.FORMAT_VERSION,
        p.id(),
        "1.0.0",
        "Closed-form flow-matching oracle: exact velocity for x0 ~ N(mu(c), s^2 I)",
        new BundleManifest.Tokenizer("tokenizer.json", 512, false),
        new BundleManifest.TextEncoder(
            "text_encoder.onnx",
            "input_ids",
            "attention_mask",
            "context",
            p.contextDim(),
            "float32"),
        new BundleManifest.Denoiser(
            p.latentChannels(),
            List.of(1, 2, 2),
            dtype,
            "latent",
            "timestep",
            "context",
            "velocity",
            dtype,
            p.twoExperts() ? 0.875 : null,
            experts),
        new BundleManifest.Vae(
            "vae_decoder.onnx",
            "latent",
            "frames",
            "float32",
            p.latentChannels(),
            p.temporalStride(),
            p.spatialStride(),
            1),
        new BundleManifest.Scheduler(p.solver(), p.steps(), p.shift(), 1000, "none"),
        new BundleManifest.Video(
            p.sizes(),
            p.minFrames(),
            p.maxFrames(),
            p.fps(),
            "blurry, low quality, distorted, static, overexposed, watermark, text"),
        Map.of("kind", "oracle", "dataStd", p.dataStd(), "seed", p.seed(), "version", VERSION),
        null);
  }

  /** ids → embedding lookup, zeroed where the mask is 0: a bag of token vectors. */
  static ai.onnx.proto.OnnxMl.ModelProto textEncoder(Weights w, int vocab, int dim) {
    GraphBuilder g = new GraphBuilder("oracle_text_encoder", ElementType.FLOAT32);
    Ops o = new Ops(g);
    Value ids = g.input("input_ids", ElementType.INT64, 1, "tokens");
    Value mask = g.input("attention_mask", ElementType.INT64, 1, "tokens");
    Value table = g.constant("embedding", w.normal(vocab * dim, 1.0), vocab, dim);
    Value emb = o.gather(table, ids, 0);
    Value m = o.unsqueeze(o.toFloat(mask), 2);
    g.output(o.mul(emb, m), "context", ElementType.FLOAT32, 1, "tokens", dim);
    return g.build("previs-oracle", Map.of("previs.role", "text_encoder"));
  }

  static ai.onnx.proto.OnnxMl.ModelProto denoiser(Weights w, Params p) {
    ElementType t = p.denoiserType();
    GraphBuilder g = new GraphBuilder("oracle_denoiser", t);
    Ops o = new Ops(g);
    int c = p.latentChannels();
    Value x = g.input("latent", t, 1, c, "frames", "height", "width");
    Value timestep = g.input("timestep", t, 1);
    Value context = g.input("context", t, 1, "tokens", p.contextDim());
    // The window's place in a longer shot (latent frames): the field moves with time across the
    // whole shot, so a window's exact velocity is the shot's, restricted to the window.
    Value offset = g.input("frame_offset", t, 1);
    Value shot = g.input("shot_frames", t, 1);
    Value mu = meanField(o, new Layers(o, w), w, context, x, offset, shot, p);
    double s2 = p.dataStd() * p.dataStd();
    Value sigma = o.div(timestep, g.scalar(1000.0));
    Value om = o.sub(g.scalar(1.0), sigma);
    Value var = o.add(o.mul(o.mul(om, om), g.scalar(s2)), o.mul(sigma, sigma));
    Value a = o.div(o.sub(sigma, o.mul(om, g.scalar(s2))), var);
    Value v = o.sub(o.mul(a, o.sub(x, o.mul(om, mu))), mu);
    g.output(v, "velocity", t, 1, c, "frames", "height", "width");
    return g.build(
        "previs-oracle",
        Map.of("previs.role", "denoiser", "previs.dataStd", Double.toString(p.dataStd())));
  }

  /** μ(c) with the latent's shape; see the class comment for what it draws. */
  private static Value meanField(
      Ops o,
      Layers l,
      Weights w,
      Value context,
      Value latent,
      Value frameOffset,
      Value shotFrames,
      Params p) {
    GraphBuilder g = o.graph();
    int d = p.contextDim();
    int c = p.latentChannels();
    Value pooled = o.reduceMean(context, new long[] {1}, false);
    Value rms =
        o.sqrt(o.add(o.reduceMean(o.mul(pooled, pooled), new long[] {1}, true), g.scalar(1e-6)));
    Value pn = o.div(pooled, rms);
    java.util.function.BiFunction<String, Integer, Value> param =
        (name, n) -> o.tanh(o.matMul(pn, g.constant(name, w.matrix(d, n, 1.0), d, n)));

    Value f = o.dim(latent, 2);
    Value h = o.dim(latent, 3);
    Value wd = o.dim(latent, 4);
    Value hf = o.toFloat(h);
    Value wf = o.toFloat(wd);
    Value half = g.scalar(0.5);
    // Time runs 0..1 over a clip of the model's window or shorter (a clip of its own: offset 0,
    // shot = F), and on at that pace over a longer shot, where the blobs bounce off the frame's
    // edges (a triangle wave: the same straight path as before within the first window).
    int window = (p.maxFrames() - 1) / p.temporalStride() + 1;
    Value pace =
        o.max(
            o.sub(g.op("Min", shotFrames, g.scalar((double) window)), g.scalar(1.0)),
            g.scalar(1.0));
    Value tt = o.div(o.add(o.toFloat(o.range(f)), frameOffset), pace);
    Value t4 = o.unsqueeze(o.sub(tt, half), 0, 2, 3); // [1, F, 1, 1], centred on the clip's middle
    Value p2 = o.add(t4, half);
    Value q = o.sub(p2, o.mul(g.scalar(2.0), g.op("Floor", o.div(p2, g.scalar(2.0)))));
    Value bounce = o.sub(half, g.op("Abs", o.sub(q, g.scalar(1.0))));
    Value yn = o.unsqueeze(o.div(o.add(o.toFloat(o.range(h)), half), hf), 0, 1, 3); // [1,1,H,1]
    Value xn = o.unsqueeze(o.div(o.add(o.toFloat(o.range(wd)), half), wf), 0, 1, 2); // [1,1,1,W]
    Value aspect = o.div(wf, hf);

    // Blobs, in height units so they stay round on 16:9 frames.
    java.util.function.Function<Value, Value> k4 = v -> o.reshape(v, BLOBS, 1, 1, 1);
    Value cx0 = k4.apply(o.add(half, o.mul(param.apply("blob.cx", BLOBS), g.scalar(0.3))));
    Value cy0 = k4.apply(o.add(half, o.mul(param.apply("blob.cy", BLOBS), g.scalar(0.25))));
    Value vx = k4.apply(o.mul(param.apply("blob.vx", BLOBS), g.scalar(0.45)));
    Value vy = k4.apply(o.mul(param.apply("blob.vy", BLOBS), g.scalar(0.15)));
    Value r = k4.apply(o.add(g.scalar(0.13), o.mul(param.apply("blob.r", BLOBS), g.scalar(0.05))));
    Value cx = o.mul(o.add(cx0, o.mul(vx, bounce)), aspect);
    Value cy = o.add(cy0, o.mul(vy, bounce));
    Value dx = o.sub(o.mul(xn, aspect), cx);
    Value dy = o.sub(yn, cy);
    Value d2 = o.add(o.mul(dx, dx), o.mul(dy, dy));
    Value blobs = o.exp(o.neg(o.div(d2, o.mul(g.scalar(2.0), o.mul(r, r)))));

    java.util.function.Function<Value, Value> m4 = v -> o.reshape(v, WAVES, 1, 1, 1);
    Value kx = m4.apply(o.mul(param.apply("wave.kx", WAVES), g.scalar(2.5)));
    Value ky = m4.apply(o.mul(param.apply("wave.ky", WAVES), g.scalar(1.5)));
    Value omega = m4.apply(o.mul(param.apply("wave.omega", WAVES), g.scalar(1.5)));
    Value phase = m4.apply(o.mul(param.apply("wave.phase", WAVES), g.scalar(Math.PI)));
    Value arg = o.sub(o.add(o.mul(kx, xn), o.mul(ky, yn)), o.mul(omega, t4));
    Value waves = o.sin(o.add(o.mul(arg, g.scalar(2 * Math.PI)), phase));

    Value horizon =
        o.reshape(o.add(half, o.mul(param.apply("horizon", 1), g.scalar(0.2))), 1, 1, 1, 1);
    Value ground = o.sigmoid(o.div(o.sub(yn, horizon), g.scalar(0.04)));
    Value full = o.concat(0, g.longs(1), f, h, wd);
    Value groundField = g.op("Expand", ground, full);
    Value skyField = g.op("Expand", o.sub(g.scalar(1.0), ground), full);

    Value fields = o.concat(0, blobs, waves, skyField, groundField);
    int nf = BLOBS + WAVES + 2;
    Value flat = o.reshape(fields, nf, -1);
    Value amps =
        o.concat(
            0,
            o.reshape(param.apply("blob.color", BLOBS * c), BLOBS, c),
            o.reshape(o.mul(param.apply("wave.color", WAVES * c), g.scalar(0.3)), WAVES, c),
            o.mul(param.apply("sky.color", c), g.scalar(0.6)),
            o.mul(param.apply("ground.color", c), g.scalar(0.6)));
    Value mu = o.matMul(o.transpose(amps, 1, 0), flat);
    return o.reshape(mu, o.shape(latent));
  }

  static ai.onnx.proto.OnnxMl.ModelProto vae(Weights w, Params p) {
    GraphBuilder g = new GraphBuilder("oracle_vae_decoder", ElementType.FLOAT32);
    Ops o = new Ops(g);
    Layers l = new Layers(o, w);
    int c = p.latentChannels();
    Value z =
        g.input(
            "latent", ElementType.FLOAT32, 1, c, "latent_frames", "latent_height", "latent_width");
    Value frames = l.framesFirst(l.causalTemporalUpsample(z, p.temporalStride()));
    Value blurred =
        g.op(
            "AveragePool",
            Map.of(
                "kernel_shape",
                new long[] {3, 3},
                "pads",
                new long[] {1, 1, 1, 1},
                "strides",
                new long[] {1, 1},
                "count_include_pad",
                0),
            frames);
    // Channels 0..2 carry RGB; the rest leak in faintly. The 0.5 gain keeps guided means (which CFG
    // extrapolates well past the data) out of tanh saturation.
    double[] mix = w.normal(3 * c, 0.04);
    for (int k = 0; k < 3; k++) {
      mix[k * c + k] = 0.5;
    }
    Value rgb =
        o.conv(
            blurred,
            g.constant("mix", mix, 3, c, 1, 1),
            g.constant("mix.b", new double[3], 3),
            new long[] {1, 1},
            new long[] {1, 1},
            new long[] {0, 0, 0, 0});
    int s = p.spatialStride();
    Value up = o.resizeLinear(rgb, 1, 1, s, s);
    g.output(
        l.channelsFirst(o.tanh(up)),
        "frames",
        ElementType.FLOAT32,
        1,
        3,
        "frames",
        "height",
        "width");
    return g.build("previs-oracle", Map.of("previs.role", "vae_decoder"));
  }
}
