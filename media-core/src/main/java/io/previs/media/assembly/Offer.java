package io.previs.media.assembly;

/** What {@link AssemblyTracker#offer} made of one notice. */
public sealed interface Offer {

  AssemblyKey key();

  /** Recorded; the (job, variant) still misses shots. */
  record Pending(AssemblyKey key, int received, int expected) implements Offer {}

  /** This notice completed the (job, variant): assemble it now. Reported once per key. */
  record Complete(CompletedAssembly assembly) implements Offer {
    @Override
    public AssemblyKey key() {
      return assembly.key();
    }
  }

  /** Nothing changed. */
  record Ignored(AssemblyKey key, Reason reason, String detail) implements Offer {}

  enum Reason {
    /** The same shard of the same shot again (a redelivery). */
    DUPLICATE,
    /**
     * A different shard for a shot that already has one (a retried render): the first one recorded
     * is kept, so a replay of the same events always assembles the same shards.
     */
    CONFLICTING_SHARD,
    /** The (job, variant) was already reported complete. */
    ALREADY_ASSEMBLED
  }
}
