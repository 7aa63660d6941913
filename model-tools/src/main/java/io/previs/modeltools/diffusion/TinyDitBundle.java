package io.previs.modeltools.diffusion;

import ai.onnx.proto.OnnxMl.ModelProto;
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
 * Generates the tiny DiT bundle: a Wan-shaped two-expert transformer denoiser with deterministic
 * pseudo-random weights. It runs the operators a real exported Wan expert runs (3-D patch
 * embedding, sinusoidal timestep embedding with AdaLN shift/scale/gate modulation, self-attention
 * over all space-time tokens, cross-attention to the text context, GELU MLP, unpatchify), plus a
 * one-layer transformer text encoder and a small convolutional causal VAE decoder. Its output is
 * not meant to look like anything; it exists to measure sampler overhead and to exercise external
 * data files.
 */
public final class TinyDitBundle {

  public record Params(
      String id,
      long seed,
      int latentChannels,
      int modelDim,
      int heads,
      int layers,
      int textDim,
      int externalDataThreshold) {

    public static Params defaults() {
      return new Params("previs-tiny-dit", 7L, 16, 128, 4, 2, 64, 16 * 1024);
    }
  }

  private TinyDitBundle() {}

  public static ModelBundle generate(Path dir, Params p) {
    try {
      Files.createDirectories(dir);
      TokenizerGenerator.write(dir.resolve("tokenizer.json"));
      int vocab = TokenizerGenerator.vocabulary().size();
      OnnxModelWriter.writeWithExternalData(
          textEncoder(new Weights(p.seed()), vocab, p),
          dir.resolve("text_encoder.onnx"),
          p.externalDataThreshold());
      OnnxModelWriter.writeWithExternalData(
          dit(new Weights(p.seed() + 100), p, "high_noise"),
          dir.resolve("high_noise.onnx"),
          p.externalDataThreshold());
      OnnxModelWriter.writeWithExternalData(
          dit(new Weights(p.seed() + 200), p, "low_noise"),
          dir.resolve("low_noise.onnx"),
          p.externalDataThreshold());
      OnnxModelWriter.writeWithExternalData(
          vae(new Weights(p.seed() + 300), p),
          dir.resolve("vae_decoder.onnx"),
          p.externalDataThreshold());
      BundleLoader.writeManifest(dir, manifest(p));
      return BundleLoader.load(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tiny DiT bundle to " + dir, e);
    }
  }

  static BundleManifest manifest(Params p) {
    return new BundleManifest(
        BundleManifest.FORMAT_VERSION,
        p.id(),
        "1.0.0",
        "Tiny Wan-shaped DiT (two experts, random weights) for overhead and GPU measurements",
        new BundleManifest.Tokenizer("tokenizer.json", 512, false),
        new BundleManifest.TextEncoder(
            "text_encoder.onnx", "input_ids", "attention_mask", "context", p.textDim(), "float32"),
        new BundleManifest.Denoiser(
            p.latentChannels(),
            List.of(1, 2, 2),
            "float32",
            "latent",
            "timestep",
            "context",
            "velocity",
            "float32",
            0.875,
            List.of(
                new BundleManifest.Expert("high_noise", "high_noise.onnx", 4.0),
                new BundleManifest.Expert("low_noise", "low_noise.onnx", 3.0))),
        new BundleManifest.Vae(
            "vae_decoder.onnx", "latent", "frames", "float32", p.latentChannels(), 4, 8, 1),
        new BundleManifest.Scheduler("unipc", 40, 12.0, 1000, "floor"),
        new BundleManifest.Video(
            List.of("256x256", "384x256", "256x384", "512x320", "128x128"), 5, 33, 16, ""),
        Map.of(
            "kind", "tiny-dit", "modelDim", p.modelDim(), "layers", p.layers(), "seed", p.seed()),
        null);
  }

  static ModelProto textEncoder(Weights w, int vocab, Params p) {
    GraphBuilder g = new GraphBuilder("tiny_text_encoder", ElementType.FLOAT32);
    Ops o = new Ops(g);
    Layers l = new Layers(o, w);
    int d = p.textDim();
    Value ids = g.input("input_ids", ElementType.INT64, 1, "tokens");
    Value mask = g.input("attention_mask", ElementType.INT64, 1, "tokens");
    Value x = o.gather(g.constant("embedding", w.normal(vocab * d, 1.0), vocab, d), ids, 0);
    Value positions = o.toFloat(o.range(o.dim(ids, 1)));
    x = o.add(x, o.unsqueeze(l.sinusoidal(positions, d), 0));
    Value keyBias =
        o.reshape(o.mul(o.sub(g.scalar(1.0), o.toFloat(mask)), g.scalar(-1e4)), 1, 1, 1, -1);
    Value h = l.norm("ln1", x, d);
    x = o.add(x, l.attention("self", h, d, h, d, d, 4, keyBias));
    x = o.add(x, l.mlp("mlp", l.norm("ln2", x, d), d, 4 * d));
    g.output(l.norm("ln_out", x, d), "context", ElementType.FLOAT32, 1, "tokens", d);
    return g.build("previs-tiny-dit", Map.of("previs.role", "text_encoder"));
  }

  static ModelProto dit(Weights w, Params p, String expert) {
    GraphBuilder g = new GraphBuilder("tiny_dit_" + expert, ElementType.FLOAT32);
    Ops o = new Ops(g);
    Layers l = new Layers(o, w);
    int c = p.latentChannels();
    int dm = p.modelDim();
    Value latent = g.input("latent", ElementType.FLOAT32, 1, c, "frames", "height", "width");
    Value timestep = g.input("timestep", ElementType.FLOAT32, 1);
    Value context = g.input("context", ElementType.FLOAT32, 1, "tokens", p.textDim());

    // 3-D patch embedding, kernel = stride = (1, 2, 2).
    Value patchW =
        g.constant("patch.w", w.normal(dm * c * 4, 1.0 / Math.sqrt(c * 4)), dm, c, 1, 2, 2);
    Value tokens =
        o.conv(
            latent,
            patchW,
            l.bias("patch.b", dm, 0.02),
            new long[] {1, 2, 2},
            new long[] {1, 2, 2},
            new long[] {0, 0, 0, 0, 0, 0});
    Value fp = o.dim(tokens, 2);
    Value hp = o.dim(tokens, 3);
    Value wp = o.dim(tokens, 4);
    Value x = o.transpose(o.reshape(tokens, 1, dm, -1), 0, 2, 1); // [1, N, dm]
    Value n = o.dim(x, 1);
    x = o.add(x, o.unsqueeze(l.sinusoidal(o.toFloat(o.range(n)), dm), 0));

    // Timestep embedding → AdaLN modulation (shift, scale, gate) per block.
    Value temb = l.sinusoidal(timestep, dm); // [1, dm]
    temb = l.linear("time.fc2", o.silu(l.linear("time.fc1", temb, dm, dm)), dm, dm);
    Value act = o.silu(temb);
    for (int b = 0; b < p.layers(); b++) {
      String name = "block" + b;
      Value[] mod = o.split(o.reshape(l.linear(name + ".mod", act, dm, 6 * dm), 1, 6, dm), 1, 6);
      Value h = modulate(o, l.norm(name + ".ln1", x, dm), mod[0], mod[1]);
      x = o.add(x, o.mul(mod[2], l.attention(name + ".self", h, dm, h, dm, dm, p.heads(), null)));
      Value hc = l.norm(name + ".ln2", x, dm);
      x = o.add(x, l.attention(name + ".cross", hc, dm, context, p.textDim(), dm, p.heads(), null));
      Value hm = modulate(o, l.norm(name + ".ln3", x, dm), mod[3], mod[4]);
      x = o.add(x, o.mul(mod[5], l.mlp(name + ".mlp", hm, dm, 4 * dm)));
    }
    Value[] fin = o.split(o.reshape(l.linear("final.mod", act, dm, 2 * dm), 1, 2, dm), 1, 2);
    Value out =
        l.linear("final.proj", modulate(o, l.norm("final.ln", x, dm), fin[0], fin[1]), dm, c * 4);
    // Unpatchify [1, N, c·2·2] → [1, c, F, H, W].
    Value grid = o.reshape(out, o.concat(0, g.longs(1), fp, hp, wp, g.longs(c, 2, 2)));
    Value v = o.reshape(o.transpose(grid, 0, 4, 1, 2, 5, 3, 6), o.shape(latent));
    g.output(v, "velocity", ElementType.FLOAT32, 1, c, "frames", "height", "width");
    return g.build("previs-tiny-dit", Map.of("previs.role", "denoiser", "previs.expert", expert));
  }

  private static Value modulate(Ops o, Value x, Value shift, Value scale) {
    return o.add(o.mul(x, o.add(scale, o.graph().scalar(1.0))), shift);
  }

  static ModelProto vae(Weights w, Params p) {
    GraphBuilder g = new GraphBuilder("tiny_vae_decoder", ElementType.FLOAT32);
    Ops o = new Ops(g);
    Layers l = new Layers(o, w);
    int c = p.latentChannels();
    Value z =
        g.input(
            "latent", ElementType.FLOAT32, 1, c, "latent_frames", "latent_height", "latent_width");
    Value x = l.framesFirst(l.causalTemporalUpsample(z, 4));
    int[] widths = {32, 16, 8};
    int in = c;
    for (int i = 0; i < widths.length; i++) {
      x = o.silu(l.conv2d("up" + i, x, in, widths[i], 3));
      x = o.resizeLinear(x, 1, 1, 2, 2);
      in = widths[i];
    }
    x = o.tanh(l.conv2d("to_rgb", x, in, 3, 3));
    g.output(l.channelsFirst(x), "frames", ElementType.FLOAT32, 1, 3, "frames", "height", "width");
    return g.build("previs-tiny-dit", Map.of("previs.role", "vae_decoder"));
  }
}
