package io.previs.media.assembly;

import java.util.List;

/** A (job, variant) with every shot rendered: its shards, in shot order, one per shot. */
public record CompletedAssembly(AssemblyKey key, List<ShardRendered> shards) {

  public CompletedAssembly {
    shards = List.copyOf(shards);
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).shotIndex() != i) {
        throw new IllegalArgumentException("shards must be in shot order: " + shards);
      }
    }
  }
}
