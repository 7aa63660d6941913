package io.previs.modeltools.diffusion;

import io.previs.onnxkit.graph.GraphBuilder;
import io.previs.onnxkit.graph.GraphBuilder.Value;
import io.previs.onnxkit.graph.Ops;

/**
 * Transformer and VAE building blocks shared by the generated models, written as ONNX subgraphs
 * with deterministic weights.
 */
final class Layers {

  private final Ops o;
  private final GraphBuilder g;
  private final Weights w;

  Layers(Ops ops, Weights weights) {
    this.o = ops;
    this.g = ops.graph();
    this.w = weights;
  }

  Value weight(String name, int in, int out, double gain) {
    return g.constant(name, w.matrix(in, out, gain), in, out);
  }

  Value bias(String name, int n, double std) {
    return g.constant(name, w.normal(n, std), n);
  }

  Value linear(String name, Value x, int in, int out) {
    return o.linear(x, weight(name + ".w", in, out, 1.0), bias(name + ".b", out, 0.02));
  }

  /** LayerNorm without affine parameters (DiT blocks modulate instead). */
  Value norm(String name, Value x, int dim) {
    return o.layerNorm(
        x,
        g.constant(name + ".g", Weights.fill(dim, 1.0), dim),
        g.constant(name + ".beta", Weights.fill(dim, 0.0), dim));
  }

  /**
   * Multi-head attention of queries q [1, Lq, dq] over keys/values kv [1, Lk, dk]; {@code bias} is
   * added to the scores (a key mask), may be null.
   */
  Value attention(String name, Value q, int dq, Value kv, int dk, int dim, int heads, Value bias) {
    int dh = dim / heads;
    Value qh =
        o.transpose(o.reshape(linear(name + ".q", q, dq, dim), 1, -1, heads, dh), 0, 2, 1, 3);
    Value kh =
        o.transpose(o.reshape(linear(name + ".k", kv, dk, dim), 1, -1, heads, dh), 0, 2, 3, 1);
    Value vh =
        o.transpose(o.reshape(linear(name + ".v", kv, dk, dim), 1, -1, heads, dh), 0, 2, 1, 3);
    Value scores = o.mul(o.matMul(qh, kh), g.scalar(1.0 / Math.sqrt(dh)));
    if (bias != null) {
      scores = o.add(scores, bias);
    }
    Value attn = o.matMul(o.softmax(scores, -1), vh);
    Value merged = o.reshape(o.transpose(attn, 0, 2, 1, 3), 1, -1, dim);
    return linear(name + ".o", merged, dim, dim);
  }

  Value mlp(String name, Value x, int dim, int hidden) {
    return linear(name + ".fc2", o.gelu(linear(name + ".fc1", x, dim, hidden)), hidden, dim);
  }

  /**
   * Sinusoidal embedding of positions p (rank-1, float) → [len(p), dim]: [sin(p·f), cos(p·f)] with
   * f_k = 10000^(−k/(dim/2)), as in Transformer and Wan's timestep embedding.
   */
  Value sinusoidal(Value positions, int dim) {
    int half = dim / 2;
    double[] freqs = new double[half];
    for (int k = 0; k < half; k++) {
      freqs[k] = Math.pow(10000.0, -k / (double) half);
    }
    Value f = g.constant("sin.freqs", freqs, 1, half);
    Value args = o.mul(o.unsqueeze(positions, 1), f);
    return o.concat(1, o.sin(args), o.cos(args));
  }

  /**
   * Causal temporal upsampling of a latent [1, C, F, h, w] to [1, C, 1 + s·(F−1), h, w]: frame 0
   * from latent 0, then for each later latent j the s frames lerp(z_{j−1}, z_j, k/s), k = 1..s.
   * Each output frame depends only on its own and the previous latent frame, which is what makes
   * chunked decoding with one frame of context exact.
   */
  Value causalTemporalUpsample(Value z, int stride) {
    Value c = o.dim(z, 1);
    Value f = o.dim(z, 2);
    Value h = o.dim(z, 3);
    Value wd = o.dim(z, 4);
    Value one = g.longs(1);
    Value fm1 = o.sub(f, one);
    Value first = o.slice(z, new long[] {0}, new long[] {1}, new long[] {2});
    Value axes = g.longs(2);
    Value prev = o.slice(z, g.longs(0), fm1, axes);
    Value next = o.slice(z, one, f, axes);
    Value diff = o.sub(next, prev);
    Value[] parts = new Value[stride];
    for (int k = 1; k <= stride; k++) {
      Value lerp = o.add(prev, o.mul(diff, g.scalar(k / (double) stride)));
      parts[k - 1] = o.unsqueeze(lerp, 3);
    }
    Value stacked = o.concat(3, parts);
    Value expanded = o.reshape(stacked, o.concat(0, one, c, o.mul(fm1, g.longs(stride)), h, wd));
    return o.concat(2, first, expanded);
  }

  /** [1, C, T, h, w] → [T, C, h, w] so that 2-D convolutions and resizes run per frame. */
  Value framesFirst(Value x) {
    return o.transpose(o.squeeze(x, 0), 1, 0, 2, 3);
  }

  /** [T, 3, H, W] → [1, 3, T, H, W]. */
  Value channelsFirst(Value x) {
    return o.unsqueeze(o.transpose(x, 1, 0, 2, 3), 0);
  }

  Value conv2d(String name, Value x, int in, int out, int kernel) {
    Value wt =
        g.constant(
            name + ".w",
            w.normal(out * in * kernel * kernel, 1.0 / Math.sqrt(in * kernel * kernel)),
            out,
            in,
            kernel,
            kernel);
    Value b = g.constant(name + ".b", w.normal(out, 0.02), out);
    long pad = kernel / 2;
    return o.conv(
        x, wt, b, new long[] {kernel, kernel}, new long[] {1, 1}, new long[] {pad, pad, pad, pad});
  }
}
