package io.previs.diffusion.sampling;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything that determines a sampling run besides the model and the text conditioning: latent
 * shape, seed, solver, schedule, expert routing and per-expert guidance. Its {@link #fingerprint()}
 * guards checkpoints against being resumed under a different plan.
 *
 * @param boundary σ·N threshold share for a two-expert model (NaN for one expert)
 * @param guidance classifier-free guidance scale per expert (1.0 skips the unconditional pass)
 * @param windows how a shot longer than the model's window is denoised ({@link ShotWindows#NONE}
 *     for a shot of one window)
 * @param variation the take this one stays close to ("more like this"), or null
 */
public record SamplePlan(
    long[] latentShape,
    long seed,
    SolverKind solver,
    FlowSchedule schedule,
    double boundary,
    double[] guidance,
    List<String> expertNames,
    ShotWindows windows,
    Variation variation) {

  /** A plan of its own noise. */
  public SamplePlan(
      long[] latentShape,
      long seed,
      SolverKind solver,
      FlowSchedule schedule,
      double boundary,
      double[] guidance,
      List<String> expertNames,
      ShotWindows windows) {
    this(latentShape, seed, solver, schedule, boundary, guidance, expertNames, windows, null);
  }

  /** A plan for a shot the model takes in one window. */
  public SamplePlan(
      long[] latentShape,
      long seed,
      SolverKind solver,
      FlowSchedule schedule,
      double boundary,
      double[] guidance,
      List<String> expertNames) {
    this(latentShape, seed, solver, schedule, boundary, guidance, expertNames, ShotWindows.NONE);
  }

  public SamplePlan {
    windows = windows == null ? ShotWindows.NONE : windows;
    if (latentShape.length != 5 || latentShape[0] != 1) {
      throw new IllegalArgumentException(
          "latent shape must be [1, C, F, H, W]: " + Arrays.toString(latentShape));
    }
    if (guidance.length != expertNames.size() || guidance.length < 1 || guidance.length > 2) {
      throw new IllegalArgumentException("need one guidance scale per expert (1 or 2 experts)");
    }
    latentShape = latentShape.clone();
    guidance = guidance.clone();
    expertNames = List.copyOf(expertNames);
  }

  public int latentSize() {
    long n = 1;
    for (long d : latentShape) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("latent too large: " + Arrays.toString(latentShape));
    }
    return (int) n;
  }

  /** The expert that runs at step i: Wan's rule, timestep ≥ boundary·N → high-noise expert 0. */
  public int expertAt(int i) {
    if (guidance.length == 1) {
      return 0;
    }
    return schedule.timesteps()[i] >= boundary * schedule.numTrainTimesteps() ? 0 : 1;
  }

  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(64);
      for (long d : latentShape) {
        md.update(buf.clear().putLong(d).flip());
      }
      md.update(buf.clear().putLong(seed).flip());
      md.update(solver.id().getBytes());
      for (double s : schedule.sigmas()) {
        md.update(buf.clear().putDouble(s).flip());
      }
      for (double t : schedule.timesteps()) {
        md.update(buf.clear().putDouble(t).flip());
      }
      md.update(buf.clear().putDouble(boundary).flip());
      for (double g : guidance) {
        md.update(buf.clear().putDouble(g).flip());
      }
      md.update(String.join("\u0000", expertNames).getBytes());
      if (windows.windowed()) {
        // (a plan of one window keeps the fingerprint it always had: old checkpoints resume)
        md.update(buf.clear().putInt(windows.window()).putInt(windows.overlap()).flip());
      }
      if (variation != null) {
        // (a plan of its own noise keeps the fingerprint it always had)
        md.update(
            buf.clear().putLong(variation.chosenSeed()).putDouble(variation.strength()).flip());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
