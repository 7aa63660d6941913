package io.previs.gateway.intake;

import io.previs.contracts.storage.ObjectKeys;
import io.previs.servicekit.storage.ObjectStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models a request may name: every bundle under {@code models/} in object storage, read from
 * its manifest.json. The gateway reads only the fields it validates against; the worker validates
 * the whole bundle when it loads it.
 */
@Component
class ModelCatalog implements Models {

  private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ObjectStore store;

  /** Least time between re-reads of the catalogue caused by requests for unknown models. */
  static final Duration MISS_REFRESH_GAP = Duration.ofSeconds(5);

  private final Map<String, ModelLimits> models = new ConcurrentHashMap<>();
  private volatile long lastRefresh = System.nanoTime() - MISS_REFRESH_GAP.toNanos() - 1;

  public ModelCatalog(ObjectStore store) {
    this.store = store;
  }

  @Override
  public Optional<ModelLimits> find(String id) {
    ModelLimits m = models.get(id);
    if (m == null && System.nanoTime() - lastRefresh > MISS_REFRESH_GAP.toNanos()) {
      // A model uploaded a moment ago should not be refused; but not a listing of the bucket per
      // request naming a model that does not exist, which anyone could send by the thousand.
      refresh();
      m = models.get(id);
    }
    return Optional.ofNullable(m);
  }

  @Override
  public List<String> ids() {
    return new ArrayList<>(models.keySet());
  }

  @Scheduled(fixedDelayString = "${previs.gateway.model-refresh:1m}")
  public synchronized void refresh() {
    lastRefresh = System.nanoTime();
    try {
      for (String key : store.list("models/")) {
        if (!key.endsWith("/manifest.json")) {
          continue;
        }
        String id = key.substring("models/".length(), key.length() - "/manifest.json".length());
        if (!key.equals(ObjectKeys.modelPrefix(id) + "manifest.json")) {
          continue; // nested paths are not bundles
        }
        try {
          models.put(id, parse(id, JSON.readTree(store.get(key))));
        } catch (RuntimeException e) {
          log.warn("Ignoring model {}: unreadable manifest: {}", id, e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      log.warn("Cannot refresh the model catalogue: {}", e.getMessage());
    }
  }

  static ModelLimits parse(String id, JsonNode m) {
    JsonNode video = m.path("video");
    List<String> sizes = new ArrayList<>();
    video.path("sizes").forEach(n -> sizes.add(n.asString()));
    return new ModelLimits(
        id,
        List.copyOf(sizes),
        video.path("minFrames").asInt(1),
        video.path("maxFrames").asInt(1),
        Math.max(1, m.path("vae").path("temporalStride").asInt(1)),
        video.path("fps").asInt(ModelLimits.MANIFEST_DEFAULT_FPS),
        m.path("scheduler").path("steps").asInt(ModelLimits.MANIFEST_DEFAULT_STEPS),
        video.path("defaultNegativePrompt").asString(""));
  }
}
