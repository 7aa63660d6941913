package io.previs.worker.shards;

import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardTask;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.servicekit.storage.ObjectStore;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * How often a shard was handed back by workers shutting down, kept next to its checkpoint. A
 * release raises the broker's delivery count like a crash does; counting the graceful ones keeps a
 * rolling deploy of the GPU pool from spending a shard's attempts.
 */
@Component
class GracefulReleases {

  private final ObjectStore store;

  GracefulReleases(ObjectStore store) {
    this.store = store;
  }

  int count(ShardTask task, int delivery) {
    if (delivery <= 1) {
      return 0; // nobody had the shard before
    }
    String key = key(task);
    if (!store.exists(key)) {
      return 0;
    }
    return PrevisJson.mapper().readTree(store.get(key)).path("graceful").asInt(0);
  }

  /** Called while this worker still holds the shard's lock, so no other writer races it. */
  void record(ShardTask task, int delivery) {
    int graceful = count(task, delivery) + 1;
    store.put(
        key(task),
        PrevisJson.mapper().writeValueAsBytes(Map.of("graceful", graceful)),
        "application/json");
  }

  private static String key(ShardTask task) {
    return ObjectKeys.releases(task.studio(), task.jobId(), task.shardId());
  }
}
