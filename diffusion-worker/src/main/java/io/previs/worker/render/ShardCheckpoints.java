package io.previs.worker.render;

import io.previs.diffusion.sampling.SamplePlan;
import io.previs.diffusion.sampling.SamplerState;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
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

  /**
   * The furthest usable checkpoint of the shard, or null when there is none. Each attempt writes
   * its own ({@code checkpoints/<attempt>.pvck}), so a stale attempt never replaces a live one's;
   * every one of them is a bit-exact state of the same trajectory, so resuming from the furthest is
   * resuming the shard. A single {@code checkpoint.pvck} from before per-attempt checkpoints (a
   * rolling upgrade) counts too.
   */
  Resumed resume(SamplePlan plan, String shardPrefix, String conditioning) {
    Resumed best = null;
    for (String key : keys(shardPrefix)) {
      Resumed r = read(plan, key, conditioning);
      if (r != null && (best == null || r.state().nextStep() > best.state().nextStep())) {
        best = r;
      }
    }
    if (best != null) {
      log.info("Resuming from checkpoint at step {}", best.state().nextStep());
    }
    return best;
  }

  /** Every checkpoint object of the shard. */
  List<String> keys(String shardPrefix) {
    return store.list(shardPrefix).stream().filter(k -> k.endsWith(".pvck")).toList();
  }

  /** Removes every checkpoint of the shard: it is committed, none is needed again. */
  void clear(String shardPrefix) {
    for (String key : keys(shardPrefix)) {
      store.delete(key);
    }
  }

  private Resumed read(SamplePlan plan, String key, String conditioning) {
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
      return new Resumed(SamplerState.restore(plan, sampler, conditioning), billed);
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring unusable checkpoint {}: {}", key, e.getMessage());
      return null;
    } catch (io.previs.servicekit.storage.StorageException e) {
      if (!store.exists(key)) {
        return null; // removed since the listing: the attempt that committed cleared it
      }
      throw e;
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
