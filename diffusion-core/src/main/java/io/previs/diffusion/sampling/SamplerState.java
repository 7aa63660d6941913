package io.previs.diffusion.sampling;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;

/**
 * The complete, resumable state of a sampling run: latent, next step, solver history and the noise
 * generator position. A checkpoint ("PVCK" v1) is these bytes plus the fingerprints of the plan and
 * of the conditioning, closed by a CRC32; resuming from it continues bit-identically.
 */
public final class SamplerState {

  private static final int MAGIC = 0x5056434B; // "PVCK"
  private static final int VERSION = 1;

  private final SamplePlan plan;
  private final double[] latent;
  private final Solver solver;
  private int nextStep;
  private long noiseDrawn;

  SamplerState(SamplePlan plan, double[] latent, Solver solver, int nextStep, long noiseDrawn) {
    this.plan = plan;
    this.latent = latent;
    this.solver = solver;
    this.nextStep = nextStep;
    this.noiseDrawn = noiseDrawn;
  }

  public SamplePlan plan() {
    return plan;
  }

  /** The live latent: the final sample once {@link #isDone()}. */
  public double[] latent() {
    return latent;
  }

  public int nextStep() {
    return nextStep;
  }

  public boolean isDone() {
    return nextStep >= plan.schedule().steps();
  }

  Solver solver() {
    return solver;
  }

  void advance() {
    nextStep++;
  }

  /**
   * Noise elements drawn so far from the seed's streams: the RNG "state" of a counter-based RNG.
   */
  public long noiseDrawn() {
    return noiseDrawn;
  }

  public byte[] checkpoint(String conditioningFingerprint) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + latent.length * 8 * 4);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(plan.fingerprint());
      out.writeUTF(conditioningFingerprint);
      out.writeUTF(plan.solver().id());
      out.writeInt(nextStep);
      out.writeLong(plan.seed());
      out.writeLong(noiseDrawn);
      ArrayIo.writeDoubles(out, latent);
      solver.save(out);
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rebuilds a state from a checkpoint.
   *
   * @throws IllegalArgumentException when the bytes are corrupt or were taken under another plan or
   *     another conditioning
   */
  public static SamplerState restore(
      SamplePlan plan, byte[] checkpoint, String conditioningFingerprint) {
    if (checkpoint.length < 16) {
      throw new IllegalArgumentException("checkpoint too short: " + checkpoint.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(checkpoint, 0, checkpoint.length - 8);
    long stored = java.nio.ByteBuffer.wrap(checkpoint, checkpoint.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new IllegalArgumentException("checkpoint is corrupt (CRC mismatch)");
    }
    try {
      DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(checkpoint, 0, checkpoint.length - 8));
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a Previs sampler checkpoint");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("unsupported checkpoint version " + version);
      }
      String planFp = in.readUTF();
      if (!planFp.equals(plan.fingerprint())) {
        throw new IllegalArgumentException("checkpoint was taken under a different sample plan");
      }
      String condFp = in.readUTF();
      if (!condFp.equals(conditioningFingerprint)) {
        throw new IllegalArgumentException(
            "checkpoint was taken under different text conditioning");
      }
      String solverId = in.readUTF();
      if (!solverId.equals(plan.solver().id())) {
        throw new IllegalArgumentException("checkpoint solver " + solverId + " ≠ " + plan.solver());
      }
      int nextStep = in.readInt();
      in.readLong(); // seed, already covered by the plan fingerprint
      long noiseDrawn = in.readLong();
      double[] latent = ArrayIo.readDoubles(in, plan.latentSize());
      Solver solver = Solver.create(plan.solver(), plan.schedule(), plan.latentSize());
      solver.restore(in);
      if (nextStep < 0 || nextStep > plan.schedule().steps()) {
        throw new IllegalArgumentException("checkpoint step " + nextStep + " outside the schedule");
      }
      return new SamplerState(plan, latent, solver, nextStep, noiseDrawn);
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpoint is truncated: " + e.getMessage(), e);
    }
  }
}
