package io.previs.worker.render;

import io.previs.diffusion.sampling.SamplePlan;
import io.previs.diffusion.sampling.SamplerState;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard's checkpoint object: the sampler's bit-exact state, wrapped with what the shard has cost
 * up to that step ({@link Billed}), so the worker that resumes it bills the earlier attempts' steps
 * once — and never the steps a lost worker ran past its last checkpoint, which it runs again.
 *
 * <p>Layout: {@code "PVSC"}, format 1, device nanos (long), model runs (long), steps (int), then
 * the sampler checkpoint. An object without the magic is a sampler checkpoint from before billing
 * (a rolling upgrade): it resumes with nothing billed.
 */
final class ShardCheckpoints {

  private static final Logger log = LoggerFactory.getLogger(ShardCheckpoints.class);
  private static final byte[] MAGIC = {'P', 'V', 'S', 'C'};
  private static final int FORMAT = 1;
  private static final int HEADER = MAGIC.length + 4 + 8 + 8 + 4;

  /** What the shard cost up to a checkpoint. */
  record Billed(long deviceNanos, long modelRuns, int steps) {
    static final Billed NOTHING = new Billed(0, 0, 0);

    Billed plus(long nanos, long runs, int moreSteps) {
      return new Billed(deviceNanos + nanos, modelRuns + runs, steps + moreSteps);
    }
  }

  record Resumed(SamplerState state, Billed billed) {}

  private final ObjectStore store;

  ShardCheckpoints(ObjectStore store) {
    this.store = store;
  }

  /** The shard's last checkpoint, or null when there is none (or it cannot be used). */
  Resumed resume(SamplePlan plan, String key, String conditioning) {
    if (!store.exists(key)) {
      return null;
    }
    try {
      byte[] bytes = store.get(key);
      Billed billed = Billed.NOTHING;
      byte[] sampler = bytes;
      if (bytes.length >= HEADER && Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(MAGIC.length);
        int format = b.getInt();
        if (format != FORMAT) {
          throw new IllegalArgumentException("unknown shard checkpoint format " + format);
        }
        billed = new Billed(b.getLong(), b.getLong(), b.getInt());
        sampler = Arrays.copyOfRange(bytes, HEADER, bytes.length);
      }
      SamplerState s = SamplerState.restore(plan, sampler, conditioning);
      log.info("Resuming from checkpoint at step {}", s.nextStep());
      return new Resumed(s, billed);
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring unusable checkpoint {}: {}", key, e.getMessage());
      return null;
    }
  }

  void store(String key, SamplerState state, String conditioning, Billed billed) {
    byte[] sampler = state.checkpoint(conditioning);
    ByteBuffer b = ByteBuffer.allocate(HEADER + sampler.length);
    b.put(MAGIC)
        .putInt(FORMAT)
        .putLong(billed.deviceNanos())
        .putLong(billed.modelRuns())
        .putInt(billed.steps())
        .put(sampler);
    store.put(key, b.array(), "application/octet-stream");
  }
}
